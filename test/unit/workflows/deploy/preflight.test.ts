import * as assert from 'node:assert/strict';
import type { Cluster } from '@aws-sdk/client-ecs';
import type { EcsGateway } from '../../../../src/aws/ecsGateway';
import type { Found, SecurityGroupInfo, SubnetInfo } from '../../../../src/aws/ec2Gateway';
import { EXECUTION_ROLE_TRUST_POLICY, type EvalDecision, type IamRole } from '../../../../src/aws/iamGateway';
import type { DeployTarget } from '../../../../src/workflows/deploy/deployTarget';
import {
  checkImagePlatform,
  formatChecks,
  roleNameOf,
  runPreflight,
  type PreflightDeps,
} from '../../../../src/workflows/deploy/preflight';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/service-roles/ecsTaskExecutionRole';

function taskDefinition(options: Record<string, string> = { 'awslogs-group': '/ecs/web' }) {
  return {
    family: 'web',
    executionRoleArn: ROLE_ARN,
    containerDefinitions: [{ name: 'app', image: 'x', logConfiguration: { logDriver: 'awslogs', options } }],
  };
}

const target: DeployTarget = {
  name: 'web',
  dockerfile: 'Dockerfile',
  taskDefinitionFile: 'td.json',
  container: 'app',
  repository: 'web',
  cluster: 'prod',
  service: 'web',
  network: { subnets: ['subnet-1', 'subnet-2'], securityGroups: ['sg-1'], assignPublicIp: true },
};

/** In-memory AWS for the checks: what exists is listed; everything else is missing. */
function world(
  over: {
    clusters?: Cluster[];
    roles?: IamRole[];
    groups?: string[];
    subnets?: SubnetInfo[];
    sgs?: SecurityGroupInfo[];
    deny?: string;
    /** What IAM's policy simulator answers for logs:CreateLogGroup ('callDenied': the call itself is). */
    decision?: EvalDecision | 'callDenied';
  } = {},
) {
  const asked: string[] = [];
  const clusters = over.clusters ?? [{ clusterName: 'prod', status: 'ACTIVE' }];
  const roles = over.roles ?? [
    { name: 'ecsTaskExecutionRole', arn: ROLE_ARN, trustPolicy: EXECUTION_ROLE_TRUST_POLICY },
  ];
  const groups = over.groups ?? ['/ecs/web'];
  const subnets = over.subnets ?? [
    {
      subnetId: 'subnet-1',
      vpcId: 'vpc-1',
      availabilityZone: 'a',
      mapPublicIpOnLaunch: true,
      defaultForAz: true,
    },
    {
      subnetId: 'subnet-2',
      vpcId: 'vpc-1',
      availabilityZone: 'b',
      mapPublicIpOnLaunch: true,
      defaultForAz: true,
    },
  ];
  const sgs = over.sgs ?? [{ groupId: 'sg-1', groupName: 'default', vpcId: 'vpc-1' }];
  const found = <T>(ids: readonly string[], all: T[], key: (t: T) => string): Found<T> => ({
    found: all.filter((x) => ids.includes(key(x))),
    missing: ids.filter((id) => !all.some((x) => key(x) === id)),
  });
  const deps: PreflightDeps = {
    ecs: {
      describeClusters: (names: readonly string[]) => {
        asked.push('DescribeClusters');
        return Promise.resolve({
          items: clusters.filter((c) => names.includes(c.clusterName ?? '')),
          failures: [],
        });
      },
    } as unknown as EcsGateway,
    iam: {
      getRole: (name) => {
        asked.push(`GetRole:${name}`);
        if (over.deny === 'iam')
          return Promise.reject(
            Object.assign(new Error('not authorized to perform: iam:GetRole'), { name: 'AccessDenied' }),
          );
        return Promise.resolve(roles.find((r) => r.name === name));
      },
      simulatePrincipalPolicy: (principal, action, resources) => {
        asked.push(`Simulate:${principal}:${action}:${resources.join(',')}`);
        const decision = over.decision ?? 'implicitDeny';
        if (decision === 'callDenied')
          return Promise.reject(
            Object.assign(new Error('not authorized to perform: iam:SimulatePrincipalPolicy'), {
              name: 'AccessDenied',
            }),
          );
        return Promise.resolve(decision);
      },
    },
    logs: {
      region: 'us-east-1',
      describeLogGroup: (name) =>
        Promise.resolve(groups.includes(name) ? { name, arn: `arn:${name}` } : undefined),
    },
    ec2: {
      describeSubnets: (ids) => Promise.resolve(found(ids, subnets, (s) => s.subnetId)),
      describeSecurityGroups: (ids) => Promise.resolve(found(ids, sgs, (g) => g.groupId)),
    },
  };
  return { deps, asked };
}

const signal = new AbortController().signal;

describe('deploy/preflight', () => {
  it('passes everything in a healthy account, asking for the role by name without its path', async () => {
    const { deps, asked } = world();
    const checks = await runPreflight({ target, taskDefinition: taskDefinition() }, deps, signal);
    assert.deepEqual(
      checks.map((c) => [c.name, c.status]),
      [
        ['Cluster', 'passed'],
        ['Execution role', 'passed'],
        ['Log group /ecs/web', 'passed'],
        ['Subnets', 'passed'],
        ['Security groups', 'passed'],
      ],
    );
    assert.ok(asked.includes('GetRole:ecsTaskExecutionRole'));
    assert.equal(roleNameOf(ROLE_ARN), 'ecsTaskExecutionRole');
  });

  it('reports each certain failure with its fix', async () => {
    const { deps } = world({
      clusters: [],
      roles: [
        {
          name: 'ecsTaskExecutionRole',
          arn: ROLE_ARN,
          trustPolicy: {
            Statement: [
              { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' },
            ],
          },
        },
      ],
      groups: [],
      subnets: [],
      sgs: [{ groupId: 'sg-1', groupName: 'x', vpcId: 'vpc-9' }],
    });
    const checks = await runPreflight({ target, taskDefinition: taskDefinition() }, deps, signal);
    const failed = Object.fromEntries(checks.filter((c) => c.status === 'failed').map((c) => [c.name, c]));
    assert.match(failed['Cluster']?.message ?? '', /Cluster prod does not exist in us-east-1/);
    assert.match(failed['Execution role']?.fix ?? '', /ecs-tasks\.amazonaws\.com/);
    assert.match(
      failed['Log group /ecs/web']?.fix ?? '',
      /aws logs create-log-group --log-group-name \/ecs\/web/,
    );
    assert.match(failed['Subnets']?.message ?? '', /Subnets not found: subnet-1, subnet-2/);
    const lines = formatChecks(checks).join('\n');
    assert.match(lines, /✗ Cluster/);
    assert.match(lines, /fix: Create it/);
  });

  it('a missing role says so; with awslogs-create-group a missing group is left to ECS', async () => {
    const { deps } = world({ roles: [], groups: [] });
    const checks = await runPreflight(
      {
        target,
        taskDefinition: taskDefinition({ 'awslogs-group': '/ecs/new', 'awslogs-create-group': 'true' }),
      },
      deps,
      signal,
    );
    assert.match(checks.find((c) => c.name === 'Execution role')?.message ?? '', /does not exist/);
    const group = checks.find((c) => c.name === 'Log group /ecs/new');
    assert.equal(group?.status, 'passed');
    assert.match(group?.message ?? '', /ECS creates it/);
  });

  it('a missing group passes when the deploy creates it, saying so with the retention', async () => {
    const { deps } = world({ groups: [] });
    const checks = await runPreflight(
      { target, taskDefinition: taskDefinition(), logRetentionDays: 30 },
      deps,
      signal,
    );
    const group = checks.find((c) => c.name === 'Log group /ecs/web');
    assert.equal(group?.status, 'passed');
    assert.match(group?.message ?? '', /the deploy creates it before registering \(retention 30 days\)/);
  });

  it('awslogs-create-group: asks the policy simulator about the role and fails on a deny, with both fixes', async () => {
    const { deps, asked } = world({ decision: 'implicitDeny' });
    const checks = await runPreflight(
      {
        target,
        taskDefinition: taskDefinition({ 'awslogs-group': '/ecs/web', 'awslogs-create-group': 'true' }),
        logRetentionDays: 30,
      },
      deps,
      signal,
    );
    assert.ok(
      asked.includes(
        `Simulate:${ROLE_ARN}:logs:CreateLogGroup:arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web`,
      ),
      asked.join(' '),
    );
    const check = checks.find((c) => c.name.includes('execution role may create it'));
    assert.equal(check?.status, 'failed');
    assert.match(
      check?.message ?? '',
      /ecsTaskExecutionRole may not call logs:CreateLogGroup \(implicitDeny\)/,
    );
    assert.match(check?.fix ?? '', /Remove "awslogs-create-group"/);
    assert.match(check?.fix ?? '', /ecs-fargate-create-log-groups/);
  });

  it('awslogs-create-group: an allowed role passes; without the option nothing is simulated', async () => {
    const allowed = world({ decision: 'allowed' });
    const checks = await runPreflight(
      {
        target,
        taskDefinition: taskDefinition({ 'awslogs-group': '/ecs/web', 'awslogs-create-group': 'true' }),
      },
      allowed.deps,
      signal,
    );
    assert.equal(checks.find((c) => c.name.includes('execution role may create it'))?.status, 'passed');
    const plain = world({ decision: 'implicitDeny' });
    await runPreflight({ target, taskDefinition: taskDefinition() }, plain.deps, signal);
    assert.ok(!plain.asked.some((a) => a.startsWith('Simulate')));
  });

  it('awslogs-create-group: a caller who may not simulate gets "could not check", not a failure', async () => {
    const { deps } = world({ decision: 'callDenied' });
    const checks = await runPreflight(
      {
        target,
        taskDefinition: taskDefinition({ 'awslogs-group': '/ecs/web', 'awslogs-create-group': 'true' }),
      },
      deps,
      signal,
    );
    const check = checks.find((c) => c.name.includes('execution role may create it'));
    assert.equal(check?.status, 'unverified');
    assert.match(check?.message ?? '', /may not call iam:SimulatePrincipalPolicy/);
    assert.ok(!checks.some((c) => c.status === 'failed'));
  });

  it('security groups from another VPC fail; a check that cannot be made is unverified, not failed', async () => {
    const { deps } = world({ sgs: [{ groupId: 'sg-1', groupName: 'x', vpcId: 'vpc-9' }], deny: 'iam' });
    const checks = await runPreflight({ target, taskDefinition: taskDefinition() }, deps, signal);
    assert.match(
      checks.find((c) => c.name === 'Security groups')?.message ?? '',
      /not in the subnets' VPC \(vpc-1\): sg-1/,
    );
    const role = checks.find((c) => c.name === 'Execution role');
    assert.equal(role?.status, 'unverified');
    assert.match(role?.message ?? '', /AccessDenied/);
  });

  it('uses the existing service network when the target has none', async () => {
    const { deps } = world();
    const { network: _none, ...withoutNetwork } = target;
    const checks = await runPreflight(
      {
        target: withoutNetwork,
        taskDefinition: taskDefinition(),
        service: {
          networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-404'], securityGroups: [] } },
        },
      },
      deps,
      signal,
    );
    assert.match(checks.find((c) => c.name === 'Subnets')?.message ?? '', /subnet-404/);
  });

  it('checks the built image against runtimePlatform', () => {
    assert.equal(checkImagePlatform('linux/amd64', {}).status, 'passed');
    const arm = checkImagePlatform('linux/arm64', {});
    assert.equal(arm.status, 'failed');
    assert.match(arm.message, /linux\/arm64 but the task definition runs linux\/amd64/);
    assert.match(arm.fix ?? '', /"cpuArchitecture": "ARM64"/);
    assert.equal(
      checkImagePlatform('linux/aarch64', { runtimePlatform: { cpuArchitecture: 'ARM64' } }).status,
      'passed',
    );
  });
});
