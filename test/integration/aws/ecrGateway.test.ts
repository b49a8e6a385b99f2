import * as assert from 'node:assert/strict';
import { ECRClient, ListTagsForResourceCommand } from '@aws-sdk/client-ecr';
import { createEcrGateway, decodeAuthorizationToken, ECR_LIMITS } from '../../../src/aws/ecrGateway';
import { ManualClock } from '../../fakeAws/clock';
import { DEFAULT_FINDING_COUNTS, FakeEcr, UNSUPPORTED_IMAGE_FAILURE } from '../../fakeAws/ecr/fakeEcr';
import { ecrModule } from '../../fakeAws/ecr/module';
import { FakeAws } from '../../fakeAws/server';
import { fakeSdkConfig } from '../fakeSdkConfig';

describe('EcrGateway against the fake ECR endpoint (real SDK client)', function () {
  let fake: FakeAws;
  let ecr: FakeEcr;
  let client: ECRClient;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock();
    fake = await FakeAws.start({ clock });
    ecr = new FakeEcr({
      clock,
      registry: '127.0.0.1:5999',
      password: 'registry-password-for-the-test',
      scheme: 'http',
    });
    fake.addService(ecrModule(ecr));
    client = new ECRClient(fakeSdkConfig(fake, 'AKIDECR'));
  });
  afterEach(async () => {
    client.destroy();
    await fake.close();
  });

  it('decodes the token, strips the scheme for the registry, hands the secret to the redactor and caches until 5 minutes before expiry', async () => {
    const secrets: string[] = [];
    const gateway = createEcrGateway(client, { onSecret: (s) => secrets.push(s), now: () => clock.now() });
    const auth = await gateway.getAuthorization();
    assert.equal(auth.username, 'AWS');
    assert.equal(auth.password, 'registry-password-for-the-test');
    assert.equal(auth.registry, '127.0.0.1:5999');
    assert.equal(auth.proxyEndpoint, 'http://127.0.0.1:5999');
    assert.equal(auth.expiresAt.getTime(), clock.now() + 12 * 3600 * 1000);
    assert.ok(secrets.includes('registry-password-for-the-test'));
    await gateway.getAuthorization();
    clock.advance(12 * 3600 * 1000 - ECR_LIMITS.tokenRefreshMarginMs - 1000);
    await gateway.getAuthorization();
    assert.equal(ecr.tokensIssued, 1, 'served from the cache');
    clock.advance(2000);
    await gateway.getAuthorization();
    assert.equal(ecr.tokensIssued, 2, 'refreshed within the margin');
  });

  it('splits a token at the first colon only', () => {
    const token = Buffer.from('AWS:pa:ss:word').toString('base64');
    assert.deepEqual(decodeAuthorizationToken(token), { username: 'AWS', password: 'pa:ss:word' });
  });

  it('lists every repository over pages of 1000', async () => {
    for (let i = 0; i < 1203; i++) ecr.createRepository(`svc/repo-${String(i).padStart(4, '0')}`);
    const gateway = createEcrGateway(client);
    const repos = await gateway.listRepositories();
    assert.equal(repos.length, 1203);
    assert.equal(new Set(repos.map((r) => r.name)).size, 1203);
    assert.equal(fake.stats.calls('DescribeRepositories'), 2);
    assert.equal(repos[0]?.uri, '127.0.0.1:5999/svc/repo-0000');
  });

  it('getRepository answers undefined for RepositoryNotFoundException, and other errors are thrown', async () => {
    const gateway = createEcrGateway(client);
    assert.equal(await gateway.getRepository('missing'), undefined);
    ecr.createRepository('present');
    assert.equal(
      (await gateway.getRepository('present'))?.arn,
      'arn:aws:ecr:us-east-1:123456789012:repository/present',
    );
    fake.faults.inject('DescribeRepositories', 'accessDenied');
    await assert.rejects(
      gateway.getRepository('present'),
      /not authorized to perform: ecr:DescribeRepositories/,
    );
  });

  it('creates a repository with scan-on-push, immutable tags, KMS encryption and tags; validates the name first', async () => {
    const gateway = createEcrGateway(client);
    const repo = await gateway.createRepository('team/api', {
      scanOnPush: true,
      tagMutability: 'IMMUTABLE',
      encryption: { type: 'KMS' },
      tags: { team: 'platform' },
    });
    assert.equal(repo.scanOnPush, true);
    assert.equal(repo.tagMutability, 'IMMUTABLE');
    assert.equal(repo.encryptionType, 'KMS');
    assert.deepEqual(ecr.repositories.get('team/api')?.tags, [{ Key: 'team', Value: 'platform' }]);
    const calls = fake.stats.calls('CreateRepository');
    await assert.rejects(gateway.createRepository('Team/API'), /lowercase letters.*: Team\/API/);
    assert.equal(fake.stats.calls('CreateRepository'), calls, 'an invalid name never reaches ECR');
    await assert.rejects(gateway.createRepository('team/api'), { name: 'RepositoryAlreadyExistsException' });
  });

  it('lists images newest first with tags, digest, size and scan status; reads scan findings', async () => {
    ecr.createRepository('web', { scanOnPush: true });
    ecr.putImage('web', { tag: 'v1', sizeBytes: 1000 });
    clock.advance(60_000);
    const v2 = ecr.putImage('web', { tag: 'v2', sizeBytes: 2000 });
    ecr.putImage('web', { tag: 'latest', digest: v2.digest });
    const gateway = createEcrGateway(client);
    const images = await gateway.listImages('web');
    assert.deepEqual(
      images.map((i) => i.tags),
      [['v2', 'latest'], ['v1']],
    );
    assert.equal(images[0]?.digest, v2.digest);
    assert.equal(images[0]?.sizeBytes, 2000);
    assert.equal(images[0]?.scanStatus, 'COMPLETE');
    assert.equal(images[0]?.pushedAt?.getTime(), clock.now());
    const findings = await gateway.scanFindings('web', { tag: 'v2' });
    assert.equal(findings.status, 'COMPLETE');
    assert.deepEqual(findings.counts, DEFAULT_FINDING_COUNTS);
    await assert.rejects(gateway.listImages('nope'), { name: 'RepositoryNotFoundException' });
  });

  it('pages DescribeImages', async () => {
    ecr.createRepository('many');
    for (let i = 0; i < 1500; i++) ecr.putImage('many', { tag: `t${i}` });
    const images = await createEcrGateway(client).listImages('many');
    assert.equal(images.length, 1500);
    assert.equal(fake.stats.calls('DescribeImages'), 2);
  });

  it('an immutable repository refuses to move a tag', () => {
    ecr.createRepository('frozen', { tagMutability: 'IMMUTABLE' });
    ecr.putImage('frozen', { tag: 'v1' });
    assert.throws(() => ecr.putImage('frozen', { tag: 'v1', digest: `sha256:${'0'.repeat(64)}` }), {
      name: 'ImageTagAlreadyExistsException',
    });
  });

  it('a repository created with KMS (alias), immutable tags, scan on push and tags has them when described again', async () => {
    const gateway = createEcrGateway(client);
    await gateway.createRepository('secure/api', {
      scanOnPush: true,
      tagMutability: 'IMMUTABLE',
      encryption: { type: 'KMS', kmsKey: 'alias/ecr-images' },
      tags: { team: 'platform', 'cost-center': '42' },
    });
    const described = await gateway.getRepository('secure/api');
    assert.equal(described?.scanOnPush, true);
    assert.equal(described?.tagMutability, 'IMMUTABLE');
    assert.equal(described?.encryptionType, 'KMS');
    assert.equal(described?.kmsKey, 'alias/ecr-images');
    const tags = await client.send(new ListTagsForResourceCommand({ resourceArn: described?.arn }));
    assert.deepEqual(tags.tags, [
      { Key: 'team', Value: 'platform' },
      { Key: 'cost-center', Value: '42' },
    ]);
    const plain = await gateway.createRepository('plain/api', {});
    assert.equal(plain.encryptionType, 'AES256');
    assert.equal(plain.tagMutability, 'MUTABLE');
    assert.equal(plain.scanOnPush, false);
  });

  it('a scan on push is IN_PROGRESS for the configured delay, then COMPLETE with counts; or FAILED with the reason', async () => {
    ecr.createRepository('scanned', { scanOnPush: true });
    ecr.scanDelayMs = 30_000;
    ecr.putImage('scanned', { tag: 'v1' });
    const gateway = createEcrGateway(client);
    const running = await gateway.scanFindings('scanned', { tag: 'v1' });
    assert.equal(running.status, 'IN_PROGRESS');
    assert.deepEqual(running.counts, {});
    assert.equal((await gateway.listImages('scanned'))[0]?.scanStatus, 'IN_PROGRESS');
    clock.advance(30_000);
    const done = await gateway.scanFindings('scanned', { tag: 'v1' });
    assert.equal(done.status, 'COMPLETE');
    assert.deepEqual(done.counts, DEFAULT_FINDING_COUNTS);
    assert.equal(done.completedAt?.getTime(), clock.now());
    ecr.scanOutcome = UNSUPPORTED_IMAGE_FAILURE;
    ecr.scanDelayMs = 0;
    ecr.putImage('scanned', { tag: 'v2' });
    const failed = await gateway.scanFindings('scanned', { tag: 'v2' });
    assert.equal(failed.status, 'FAILED');
    assert.match(failed.description ?? '', /^UnsupportedImageError: /);
    ecr.createRepository('unscanned');
    ecr.putImage('unscanned', { tag: 'v1' });
    await assert.rejects(gateway.scanFindings('unscanned', { tag: 'v1' }), { name: 'ScanNotFoundException' });
  });
});
