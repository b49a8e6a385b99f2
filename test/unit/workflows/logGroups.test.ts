import * as assert from 'node:assert/strict';
import { AwsError } from '../../../src/aws/awsErrors';
import type { JsonObject } from '../../../src/taskdef/normalize';
import {
  awslogsGroups,
  describeLogGroupOutcome,
  ensureLogGroups,
  isValidRetention,
  LOG_RETENTION_DAYS,
  type LogGroupsGateway,
} from '../../../src/workflows/logGroups';

/** A hand-written CloudWatch Logs: the groups that exist, and every call in order. */
function logsWorld(
  existing: string[] = [],
  over: { createError?: Error; retentionError?: Error; raced?: string[] } = {},
) {
  const calls: string[] = [];
  const groups = new Map(existing.map((g) => [g, undefined as number | undefined]));
  const gateway: LogGroupsGateway = {
    region: 'us-east-1',
    describeLogGroup: (name) => {
      calls.push(`Describe ${name}`);
      return Promise.resolve(groups.has(name) ? { name, arn: `arn:${name}` } : undefined);
    },
    createLogGroup: (name) => {
      calls.push(`Create ${name}`);
      if (over.createError) return Promise.reject(over.createError);
      if (over.raced?.includes(name)) return Promise.resolve('exists');
      groups.set(name, undefined);
      return Promise.resolve('created');
    },
    putRetentionPolicy: (name, days) => {
      calls.push(`Retention ${name} ${days}`);
      if (over.retentionError) return Promise.reject(over.retentionError);
      groups.set(name, days);
      return Promise.resolve();
    },
  };
  return { gateway, calls, groups };
}

function container(name: string, options: Record<string, string>, logDriver = 'awslogs') {
  return { name, image: 'x', logConfiguration: { logDriver, options } };
}

const td = (...containers: object[]): JsonObject =>
  ({ family: 'web', containerDefinitions: containers }) as unknown as JsonObject;

describe('workflows/logGroups: ensureLogGroups', () => {
  it('creates a missing group and sets the chosen retention on it', async () => {
    const { gateway, calls, groups } = logsWorld();
    const outcomes = await ensureLogGroups(
      td(container('app', { 'awslogs-group': '/ecs/web' })),
      gateway,
      30,
    );
    assert.deepEqual(calls, ['Describe /ecs/web', 'Create /ecs/web', 'Retention /ecs/web 30']);
    assert.equal(groups.get('/ecs/web'), 30);
    assert.deepEqual(outcomes, [{ group: '/ecs/web', kind: 'created', retentionDays: 30 }]);
    assert.equal(describeLogGroupOutcome(outcomes[0]!), 'Created log group /ecs/web (retention 30 days).');
  });

  it('never touches a group that exists (not even its retention)', async () => {
    const { gateway, calls } = logsWorld(['/ecs/web']);
    const outcomes = await ensureLogGroups(td(container('app', { 'awslogs-group': '/ecs/web' })), gateway, 7);
    assert.deepEqual(calls, ['Describe /ecs/web']);
    assert.deepEqual(outcomes, [{ group: '/ecs/web', kind: 'exists' }]);
  });

  it('0 means never expire: the group is created without a retention policy', async () => {
    const { gateway, calls } = logsWorld();
    const outcomes = await ensureLogGroups(td(container('app', { 'awslogs-group': '/ecs/web' })), gateway, 0);
    assert.deepEqual(calls, ['Describe /ecs/web', 'Create /ecs/web']);
    assert.match(describeLogGroupOutcome(outcomes[0]!), /retention never expire/);
  });

  it('looks at each group once, skips other log drivers and groups in another region', async () => {
    const { gateway, calls } = logsWorld(['/ecs/shared']);
    const outcomes = await ensureLogGroups(
      td(
        container('a', { 'awslogs-group': '/ecs/shared', 'awslogs-region': 'us-east-1' }),
        container('b', { 'awslogs-group': '/ecs/shared' }),
        container('c', { 'awslogs-group': '/ecs/far', 'awslogs-region': 'eu-west-1' }),
        container('d', { 'awslogs-group': '/ecs/splunk' }, 'splunk'),
        { name: 'e', image: 'x' },
      ),
      gateway,
      30,
    );
    assert.deepEqual(calls, ['Describe /ecs/shared']);
    assert.deepEqual(outcomes, [
      { group: '/ecs/shared', kind: 'exists' },
      { group: '/ecs/far', kind: 'otherRegion', region: 'eu-west-1' },
    ]);
  });

  it('a group someone else created meanwhile is fine and keeps its retention', async () => {
    const { gateway, calls } = logsWorld([], { raced: ['/ecs/web'] });
    const outcomes = await ensureLogGroups(
      td(container('app', { 'awslogs-group': '/ecs/web' })),
      gateway,
      30,
    );
    assert.deepEqual(calls, ['Describe /ecs/web', 'Create /ecs/web']);
    assert.deepEqual(outcomes, [{ group: '/ecs/web', kind: 'raced' }]);
  });

  it('a denied CreateLogGroup names the permission, the command to create it, and awslogs-create-group', async () => {
    const denied = Object.assign(new Error('User is not authorized to perform: logs:CreateLogGroup'), {
      name: 'AccessDeniedException',
      $metadata: { httpStatusCode: 400 },
    });
    const { gateway } = logsWorld([], { createError: denied });
    const error = await ensureLogGroups(
      td(container('app', { 'awslogs-group': '/ecs/web' })),
      gateway,
      30,
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(AwsError.is(error), String(error));
    assert.equal(error.problem.kind, 'accessDenied');
    assert.match(error.message, /logs:CreateLogGroup/);
    assert.match(error.message, /aws logs create-log-group --log-group-name \/ecs\/web/);
    assert.match(error.message, /"awslogs-create-group": "true".*execution role/);
    assert.match(error.message, /: \/ecs\/web$/);
  });

  it('other CreateLogGroup errors are thrown as they are', async () => {
    const invalid = Object.assign(new Error('bad name'), { name: 'InvalidParameterException' });
    const { gateway } = logsWorld([], { createError: invalid });
    await assert.rejects(
      ensureLogGroups(td(container('app', { 'awslogs-group': '/ecs/web' })), gateway, 30),
      (e) => e === invalid,
    );
  });

  it('a failed retention does not undo the group: the outcome says its events never expire', async () => {
    const { gateway } = logsWorld([], {
      retentionError: Object.assign(new Error('no'), { name: 'AccessDeniedException' }),
    });
    const [outcome] = await ensureLogGroups(
      td(container('app', { 'awslogs-group': '/ecs/web' })),
      gateway,
      30,
    );
    assert.equal(outcome?.kind, 'created');
    assert.match(
      describeLogGroupOutcome(outcome),
      /setting its retention failed, so its events never expire/,
    );
  });

  it('an invalid retention falls back to 30 days', async () => {
    const { gateway, calls } = logsWorld();
    await ensureLogGroups(td(container('app', { 'awslogs-group': '/ecs/web' })), gateway, 31);
    assert.ok(calls.includes('Retention /ecs/web 30'), calls.join(', '));
  });
});

describe('workflows/logGroups: awslogsGroups and the retention values', () => {
  it('marks groups whose container asks ECS to create them (string or boolean true)', () => {
    const groups = awslogsGroups(
      td(
        container('a', { 'awslogs-group': '/ecs/a', 'awslogs-create-group': 'TRUE' }),
        container('b', { 'awslogs-group': '/ecs/b', 'awslogs-create-group': 'false' }),
      ),
    );
    assert.deepEqual(
      groups.map((g) => [g.group, g.createGroup]),
      [
        ['/ecs/a', true],
        ['/ecs/b', false],
      ],
    );
  });

  it('accepts exactly CloudWatch Logs retention values, and 0 for never expire', () => {
    assert.equal(LOG_RETENTION_DAYS.length, 22);
    for (const days of [0, 1, 30, 1096, 3653]) assert.ok(isValidRetention(days), String(days));
    for (const days of [2, 31, 10_000, -1, '30', undefined]) assert.ok(!isValidRetention(days), String(days));
  });
});
