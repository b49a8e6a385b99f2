/**
 * Real SDK clients, built by our factory and connection manager, talking to a tiny local AWS:
 * endpoints from profiles and variables, credential_process, role chains (STS AssumeRole), MFA,
 * environment credentials, adaptive retry, and what gets recorded on errors.
 */
import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CreateClusterCommand, ListClustersCommand } from '@aws-sdk/client-ecs';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { describeAwsError, requestInfoOf } from '../../../src/aws/awsErrors';
import { createAwsClientFactory, resolveMaxAttempts } from '../../../src/aws/clientFactory';
import { ConnectionManager } from '../../../src/aws/connectionManager';
import { emptySharedConfig, loadSharedConfig, sharedConfigPaths } from '../../../src/aws/sharedConfig';
import {
  assumeRoleXml,
  awsJsonError,
  listClustersReply,
  type LocalAws,
  MemoryStore,
  recordingLogger,
  removeDir,
  startLocalAws,
  writeAwsFiles,
  type AwsFiles,
  type Reply,
  type RecordedRequest,
} from './support/localAws';

const CLUSTER = 'arn:aws:ecs:eu-west-3:123456789012:cluster/local';

describe('AWS clients (factory + connection manager) against a local endpoint', function () {
  this.timeout(20000);
  let aws: LocalAws;
  let reply: (request: RecordedRequest) => Reply;
  const cleanup: Array<() => Promise<void>> = [];

  before(async () => {
    aws = await startLocalAws((request) => reply(request));
  });
  after(async () => {
    await aws.close();
  });
  beforeEach(() => {
    aws.requests.length = 0;
    reply = () => listClustersReply(CLUSTER);
  });
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });

  async function connect(files: AwsFiles, extraEnv: Record<string, string> = {}, store = new MemoryStore()) {
    const manager = new ConnectionManager({
      store,
      env: { ...files.env, ...extraEnv },
      logger: recordingLogger(),
      clientOptions: { maxAttempts: 1 },
    });
    cleanup.push(async () => {
      manager.dispose();
      await removeDir(files.dir);
    });
    await manager.initialize();
    return manager;
  }

  it("sends ECS calls to the selected profile's endpoint_url, signed with its keys and region", async () => {
    const files = await writeAwsFiles(
      `[profile local]\nregion = eu-west-3\nendpoint_url = ${aws.url}\n`,
      '[local]\naws_access_key_id = AKIDLOCAL\naws_secret_access_key = secret-local\n',
    );
    const manager = await connect(files, { AWS_PROFILE: 'local' });
    const result = await manager.clients().ecs().send(new ListClustersCommand({}));
    assert.deepEqual(result.clusterArns, [CLUSTER]);
    const request = aws.requests[0];
    assert.equal(request?.action, 'ListClusters');
    assert.equal(request?.accessKeyId, 'AKIDLOCAL');
    assert.equal(request?.scope, 'eu-west-3/ecs');
  });

  it('uses a [services] section entry for one service and the profile endpoint_url for the others', async () => {
    const files = await writeAwsFiles(
      [
        '[default]',
        'region = eu-west-3',
        'services = split',
        'endpoint_url = http://127.0.0.1:1',
        '[services split]',
        'ecs =',
        `  endpoint_url = ${aws.url}`,
      ].join('\n'),
      '[default]\naws_access_key_id = AKIDSPLIT\naws_secret_access_key = secret-split\n',
    );
    const manager = await connect(files);
    await manager.clients().ecs().send(new ListClustersCommand({}));
    assert.equal(aws.requests.length, 1);
    assert.deepEqual(manager.clients().endpoint('STS'), {
      url: 'http://127.0.0.1:1',
      source: 'endpoint_url of profile default',
    });
  });

  it('uses the credentials a credential_process prints', async () => {
    const files = await writeAwsFiles(undefined, undefined);
    const script = path.join(files.dir, 'creds.js');
    await fs.writeFile(
      script,
      `process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: 'AKIDPROCESS', SecretAccessKey: 'secret-process', SessionToken: 'token-process' }));`,
    );
    await fs.writeFile(
      files.configFile,
      `[profile proc]\nregion = eu-west-3\nendpoint_url = ${aws.url}\ncredential_process = "${process.execPath}" "${script}"\n`,
    );
    const manager = await connect(files, { AWS_PROFILE: 'proc' });
    assert.equal(manager.current?.profileKind, 'process');
    await manager.clients().ecs().send(new ListClustersCommand({}));
    assert.equal(aws.requests[0]?.accessKeyId, 'AKIDPROCESS');
    assert.equal(aws.requests[0]?.headers['x-amz-security-token'], 'token-process');
  });

  it('assumes each role of a chain with the credentials of the previous hop', async () => {
    reply = (request) => {
      if (request.action !== 'AssumeRole') return listClustersReply(CLUSTER);
      const role = new URLSearchParams(request.body).get('RoleArn') ?? '';
      return role.endsWith('/first')
        ? assumeRoleXml('AKIDFIRST', 'secret-first', 'token-first')
        : assumeRoleXml('AKIDSECOND', 'secret-second', 'token-second');
    };
    const files = await writeAwsFiles(
      [
        '[profile base]',
        'region = eu-west-3',
        '[profile first]',
        'role_arn = arn:aws:iam::123456789012:role/first',
        'source_profile = base',
        '[profile second]',
        'role_arn = arn:aws:iam::123456789012:role/second',
        'source_profile = first',
        'region = eu-west-3',
        `endpoint_url = ${aws.url}`,
      ].join('\n'),
      '[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = secret-base\n',
    );
    const manager = await connect(files, { AWS_PROFILE: 'second' });
    assert.equal(manager.current?.profileKind, 'role');
    const result = await manager.clients().ecs().send(new ListClustersCommand({}));
    assert.deepEqual(result.clusterArns, [CLUSTER]);

    const [assumeFirst, assumeSecond, listClusters] = aws.requests;
    assert.equal(aws.requests.length, 3);
    assert.equal(assumeFirst?.action, 'AssumeRole');
    assert.match(assumeFirst?.body ?? '', /RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Ffirst/);
    assert.equal(assumeFirst?.accessKeyId, 'AKIDBASE');
    assert.equal(assumeFirst?.scope, 'eu-west-3/sts');
    assert.equal(assumeSecond?.action, 'AssumeRole');
    assert.equal(assumeSecond?.accessKeyId, 'AKIDFIRST');
    assert.equal(assumeSecond?.headers['x-amz-security-token'], 'token-first');
    assert.equal(listClusters?.accessKeyId, 'AKIDSECOND');
    assert.equal(listClusters?.headers['x-amz-security-token'], 'token-second');
  });

  it('asks the MFA hook for a code and sends it with AssumeRole, once for all clients', async () => {
    reply = (request) =>
      request.action === 'AssumeRole'
        ? assumeRoleXml('AKIDMFA', 'secret-mfa', 'token-mfa')
        : request.action === 'GetCallerIdentity'
          ? {
              contentType: 'text/xml',
              body: '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn><UserId>x</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
            }
          : listClustersReply(CLUSTER);
    const files = await writeAwsFiles(
      [
        '[profile mfa]',
        'role_arn = arn:aws:iam::123456789012:role/mfa',
        'source_profile = base',
        'mfa_serial = arn:aws:iam::123456789012:mfa/me',
        'region = eu-west-3',
        `endpoint_url = ${aws.url}`,
      ].join('\n'),
      '[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = secret-base\n',
    );
    const serials: string[] = [];
    const manager = new ConnectionManager({
      store: new MemoryStore(),
      env: { ...files.env, AWS_PROFILE: 'mfa' },
      logger: recordingLogger(),
      clientOptions: {
        maxAttempts: 1,
        mfaCodeProvider: (serial) => {
          serials.push(serial);
          return Promise.resolve('123456');
        },
      },
    });
    cleanup.push(async () => {
      manager.dispose();
      await removeDir(files.dir);
    });
    await manager.initialize();
    const clients = manager.clients();
    await Promise.all([
      clients.ecs().send(new ListClustersCommand({})),
      clients.sts().send(new GetCallerIdentityCommand({})),
    ]);
    assert.deepEqual(serials, ['arn:aws:iam::123456789012:mfa/me']);
    const assume = aws.requests.filter((r) => r.action === 'AssumeRole');
    assert.equal(assume.length, 1);
    const body = new URLSearchParams(assume[0]?.body);
    assert.equal(body.get('SerialNumber'), 'arn:aws:iam::123456789012:mfa/me');
    assert.equal(body.get('TokenCode'), '123456');
  });

  it('uses environment credentials and AWS_ENDPOINT_URL for the environment pseudo-profile', async () => {
    const files = await writeAwsFiles(undefined, undefined);
    const manager = await connect(files, {
      AWS_ACCESS_KEY_ID: 'AKIDENV',
      AWS_SECRET_ACCESS_KEY: 'secret-env',
      AWS_SESSION_TOKEN: 'token-env',
      AWS_REGION: 'ap-south-1',
      AWS_ENDPOINT_URL: aws.url,
    });
    assert.deepEqual(manager.current, {
      profile: 'environment',
      profileKind: 'environment',
      region: 'ap-south-1',
    });
    await manager.clients().ecs().send(new ListClustersCommand({}));
    assert.equal(aws.requests[0]?.accessKeyId, 'AKIDENV');
    assert.equal(aws.requests[0]?.scope, 'ap-south-1/ecs');
    assert.equal(aws.requests[0]?.headers['x-amz-security-token'], 'token-env');
  });

  describe('createAwsClientFactory', () => {
    const files = emptySharedConfig({ configFile: '/none', credentialsFile: '/none' });
    const make = (maxAttempts?: number) =>
      createAwsClientFactory({
        connection: { profile: 'environment', profileKind: 'environment', region: 'eu-west-3' },
        credentials: () => Promise.resolve({ accessKeyId: 'AKIDFACTORY', secretAccessKey: 'secret' }),
        env: { AWS_ENDPOINT_URL: aws.url },
        files,
        logger: recordingLogger(),
        ...(maxAttempts ? { maxAttempts } : {}),
        // Tiny backoff and a brisk rate limiter: attempts are checked here, not times.
        retry: { delayScale: 0.001, rateLimiter: { minFillRate: 1000 } },
      });

    it('retries a throttled write up to maxAttempts and a throttled read up to 8, then reports the attempt count', async () => {
      reply = () => awsJsonError('ThrottlingException', 'Rate exceeded');
      const factory = make(2);
      cleanup.push(() => Promise.resolve(factory.destroy()));
      const write = await factory
        .ecs()
        .send(new CreateClusterCommand({ clusterName: 'c' }))
        .then(
          () => assert.fail('expected throttling'),
          (e: unknown) => e,
        );
      assert.equal(aws.requests.length, 2);
      assert.match(describeAwsError(write).message, /after 2 attempts.*: ecs:CreateCluster$/);
      aws.requests.length = 0;
      const read = await factory
        .ecs()
        .send(new ListClustersCommand({}))
        .then(
          () => assert.fail('expected throttling'),
          (e: unknown) => e,
        );
      assert.equal(aws.requests.length, 8);
      const problem = describeAwsError(read, { step: 'Listing clusters' });
      assert.equal(problem.kind, 'throttled');
      assert.match(problem.message, /after 8 attempts.*: ecs:ListClusters$/);
    });

    it('records the operation and the configured endpoint on errors', async () => {
      reply = () => awsJsonError('ClusterNotFoundException', 'Cluster not found.');
      const factory = make(1);
      cleanup.push(() => Promise.resolve(factory.destroy()));
      const error = await factory
        .ecs()
        .send(new ListClustersCommand({}))
        .catch((e: unknown) => e);
      assert.deepEqual(requestInfoOf(error), {
        operation: 'ecs:ListClusters',
        endpoint: aws.url,
        endpointSource: 'AWS_ENDPOINT_URL',
      });
      assert.ok(
        !Object.keys(error as object).some((k) => k.includes('ecsFargate')),
        'request info is enumerable',
      );
    });

    it('creates each client once, and refuses to hand out clients after destroy()', () => {
      const factory = make();
      assert.equal(factory.ecs(), factory.ecs());
      assert.equal(factory.logs(), factory.logs());
      assert.notEqual(factory.ecr(), undefined);
      assert.equal(factory.region, 'eu-west-3');
      factory.destroy();
      assert.throws(() => factory.ecs(), /destroyed/);
    });

    it('rejects a configured endpoint that is not a URL, naming the setting', () => {
      const factory = createAwsClientFactory({
        connection: { profile: 'environment', profileKind: 'environment', region: 'eu-west-3' },
        credentials: () => Promise.resolve({ accessKeyId: 'a', secretAccessKey: 'b' }),
        env: { AWS_ENDPOINT_URL_ECS: 'localhost:4566' },
        files,
        logger: recordingLogger(),
      });
      cleanup.push(() => Promise.resolve(factory.destroy()));
      assert.throws(
        () => factory.ecs(),
        (e: unknown) =>
          describeAwsError(e).kind === 'endpoint' && /AWS_ENDPOINT_URL_ECS/.test(describeAwsError(e).message),
      );
    });
  });

  it('resolveMaxAttempts: option > AWS_MAX_ATTEMPTS > profile max_attempts > 3', async () => {
    const files = await writeAwsFiles('[profile p]\nmax_attempts = 7\n', undefined);
    try {
      const config = await loadSharedConfig(sharedConfigPaths(files.env), { logger: recordingLogger() });
      assert.equal(resolveMaxAttempts(2, { AWS_MAX_ATTEMPTS: '5' }, config, 'p'), 2);
      assert.equal(resolveMaxAttempts(undefined, { AWS_MAX_ATTEMPTS: '5' }, config, 'p'), 5);
      assert.equal(resolveMaxAttempts(undefined, { AWS_MAX_ATTEMPTS: 'many' }, config, 'p'), 7);
      assert.equal(resolveMaxAttempts(undefined, {}, config, undefined), 3);
    } finally {
      await removeDir(files.dir);
    }
  });
});
