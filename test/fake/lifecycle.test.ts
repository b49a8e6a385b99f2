import * as assert from 'node:assert/strict';
import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListServicesCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  RunTaskCommand,
  StopTaskCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { ManualClock } from '../fakeAws';
import { rejection, seedDefaultApp, useFake } from './helpers';

const NETWORK = { awsvpcConfiguration: { subnets: ['subnet-aaa'], assignPublicIp: 'ENABLED' as const } };

describe('fake AWS ECS: task lifecycle, StopTask, UpdateService (ManualClock)', () => {
  const clock = new ManualClock();
  const ctx = useFake({ clock });
  beforeEach(() => seedDefaultApp(ctx.fake));

  async function task(arn: string) {
    const out = await ctx.ecs.send(new DescribeTasksCommand({ tasks: [arn] }));
    assert.ok(out.tasks?.[0], `task ${arn} is described`);
    return out.tasks[0];
  }
  async function service(name: string) {
    const out = await ctx.ecs.send(new DescribeServicesCommand({ services: [name] }));
    assert.ok(out.services?.[0]);
    return out.services[0];
  }
  async function runOne(): Promise<string> {
    const out = await ctx.ecs.send(
      new RunTaskCommand({ taskDefinition: 'app', launchType: 'FARGATE', networkConfiguration: NETWORK }),
    );
    assert.equal(out.tasks?.length, 1);
    return out.tasks[0]!.taskArn!;
  }

  it('RunTask: PROVISIONING → PENDING → ACTIVATING → RUNNING, one step a second, as Dates', async () => {
    const t0 = clock.now();
    const arn = await runOne();
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      const t = await task(arn);
      seen.push(t.lastStatus!);
      if (i === 0) {
        assert.equal(t.containers?.[0]?.lastStatus, 'PENDING');
        assert.equal(t.startedAt, undefined);
        const cluster = await ctx.ecs.send(new DescribeClustersCommand({}));
        assert.equal(cluster.clusters?.[0]?.pendingTasksCount, 1);
        assert.equal(cluster.clusters?.[0]?.runningTasksCount, 0);
      }
      clock.advance(1000);
    }
    assert.deepEqual(seen, ['PROVISIONING', 'PENDING', 'ACTIVATING', 'RUNNING']);
    const t = await task(arn);
    assert.ok(t.createdAt instanceof Date);
    assert.equal(t.createdAt.getTime(), t0);
    assert.equal(t.startedAt?.getTime(), t0 + 3000);
    assert.equal(t.containers?.[0]?.lastStatus, 'RUNNING');
    assert.ok(t.containers?.[0]?.runtimeId);
    const cluster = await ctx.ecs.send(new DescribeClustersCommand({}));
    assert.equal(cluster.clusters?.[0]?.runningTasksCount, 1);
    assert.equal(cluster.clusters?.[0]?.pendingTasksCount, 0);
  });

  it('lifecycleStepMs 0 makes tasks RUNNING at once', async () => {
    ctx.fake.ecs.lifecycleStepMs = 0;
    const arn = await runOne();
    assert.equal((await task(arn)).lastStatus, 'RUNNING');
  });

  it('StopTask: desiredStatus STOPPED, UserInitiated, DEACTIVATING → … → STOPPED, exit code, kept ~1 h', async () => {
    ctx.fake.ecs.lifecycleStepMs = 0;
    const arn = await runOne();
    ctx.fake.ecs.lifecycleStepMs = 1000;
    const stopped = await ctx.ecs.send(new StopTaskCommand({ task: arn }));
    assert.equal(stopped.task?.desiredStatus, 'STOPPED');
    assert.equal(stopped.task?.stopCode, 'UserInitiated');
    assert.equal(stopped.task?.stoppedReason, 'Task stopped by user');
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      seen.push((await task(arn)).lastStatus!);
      clock.advance(1000);
    }
    assert.deepEqual(seen, ['DEACTIVATING', 'STOPPING', 'DEPROVISIONING', 'STOPPED']);
    const t = await task(arn);
    assert.ok(t.stoppedAt instanceof Date);
    assert.ok(t.stoppingAt instanceof Date);
    assert.equal(t.containers?.[0]?.lastStatus, 'STOPPED');
    assert.equal(t.containers?.[0]?.exitCode, 0);
    assert.deepEqual((await ctx.ecs.send(new ListTasksCommand({}))).taskArns, []);
    assert.deepEqual((await ctx.ecs.send(new ListTasksCommand({ desiredStatus: 'STOPPED' }))).taskArns, [
      arn,
    ]);
    clock.advance(61 * 60 * 1000);
    assert.deepEqual((await ctx.ecs.send(new ListTasksCommand({ desiredStatus: 'STOPPED' }))).taskArns, []);
  });

  it("StopTask uses the caller's reason; an unknown task is InvalidParameterException", async () => {
    const arn = await runOne();
    const out = await ctx.ecs.send(new StopTaskCommand({ task: arn, reason: 'Stopped from VS Code' }));
    assert.equal(out.task?.stoppedReason, 'Stopped from VS Code');
    const err = await rejection(ctx.ecs.send(new StopTaskCommand({ task: 'f'.repeat(32) })));
    assert.equal(err.name, 'InvalidParameterException');
  });

  it('stopping a service task makes the scheduler start a replacement', async () => {
    ctx.fake.ecs.createService('default', 'web', { desiredCount: 2, taskDefinition: 'app' });
    const [first] = (await ctx.ecs.send(new ListTasksCommand({ serviceName: 'web' }))).taskArns ?? [];
    assert.ok(first);
    await ctx.ecs.send(new StopTaskCommand({ task: first }));
    const live = (await ctx.ecs.send(new ListTasksCommand({ serviceName: 'web' }))).taskArns ?? [];
    assert.equal(live.length, 2);
    assert.ok(!live.includes(first));
    const s = await service('web');
    assert.equal(s.runningCount, 1);
    assert.equal(s.pendingCount, 1);
    assert.match(
      s.events?.[0]?.message ?? '',
      /^\(service web\) has started 1 tasks: \(task [0-9a-f]{32}\)\.$/,
    );
  });

  it('UpdateService desiredCount up starts tasks; down stops them with ServiceSchedulerInitiated', async () => {
    ctx.fake.ecs.createService('default', 'web', { desiredCount: 1, taskDefinition: 'app' });
    const up = await ctx.ecs.send(new UpdateServiceCommand({ service: 'web', desiredCount: 3 }));
    assert.equal(up.service?.desiredCount, 3);
    assert.equal(up.service?.runningCount, 1);
    assert.equal(up.service?.pendingCount, 2);
    clock.advance(3000);
    let s = await service('web');
    assert.equal(s.runningCount, 3);
    assert.equal(s.pendingCount, 0);
    assert.equal(s.events?.[0]?.message, '(service web) has reached a steady state.');
    await ctx.ecs.send(new UpdateServiceCommand({ service: 'web', desiredCount: 1 }));
    const stopping = await ctx.ecs.send(
      new ListTasksCommand({ serviceName: 'web', desiredStatus: 'STOPPED' }),
    );
    assert.equal(stopping.taskArns?.length, 2);
    const t = await task(stopping.taskArns[0]!);
    assert.equal(t.stopCode, 'ServiceSchedulerInitiated');
    assert.match(t.stoppedReason ?? '', /^Scaling activity initiated by \(deployment ecs-svc\/\d+\)$/);
    clock.advance(3000);
    s = await service('web');
    assert.equal(s.runningCount, 1);
    assert.equal((await ctx.ecs.send(new ListTasksCommand({ serviceName: 'web' }))).taskArns?.length, 1);
  });

  it('forceNewDeployment: new PRIMARY IN_PROGRESS, old tasks stop once new ones run, then COMPLETED', async () => {
    ctx.fake.ecs.createService('default', 'web', { desiredCount: 2, taskDefinition: 'app' });
    const oldArns = (await ctx.ecs.send(new ListTasksCommand({ serviceName: 'web' }))).taskArns ?? [];
    const out = await ctx.ecs.send(new UpdateServiceCommand({ service: 'web', forceNewDeployment: true }));
    const deployments = out.service?.deployments ?? [];
    assert.deepEqual(
      deployments.map((d) => [d.status, d.rolloutState]),
      [
        ['PRIMARY', 'IN_PROGRESS'],
        ['ACTIVE', 'COMPLETED'],
      ],
    );
    assert.equal(deployments[0]?.pendingCount, 2);
    assert.equal(deployments[1]?.runningCount, 2);
    clock.advance(3000);
    const mid = await service('web');
    assert.equal(mid.deployments?.length, 2, 'old deployment drains while its tasks stop');
    assert.equal(mid.deployments?.[0]?.runningCount, 2);
    const old = await task(oldArns[0]!);
    assert.equal(old.desiredStatus, 'STOPPED');
    assert.equal(old.stopCode, 'ServiceSchedulerInitiated');
    clock.advance(3000);
    const done = await service('web');
    assert.equal(done.deployments?.length, 1);
    assert.equal(done.deployments?.[0]?.rolloutState, 'COMPLETED');
    assert.equal(done.deployments?.[0]?.id, deployments[0]?.id);
    assert.equal(done.runningCount, 2);
    const messages = done.events?.map((e) => e.message) ?? [];
    assert.match(messages[0] ?? '', /has reached a steady state/);
    assert.match(messages[1] ?? '', /\(deployment ecs-svc\/\d+\) deployment completed\.$/);
    const newTasks = await ctx.ecs.send(
      new DescribeTasksCommand({ tasks: (await ctx.ecs.send(new ListTasksCommand({}))).taskArns }),
    );
    assert.ok(newTasks.tasks?.every((t) => t.startedBy === deployments[0]?.id && t.group === 'service:web'));
  });

  it('fixture services stay as set up until an UpdateService brings them to life', async () => {
    ctx.fake.ecs.registerTaskDefinition({
      family: 'app',
      containerDefinitions: [{ name: 'app', image: 'app:2' }],
    });
    ctx.fake.ecs.createService('default', 'orders', {
      desiredCount: 3,
      taskDefinition: 'app:2',
      rolloutState: 'IN_PROGRESS',
      runningCount: 1,
      pendingCount: 1,
      previousRunningCount: 1,
    });
    clock.advance(10 * 60 * 1000);
    let s = await service('orders');
    assert.deepEqual([s.runningCount, s.pendingCount, s.deployments?.length], [2, 1, 2]);
    assert.equal(s.deployments?.[1]?.taskDefinition?.endsWith('app:1'), true);
    await ctx.ecs.send(new UpdateServiceCommand({ service: 'orders', desiredCount: 3 }));
    clock.advance(10_000);
    s = await service('orders');
    assert.deepEqual([s.runningCount, s.pendingCount, s.deployments?.length], [3, 0, 1]);
    assert.equal(s.deployments?.[0]?.rolloutState, 'COMPLETED');
  });

  it('UpdateService taskDefinition rolls out that revision; errors for unknown service/definition', async () => {
    ctx.fake.ecs.lifecycleStepMs = 0;
    ctx.fake.ecs.createService('default', 'web', { desiredCount: 1, taskDefinition: 'app' });
    await ctx.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'app',
        containerDefinitions: [{ name: 'app', image: 'app:2' }],
        networkMode: 'awsvpc',
        requiresCompatibilities: ['FARGATE'],
        cpu: '512',
        memory: '1024',
      }),
    );
    await ctx.ecs.send(new UpdateServiceCommand({ service: 'web', taskDefinition: 'app:2' }));
    const s = await service('web');
    assert.equal(s.taskDefinition, 'arn:aws:ecs:us-east-1:123456789012:task-definition/app:2');
    assert.equal(s.deployments?.length, 1);
    assert.equal(s.deployments?.[0]?.rolloutState, 'COMPLETED');
    const [arn] = (await ctx.ecs.send(new ListTasksCommand({ serviceName: 'web' }))).taskArns ?? [];
    assert.equal((await task(arn!)).memory, '1024');
    const missing = await rejection(
      ctx.ecs.send(new UpdateServiceCommand({ service: 'ghost', desiredCount: 1 })),
    );
    assert.equal(missing.name, 'ServiceNotFoundException');
    const badDef = await rejection(
      ctx.ecs.send(new UpdateServiceCommand({ service: 'web', taskDefinition: 'nope:9' })),
    );
    assert.equal(badDef.name, 'ClientException');
  });

  it('CreateService starts tasks through the lifecycle; DeleteService drains to INACTIVE', async () => {
    const created = await ctx.ecs.send(
      new CreateServiceCommand({
        serviceName: 'api',
        taskDefinition: 'app',
        desiredCount: 2,
        launchType: 'FARGATE',
        networkConfiguration: NETWORK,
      }),
    );
    assert.equal(created.service?.pendingCount, 2);
    assert.equal(created.service?.deployments?.[0]?.rolloutState, 'IN_PROGRESS');
    clock.advance(3000);
    assert.equal((await service('api')).deployments?.[0]?.rolloutState, 'COMPLETED');
    const refused = await rejection(ctx.ecs.send(new DeleteServiceCommand({ service: 'api' })));
    assert.equal(refused.name, 'InvalidParameterException');
    const draining = await ctx.ecs.send(new DeleteServiceCommand({ service: 'api', force: true }));
    assert.equal(draining.service?.status, 'DRAINING');
    clock.advance(3000);
    assert.equal((await service('api')).status, 'INACTIVE');
    assert.deepEqual((await ctx.ecs.send(new ListServicesCommand({}))).serviceArns, []);
  });
});
