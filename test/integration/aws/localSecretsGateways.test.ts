/**
 * The gateways a local run uses, with the REAL SDK clients against the fake AWS endpoint:
 * STS AssumeRole (trust policies, AccessDenied), Secrets Manager GetSecretValue (ARN forms,
 * version stages and ids) and Parameter Store GetParameters (10 names a call, decryption, unknown
 * names), then the whole resolver over them.
 */
import * as assert from 'node:assert/strict';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { STSClient } from '@aws-sdk/client-sts';
import { createParameterStoreGateway } from '../../../src/aws/parameterStoreGateway';
import { createSecretsManagerGateway } from '../../../src/aws/secretsManagerGateway';
import { createStsGateway } from '../../../src/aws/stsGateway';
import { resolveSecrets } from '../../../src/workflows/local/secrets/resolveSecrets';
import { taskSecrets } from '../../../src/workflows/local/secrets/secretReference';
import { FakeAws } from '../../fakeAws/server';
import { fakeSdkConfig } from '../fakeSdkConfig';

describe('local run gateways against the fake AWS (real SDK clients)', function () {
  let fake: FakeAws;
  let sts: STSClient;
  let sm: SecretsManagerClient;
  let ssm: SSMClient;

  beforeEach(async () => {
    fake = await FakeAws.start();
    sts = new STSClient(fakeSdkConfig(fake, 'AKIDLOCAL'));
    sm = new SecretsManagerClient(fakeSdkConfig(fake, 'AKIDLOCAL'));
    ssm = new SSMClient(fakeSdkConfig(fake, 'AKIDLOCAL'));
  });
  afterEach(async () => {
    sts.destroy();
    sm.destroy();
    ssm.destroy();
    await fake.close();
  });

  it('AssumeRole: temporary credentials for a role that trusts the account; AccessDenied otherwise', async () => {
    fake.iam.createRole('trusting', {
      trustPolicy: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: fake.accountId }, Action: 'sts:AssumeRole' }],
      },
    });
    fake.iam.createRole('ecs-only');
    const gateway = createStsGateway(sts);
    const assumed = await gateway.assumeRole({
      roleArn: `arn:aws:iam::${fake.accountId}:role/trusting`,
      sessionName: 'ecs-local-t1',
      durationSeconds: 3600,
    });
    assert.match(assumed.accessKeyId, /^ASIA/);
    assert.ok(assumed.sessionToken.length > 100);
    assert.ok(assumed.expiration.getTime() - Date.now() > 3500_000);
    assert.equal(assumed.assumedRoleArn, `arn:aws:sts::${fake.accountId}:assumed-role/trusting/ecs-local-t1`);
    await assert.rejects(
      gateway.assumeRole({
        roleArn: `arn:aws:iam::${fake.accountId}:role/ecs-only`,
        sessionName: 'ecs-local-t1',
      }),
      (e: unknown) =>
        (e as Error).name === 'AccessDenied' &&
        /user\/test is not authorized to perform: sts:AssumeRole on resource: .*role\/ecs-only/.test(
          (e as Error).message,
        ),
    );
    await assert.rejects(
      gateway.assumeRole({
        roleArn: `arn:aws:iam::${fake.accountId}:role/nobody`,
        sessionName: 'ecs-local-t1',
      }),
      (e: unknown) => (e as Error).name === 'AccessDenied',
      'STS does not tell a missing role from a refused one',
    );
    await assert.rejects(
      gateway.assumeRole({
        roleArn: `arn:aws:iam::${fake.accountId}:role/trusting`,
        sessionName: 'bad name',
      }),
      (e: unknown) => (e as Error).name === 'ValidationError',
    );
  });

  it('GetSecretValue: by full and partial ARN, by stage and by version id; missing secrets say so', async () => {
    const record = fake.secretsManager.putSecret('db', '{"password":"first-password"}');
    fake.secretsManager.putSecret('db', '{"password":"second-password"}');
    const gateway = createSecretsManagerGateway(sm);
    assert.equal(
      (await gateway.getSecretValue({ secretId: record.arn })).secretString,
      '{"password":"second-password"}',
    );
    const partial = record.arn.slice(0, -7);
    assert.equal(
      (await gateway.getSecretValue({ secretId: partial, versionStage: 'AWSPREVIOUS' })).secretString,
      '{"password":"first-password"}',
    );
    const firstId = record.versions[0]?.versionId ?? '';
    assert.equal(
      (await gateway.getSecretValue({ secretId: partial, versionId: firstId })).secretString,
      '{"password":"first-password"}',
    );
    await assert.rejects(
      gateway.getSecretValue({ secretId: `${partial.replace(':db', ':nope')}` }),
      (e: unknown) => (e as Error).name === 'ResourceNotFoundException',
    );
    const binary = fake.secretsManager.putSecret('cert', new Uint8Array([1, 2, 3]));
    assert.deepEqual(await gateway.getSecretValue({ secretId: binary.arn }), {
      arn: binary.arn,
      isBinary: true,
    });
  });

  it('GetParameters: 23 names in 3 calls of at most 10, SecureStrings decrypted, unknown names listed', async () => {
    const names: string[] = [];
    for (let i = 0; i < 22; i++) {
      fake.ssm.parameters.putParameter(`/app/p${i}`, `value-${i}`, i % 2 ? 'SecureString' : 'String');
      names.push(`/app/p${i}`);
    }
    names.push('/app/missing');
    const out = await createParameterStoreGateway(ssm).getParameters(names);
    assert.deepEqual(
      fake.ssm.parameters.getParametersCalls.map((c) => c.length),
      [10, 10, 3],
    );
    assert.equal(out.values.get('/app/p1'), 'value-1', 'decrypted');
    assert.equal(out.values.size, 22);
    assert.deepEqual(out.invalid, ['/app/missing']);
  });

  it('resolves a task definition secrets from both services, by name, ARN and version selector', async () => {
    const secret = fake.secretsManager.putSecret('api', '{"key":"api-key-123456","user":"svc"}');
    fake.ssm.parameters.putParameter('/web/db-url', 'postgres://db/one');
    fake.ssm.parameters.putParameter('/web/db-url', 'postgres://db/two');
    fake.ssm.parameters.putParameter('token', 'token-abcdefgh', 'SecureString');
    const arn = fake.ssm.parameters.arnOf('token');
    const refs = taskSecrets({
      containerDefinitions: [
        {
          name: 'web',
          secrets: [
            { name: 'API_KEY', valueFrom: `${secret.arn}:key::` },
            { name: 'DB_URL', valueFrom: '/web/db-url' },
            { name: 'DB_URL_V1', valueFrom: '/web/db-url:1' },
            { name: 'TOKEN', valueFrom: arn },
          ],
        },
      ],
    });
    const registered: string[] = [];
    const resolved = await resolveSecrets(refs, {
      secretsManager: () => createSecretsManagerGateway(sm),
      parameterStore: () => createParameterStoreGateway(ssm),
      region: fake.region,
      onSecret: (v) => registered.push(v),
    });
    assert.deepEqual(resolved.get('web'), {
      API_KEY: 'api-key-123456',
      DB_URL: 'postgres://db/two',
      DB_URL_V1: 'postgres://db/one',
      TOKEN: 'token-abcdefgh',
    });
    assert.ok(registered.includes('token-abcdefgh'));
    assert.equal(fake.stats.calls('GetParameters'), 1);
    assert.equal(fake.stats.calls('GetSecretValue'), 1);
  });
});
