/**
 * The awslogs log-group path with REAL SDK clients against the fake AWS endpoint: the logs gateway
 * creates groups and sets retention; the IAM gateway simulates the execution role's policies and adds
 * the inline policy; "Register" (registerWithLogGroups) creates before it registers; and the fake ECS,
 * with `enforceAwslogs`, stops a task whose group is missing the way Fargate does.
 */
import * as assert from 'node:assert/strict';
import { CloudWatchLogsClient, PutRetentionPolicyCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeTasksCommand,
  ECSClient,
  RunTaskCommand,
  type RegisterTaskDefinitionRequest,
} from '@aws-sdk/client-ecs';
import { GetRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { AwsError } from '../../../src/aws/awsErrors';
import {
  createIamGateway,
  createLogGroupPolicy,
  CREATE_LOG_GROUP_POLICY_NAME,
  EXECUTION_ROLE_POLICY_ARN,
  logGroupArn,
} from '../../../src/aws/iamGateway';
import { createLogsGateway } from '../../../src/aws/logsGateway';
import { createTaskDefinitionGateway } from '../../../src/aws/taskDefinitionGateway';
import { ensureLogGroups } from '../../../src/workflows/logGroups';
import { registerWithLogGroups } from '../../../src/workflows/registerWithLogGroups';
import type { JsonObject } from '../../../src/taskdef/normalize';
import { scaffoldTaskDefinition } from '../../../src/taskdef/scaffold';
import { ManualClock } from '../../fakeAws/clock';
import { FakeAws } from '../../fakeAws/server';
import { fakeSdkConfig } from '../fakeSdkConfig';

const ROLE = 'ecsTaskExecutionRole';

describe('awslogs log groups against the fake AWS endpoint (real SDK clients)', function () {
  let fake: FakeAws;
  let clock: ManualClock;
  let logsClient: CloudWatchLogsClient;
  let iamClient: IAMClient;
  let ecsClient: ECSClient;

  beforeEach(async () => {
    clock = new ManualClock();
    fake = await FakeAws.start({ clock });
    logsClient = new CloudWatchLogsClient(fakeSdkConfig(fake, 'AKIDLOGGROUPS'));
    iamClient = new IAMClient(fakeSdkConfig(fake, 'AKIDLOGGROUPS'));
    ecsClient = new ECSClient(fakeSdkConfig(fake, 'AKIDLOGGROUPS'));
  });
  afterEach(async () => {
    logsClient.destroy();
    iamClient.destroy();
    ecsClient.destroy();
    await fake.close();
  });

  const logs = () => createLogsGateway(logsClient, { region: fake.region });
  const roleArn = () => `arn:aws:iam::${fake.accountId}:role/${ROLE}`;
  /** What "New Task Definition" writes, with the role "Create Task Execution Role" makes. */
  const scaffold = (family = 'web'): JsonObject & RegisterTaskDefinitionRequest =>
    scaffoldTaskDefinition({
      family,
      containerName: 'app',
      image: 'app:1',
      ports: [],
      cpu: 256,
      memory: 512,
      architecture: 'X86_64',
      region: fake.region,
      executionRoleArn: roleArn(),
    }) as unknown as JsonObject & RegisterTaskDefinitionRequest;

  describe('ensureLogGroups', () => {
    it('creates the missing group with the chosen retention', async () => {
      const outcomes = await ensureLogGroups(scaffold(), logs(), 30);
      assert.deepEqual(outcomes, [{ group: '/ecs/web', kind: 'created', retentionDays: 30 }]);
      assert.equal(fake.logs.groups.get('/ecs/web')?.retentionInDays, 30);
      assert.equal(fake.stats.calls('CreateLogGroup'), 1);
      assert.equal(fake.stats.calls('PutRetentionPolicy'), 1);
    });

    it('leaves an existing group untouched (no CreateLogGroup, no retention change)', async () => {
      fake.logs.createGroup('/ecs/web', { retentionInDays: 3 });
      const outcomes = await ensureLogGroups(scaffold(), logs(), 365);
      assert.deepEqual(outcomes, [{ group: '/ecs/web', kind: 'exists' }]);
      assert.equal(fake.logs.groups.get('/ecs/web')?.retentionInDays, 3);
      assert.equal(fake.stats.calls('CreateLogGroup'), 0);
      assert.equal(fake.stats.calls('PutRetentionPolicy'), 0);
    });

    it('a denied CreateLogGroup is a clear error naming the permission and the other way', async () => {
      fake.faults.denyOperation('logs:CreateLogGroup');
      const error = await ensureLogGroups(scaffold(), logs(), 30).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(AwsError.is(error), String(error));
      assert.match(error.message, /may not call logs:CreateLogGroup/);
      assert.match(error.message, /awslogs-create-group/);
      assert.match(error.message, /\/ecs\/web$/);
      assert.equal(fake.logs.groups.has('/ecs/web'), false);
    });

    it('the fake refuses a retention CloudWatch does not offer, as the API does', async () => {
      fake.logs.createGroup('/g');
      await assert.rejects(
        logsClient.send(new PutRetentionPolicyCommand({ logGroupName: '/g', retentionInDays: 31 })),
        { name: 'InvalidParameterException' },
      );
      await assert.rejects(
        logsClient.send(new PutRetentionPolicyCommand({ logGroupName: '/missing', retentionInDays: 30 })),
        { name: 'ResourceNotFoundException' },
      );
    });
  });

  it('Register (registerWithLogGroups) creates the group, then registers; the first task starts', async () => {
    fake.enforceAwslogs = true;
    fake.ecs.lifecycleStepMs = 1000;
    fake.iam.createRole(ROLE, { policies: [EXECUTION_ROLE_POLICY_ARN] });
    fake.ecs.createCluster('default');
    const { registered, logGroups } = await registerWithLogGroups(scaffold(), {
      taskDefinitions: createTaskDefinitionGateway(ecsClient),
      logs: logs(),
      retentionDays: 14,
    });
    assert.equal(registered.revision, 1);
    assert.deepEqual(logGroups, [{ group: '/ecs/web', kind: 'created', retentionDays: 14 }]);
    const task = await runOne('web');
    clock.advance(10_000);
    const described = await ecsClient.send(new DescribeTasksCommand({ tasks: [task] }));
    assert.equal(described.tasks?.[0]?.lastStatus, 'RUNNING', described.tasks?.[0]?.stoppedReason);
  });

  async function runOne(taskDefinition: string): Promise<string> {
    const out = await ecsClient.send(
      new RunTaskCommand({
        taskDefinition,
        launchType: 'FARGATE',
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-aaa'], assignPublicIp: 'ENABLED' } },
      }),
    );
    const arn = out.tasks?.[0]?.taskArn;
    assert.ok(arn, JSON.stringify(out.failures));
    return arn;
  }

  async function stoppedReason(taskArn: string): Promise<string | undefined> {
    clock.advance(10_000);
    const out = await ecsClient.send(new DescribeTasksCommand({ tasks: [taskArn] }));
    assert.equal(out.tasks?.[0]?.lastStatus, 'STOPPED');
    return out.tasks?.[0]?.stoppedReason;
  }

  describe('the fake ECS with enforceAwslogs (what the old scaffold met on real AWS)', () => {
    beforeEach(() => {
      fake.enforceAwslogs = true;
      fake.ecs.lifecycleStepMs = 1000;
      fake.ecs.createCluster('default');
      fake.iam.createRole(ROLE, { policies: [EXECUTION_ROLE_POLICY_ARN] });
    });

    it('a missing group without awslogs-create-group stops the task: the log group does not exist', async () => {
      fake.ecs.registerTaskDefinition(scaffold());
      const reason = await stoppedReason(await runOne('web'));
      assert.match(reason ?? '', /^ResourceInitializationError: .*The specified log group does not exist/);
    });

    it('awslogs-create-group with AmazonECSTaskExecutionRolePolicy only: AccessDenied on logs:CreateLogGroup', async () => {
      const td = scaffold() as { containerDefinitions: Array<{ logConfiguration: { options: object } }> };
      Object.assign(td.containerDefinitions[0]!.logConfiguration.options, { 'awslogs-create-group': 'true' });
      fake.ecs.registerTaskDefinition(td as RegisterTaskDefinitionRequest);
      const reason = await stoppedReason(await runOne('web'));
      assert.match(
        reason ?? '',
        /^ResourceInitializationError: .*AccessDeniedException: .*assumed-role\/ecsTaskExecutionRole\/.* is not authorized to perform: logs:CreateLogGroup/,
      );
      assert.equal(fake.logs.groups.has('/ecs/web'), false);
    });

    it('with the inline policy the extension offers, ECS creates the group and the task runs', async () => {
      const iam = createIamGateway(iamClient);
      const arn = logGroupArn('aws', fake.region, fake.accountId, '/ecs/web');
      await iam.putRolePolicy(ROLE, CREATE_LOG_GROUP_POLICY_NAME, createLogGroupPolicy([arn]));
      const td = scaffold() as { containerDefinitions: Array<{ logConfiguration: { options: object } }> };
      Object.assign(td.containerDefinitions[0]!.logConfiguration.options, { 'awslogs-create-group': 'true' });
      fake.ecs.registerTaskDefinition(td as RegisterTaskDefinitionRequest);
      const task = await runOne('web');
      clock.advance(10_000);
      const out = await ecsClient.send(new DescribeTasksCommand({ tasks: [task] }));
      assert.equal(out.tasks?.[0]?.lastStatus, 'RUNNING', out.tasks?.[0]?.stoppedReason);
      assert.equal(fake.logs.groups.has('/ecs/web'), true);
    });
  });

  describe('IAM: SimulatePrincipalPolicy and the inline policy', () => {
    it('AmazonECSTaskExecutionRolePolicy allows CreateLogStream but not CreateLogGroup; the inline policy does', async () => {
      fake.iam.createRole(ROLE, { policies: [EXECUTION_ROLE_POLICY_ARN] });
      const iam = createIamGateway(iamClient);
      const arn = logGroupArn('aws', fake.region, fake.accountId, '/ecs/web');
      assert.equal(
        await iam.simulatePrincipalPolicy(roleArn(), 'logs:CreateLogGroup', [arn]),
        'implicitDeny',
      );
      assert.equal(await iam.simulatePrincipalPolicy(roleArn(), 'logs:CreateLogStream', [arn]), 'allowed');

      await iam.putRolePolicy(ROLE, CREATE_LOG_GROUP_POLICY_NAME, createLogGroupPolicy([arn]));
      assert.equal(await iam.simulatePrincipalPolicy(roleArn(), 'logs:CreateLogGroup', [arn]), 'allowed');
      const other = logGroupArn('aws', fake.region, fake.accountId, '/ecs/other');
      assert.equal(
        await iam.simulatePrincipalPolicy(roleArn(), 'logs:CreateLogGroup', [other]),
        'implicitDeny',
        'only the named groups',
      );
      const stored = await iamClient.send(
        new GetRolePolicyCommand({ RoleName: ROLE, PolicyName: CREATE_LOG_GROUP_POLICY_NAME }),
      );
      assert.deepEqual(
        JSON.parse(decodeURIComponent(stored.PolicyDocument ?? '')),
        createLogGroupPolicy([arn]),
      );
    });

    it('an explicit Deny wins over the Allow; a denied caller gets AccessDenied; an unknown role NoSuchEntity', async () => {
      fake.iam.createRole(ROLE, { policies: ['arn:aws:iam::aws:policy/CloudWatchLogsFullAccess'] });
      fake.iam.putRolePolicy(ROLE, 'no-groups', {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', Action: 'logs:CreateLog*', Resource: '*' }],
      });
      const iam = createIamGateway(iamClient);
      assert.equal(
        await iam.simulatePrincipalPolicy(roleArn(), 'logs:CreateLogGroup', ['*']),
        'explicitDeny',
      );
      assert.equal(await iam.simulatePrincipalPolicy(roleArn(), 'logs:PutLogEvents', ['*']), 'allowed');
      await assert.rejects(
        iam.simulatePrincipalPolicy(`arn:aws:iam::${fake.accountId}:role/nope`, 'logs:CreateLogGroup', ['*']),
        { name: 'NoSuchEntityException' },
      );
      fake.faults.denyOperation('iam:SimulatePrincipalPolicy');
      await assert.rejects(iam.simulatePrincipalPolicy(roleArn(), 'logs:CreateLogGroup', ['*']), {
        name: 'AccessDenied',
      });
    });
  });
});
