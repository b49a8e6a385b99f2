import * as assert from 'node:assert/strict';
import { IAMClient } from '@aws-sdk/client-iam';
import { AwsError } from '../../../src/aws/awsErrors';
import {
  createIamGateway,
  EXECUTION_ROLE_NAME,
  EXECUTION_ROLE_POLICY_ARN,
  EXECUTION_ROLE_TRUST_POLICY,
  type IamGateway,
  RoleArnCache,
  trustsEcsTasks,
} from '../../../src/aws/iamGateway';
import { FakeAws } from '../../fakeAws/server';

describe('IamGateway against the fake IAM endpoint (real SDK client)', function () {
  let fake: FakeAws;
  let client: IAMClient;
  let iam: IamGateway;

  beforeEach(async () => {
    fake = await FakeAws.start();
    client = new IAMClient({
      region: 'eu-west-1',
      endpoint: fake.url,
      maxAttempts: 1,
      credentials: { accessKeyId: 'AKIDIAM', secretAccessKey: 'iam-secret' },
    });
    iam = createIamGateway(client);
  });
  afterEach(async () => {
    client.destroy();
    await fake.close();
  });

  it('getRole: a missing role is undefined (IAM answers NoSuchEntity, 404)', async () => {
    assert.equal(await iam.getRole(EXECUTION_ROLE_NAME), undefined);
    assert.equal(fake.stats.calls('GetRole'), 1);
  });

  it('createExecutionRole: the role exists afterwards, trusts ecs-tasks and has the managed policy', async () => {
    const created = await iam.createExecutionRole();
    assert.equal(created.arn, `arn:aws:iam::${fake.accountId}:role/${EXECUTION_ROLE_NAME}`);
    assert.deepEqual(created.trustPolicy, EXECUTION_ROLE_TRUST_POLICY);

    const found = await iam.getRole(EXECUTION_ROLE_NAME);
    assert.equal(found?.arn, created.arn);
    assert.deepEqual(found?.trustPolicy, EXECUTION_ROLE_TRUST_POLICY, 'the URL-encoded document is decoded');
    assert.ok(trustsEcsTasks(found?.trustPolicy));
    assert.ok(found?.createDate instanceof Date);
    assert.deepEqual(await iam.attachedPolicyArns(EXECUTION_ROLE_NAME), [EXECUTION_ROLE_POLICY_ARN]);

    const record = fake.iam.roles.get(EXECUTION_ROLE_NAME);
    assert.deepEqual(JSON.parse(record?.assumeRolePolicyDocument ?? ''), EXECUTION_ROLE_TRUST_POLICY);
    assert.deepEqual(record?.attachedPolicies, [EXECUTION_ROLE_POLICY_ARN]);
  });

  it('createExecutionRole twice: EntityAlreadyExists comes back as a clear error naming the role', async () => {
    await iam.createExecutionRole();
    const error = await iam.createExecutionRole().then(
      () => assert.fail('the second create must fail'),
      (e: unknown) => e,
    );
    assert.ok(AwsError.is(error));
    assert.equal(error.problem.kind, 'invalidInput');
    assert.match(error.problem.message, /already exists.*: ecsTaskExecutionRole$/);
    assert.match(error.problem.detail ?? '', /EntityAlreadyExists/);
    const cause = error.cause as { name?: string; $metadata?: { httpStatusCode?: number } };
    assert.equal(cause.name, 'EntityAlreadyExistsException');
    assert.equal(cause.$metadata?.httpStatusCode, 409);
    assert.equal(fake.stats.calls('AttachRolePolicy'), 1, 'nothing is attached to the existing role');
  });

  it('a role created but not attachable says so and keeps the role', async () => {
    fake.faults.inject('AttachRolePolicy', 'accessDenied');
    const error = await iam.createExecutionRole().then(
      () => assert.fail('must fail'),
      (e: unknown) => e,
    );
    assert.ok(AwsError.is(error));
    assert.equal(error.problem.kind, 'accessDenied');
    assert.match(error.problem.message, /created without the policy/);
    assert.match(error.problem.message, /iam:AttachRolePolicy|arn:aws:iam::/);
    assert.ok(fake.iam.roles.has(EXECUTION_ROLE_NAME));
    await iam.attachExecutionRolePolicy(EXECUTION_ROLE_NAME);
    assert.deepEqual(await iam.attachedPolicyArns(EXECUTION_ROLE_NAME), [EXECUTION_ROLE_POLICY_ARN]);
  });

  it('other errors are thrown as they come (access denied on GetRole is not "missing")', async () => {
    fake.faults.inject('GetRole', 'accessDenied');
    await assert.rejects(iam.getRole(EXECUTION_ROLE_NAME), (e: Error) => e.name === 'AccessDenied');
  });

  it('attaching to a missing role is NoSuchEntity; listing follows every page', async () => {
    await assert.rejects(
      iam.attachExecutionRolePolicy('nobody'),
      (e: Error) => e.name === 'NoSuchEntityException' && /nobody cannot be found/.test(e.message),
    );
    fake.iam.createRole('many', {
      policies: [
        EXECUTION_ROLE_POLICY_ARN,
        'arn:aws:iam::aws:policy/ReadOnlyAccess',
        'arn:aws:iam::aws:policy/CloudWatchLogsFullAccess',
      ],
    });
    assert.equal((await iam.attachedPolicyArns('many')).length, 3);
  });

  it('RoleArnCache: one GetRole per connection, failures are not remembered', async () => {
    const cache = new RoleArnCache();
    assert.equal(await cache.lookup(iam), undefined);
    assert.equal(await cache.lookup(iam), undefined);
    assert.equal(fake.stats.calls('GetRole'), 1);

    const created = await iam.createExecutionRole();
    cache.remember(iam, EXECUTION_ROLE_NAME, created.arn);
    assert.equal(await cache.lookup(iam), created.arn);
    assert.equal(fake.stats.calls('GetRole'), 1);

    const other = createIamGateway(client); // a new connection
    fake.faults.inject('GetRole', 'accessDenied');
    await assert.rejects(cache.lookup(other));
    assert.equal(await cache.lookup(other), created.arn, 'retried after the failure');
  });
});
