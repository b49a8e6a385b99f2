import * as assert from 'node:assert/strict';
import { DescribeTasksCommand, ListTasksCommand, RunTaskCommand } from '@aws-sdk/client-ecs';
import { raw, registerFargate, rejection, useFake } from './helpers';

const NETWORK = { awsvpcConfiguration: { subnets: ['subnet-aaa'], assignPublicIp: 'ENABLED' as const } };
const NO_CAPACITY =
  'Capacity is unavailable at this time. Please try again later or in a different availability zone';

describe('fake AWS ECS: RunTask failures, capacity providers, exec and overrides', () => {
  const ctx = useFake();
  beforeEach(() => {
    ctx.fake.ecs.createCluster('default');
    registerFargate(ctx.fake, {
      taskRoleArn: 'arn:aws:iam::123456789012:role/app-task',
      tags: [{ key: 'team', value: 'payments' }],
    });
  });

  it('queued failures answer the next RunTask (no tasks), then RunTask works again', async () => {
    ctx.fake.ecs.queueRunTaskFailures([{ reason: NO_CAPACITY }]);
    const input = { taskDefinition: 'app', launchType: 'FARGATE' as const, networkConfiguration: NETWORK };
    const failed = await ctx.ecs.send(new RunTaskCommand(input));
    assert.deepEqual(failed.tasks, []);
    assert.deepEqual(failed.failures, [{ reason: NO_CAPACITY }]);
    assert.deepEqual((await ctx.ecs.send(new ListTasksCommand({}))).taskArns, []);
    const ok = await ctx.ecs.send(new RunTaskCommand(input));
    assert.equal(ok.tasks?.length, 1);
    assert.deepEqual(ok.failures, []);
  });

  it('validation errors still come first: a bad request does not use up the queued failure', async () => {
    ctx.fake.ecs.queueRunTaskFailures([
      { reason: NO_CAPACITY, arn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/app:1' },
    ]);
    const bad = await rejection(
      ctx.ecs.send(new RunTaskCommand({ taskDefinition: 'app', launchType: 'FARGATE' })),
    );
    assert.equal(bad.name, 'InvalidParameterException');
    const out = await ctx.ecs.send(
      new RunTaskCommand({ taskDefinition: 'app', launchType: 'FARGATE', networkConfiguration: NETWORK }),
    );
    assert.equal(out.failures?.[0]?.arn, 'arn:aws:ecs:us-east-1:123456789012:task-definition/app:1');
  });

  it('POST /__fake/ecs/runTaskFailures queues one answer; {clear:true} empties the queue; bad bodies are 400', async () => {
    const post = (body: unknown) =>
      raw(ctx.fake, {
        path: '/__fake/ecs/runTaskFailures',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      });
    assert.equal((await post({ failures: [{ reason: NO_CAPACITY }] })).status, 200);
    assert.equal((await post({ failures: [{ reason: 'second' }] })).status, 200);
    const input = { taskDefinition: 'app', launchType: 'FARGATE' as const, networkConfiguration: NETWORK };
    assert.equal((await ctx.ecs.send(new RunTaskCommand(input))).failures?.[0]?.reason, NO_CAPACITY);
    assert.equal((await post({ clear: true })).status, 200);
    assert.equal((await ctx.ecs.send(new RunTaskCommand(input))).tasks?.length, 1, 'the second was cleared');
    assert.equal((await post({ failures: [{ arn: 'x' }] })).status, 400);
    assert.equal((await post({ failures: 'no' })).status, 400);
  });

  it('capacityProviderStrategy FARGATE_SPOT: launchType FARGATE and capacityProviderName on the task', async () => {
    const out = await ctx.ecs.send(
      new RunTaskCommand({
        taskDefinition: 'app',
        capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
        networkConfiguration: NETWORK,
      }),
    );
    const task = out.tasks?.[0];
    assert.equal(task?.capacityProviderName, 'FARGATE_SPOT');
    assert.equal(task?.launchType, 'FARGATE');
    const described = await ctx.ecs.send(new DescribeTasksCommand({ tasks: [task.taskArn!] }));
    assert.equal(described.tasks?.[0]?.capacityProviderName, 'FARGATE_SPOT');
  });

  it('a strategy places base tasks first, then by weight', async () => {
    const out = await ctx.ecs.send(
      new RunTaskCommand({
        taskDefinition: 'app',
        count: 5,
        capacityProviderStrategy: [
          { capacityProvider: 'FARGATE', base: 1, weight: 1 },
          { capacityProvider: 'FARGATE_SPOT', weight: 3 },
        ],
        networkConfiguration: NETWORK,
      }),
    );
    assert.deepEqual(
      out.tasks?.map((t) => t.capacityProviderName),
      ['FARGATE', 'FARGATE', 'FARGATE_SPOT', 'FARGATE_SPOT', 'FARGATE_SPOT'],
    );
  });

  it('a provider the cluster lacks is InvalidParameterException; an unknown one too', async () => {
    ctx.fake.ecs.createCluster('ondemand', { capacityProviders: ['FARGATE'] });
    const missing = await rejection(
      ctx.ecs.send(
        new RunTaskCommand({
          cluster: 'ondemand',
          taskDefinition: 'app',
          capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT' }],
          networkConfiguration: NETWORK,
        }),
      ),
    );
    assert.equal(missing.name, 'InvalidParameterException');
    assert.match(missing.message, /not associated with the cluster/);
    const unknown = await rejection(
      ctx.ecs.send(
        new RunTaskCommand({
          taskDefinition: 'app',
          capacityProviderStrategy: [{ capacityProvider: 'my-asg' }],
          networkConfiguration: NETWORK,
        }),
      ),
    );
    assert.equal(unknown.message, 'The specified capacity provider my-asg was not found.');
  });

  it('enableExecuteCommand, overrides and propagated task definition tags are rendered back', async () => {
    const out = await ctx.ecs.send(
      new RunTaskCommand({
        taskDefinition: 'app',
        launchType: 'FARGATE',
        networkConfiguration: NETWORK,
        enableExecuteCommand: true,
        propagateTags: 'TASK_DEFINITION',
        tags: [{ key: 'run', value: 'manual' }],
        overrides: {
          containerOverrides: [
            { name: 'app', command: ['npm', 'run', 'migrate'], environment: [{ name: 'X', value: '1' }] },
          ],
          cpu: '512',
          memory: '1024',
        },
      }),
    );
    const arn = out.tasks?.[0]?.taskArn;
    assert.ok(arn);
    const [task] =
      (await ctx.ecs.send(new DescribeTasksCommand({ tasks: [arn], include: ['TAGS'] }))).tasks ?? [];
    assert.equal(task?.enableExecuteCommand, true);
    assert.deepEqual(task?.overrides?.containerOverrides?.[0]?.command, ['npm', 'run', 'migrate']);
    assert.equal(task?.cpu, '512');
    assert.equal(task?.memory, '1024');
    assert.deepEqual(
      task?.tags?.map((t) => `${t.key}=${t.value}`),
      ['run=manual', 'team=payments'],
    );
    const plain = await ctx.ecs.send(
      new RunTaskCommand({ taskDefinition: 'app', launchType: 'FARGATE', networkConfiguration: NETWORK }),
    );
    assert.equal(plain.tasks?.[0]?.enableExecuteCommand, false);
    assert.equal(plain.tasks?.[0]?.capacityProviderName, undefined);
  });
});
