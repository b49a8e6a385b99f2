import * as assert from 'node:assert/strict';
import {
  CreateServiceCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  UpdateServiceCommand,
  type CreateServiceCommandInput,
  type Service,
} from '@aws-sdk/client-ecs';
import { ManualClock } from '../fakeAws';
import { failureThreshold } from '../fakeAws/ecs/circuitBreaker';
import { registerFargate, useFake } from './helpers';

const NETWORK = { awsvpcConfiguration: { subnets: ['subnet-aaa'], assignPublicIp: 'ENABLED' as const } };
const TD = 'arn:aws:ecs:us-east-1:123456789012:task-definition';
const BREAKER_REASON = 'ECS deployment circuit breaker: tasks failed to start.';

describe('fake AWS ECS: failing service tasks and the deployment circuit breaker (ManualClock)', () => {
  const clock = new ManualClock();
  const ctx = useFake({ clock });
  beforeEach(() => {
    ctx.fake.ecs.createCluster('default');
    for (const image of ['web:1', 'web:crash'])
      registerFargate(ctx.fake, {
        family: 'web',
        containerDefinitions: [{ name: 'web', image, essential: true }],
      });
    ctx.fake.ecs.setImageBehavior('web:crash', { kind: 'crash', exitCode: 1 });
  });

  async function service(): Promise<Service> {
    const out = await ctx.ecs.send(new DescribeServicesCommand({ services: ['web'] }));
    assert.ok(out.services?.[0]);
    return out.services[0];
  }
  /** A service of web:1, 2 tasks, rolled out (COMPLETED). */
  async function createWeb(extra: Partial<CreateServiceCommandInput> = {}): Promise<Service> {
    await ctx.ecs.send(
      new CreateServiceCommand({
        serviceName: 'web',
        taskDefinition: 'web:1',
        desiredCount: 2,
        launchType: 'FARGATE',
        networkConfiguration: NETWORK,
        ...extra,
      }),
    );
    clock.advance(10_000);
    const s = await service();
    assert.equal(s.deployments?.[0]?.rolloutState, 'COMPLETED');
    return s;
  }
  const breakerOn = (rollback: boolean) => ({
    deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback } },
  });
  const messages = (s: Service): string[] => s.events?.map((e) => e.message ?? '') ?? [];

  it('the threshold is half the desired count rounded up, at least 3 and at most 200', () => {
    assert.deepEqual([1, 2, 6, 7, 10, 401, 1000].map(failureThreshold), [3, 3, 3, 4, 5, 200, 200]);
  });

  it('breaker with rollback: FAILED after 3 failed tasks, rolled back to web:1, rollback COMPLETED', async () => {
    const created = await createWeb(breakerOn(true));
    const first = created.deployments![0]!.id!;
    assert.deepEqual(created.deploymentConfiguration, {
      deploymentCircuitBreaker: { enable: true, rollback: true },
      maximumPercent: 200,
      minimumHealthyPercent: 100,
    });
    const t0 = clock.now();
    const update = await ctx.ecs.send(new UpdateServiceCommand({ service: 'web', taskDefinition: 'web:2' }));
    const failing = update.service!.deployments![0]!.id!;
    // Crash at +4 s (2 failures), replacements crash at +8 s: the 3rd failure trips the breaker.
    clock.advance(9000);
    let s = await service();
    assert.deepEqual(
      s.deployments?.map((d) => [d.status, d.rolloutState, d.taskDefinition, d.failedTasks]),
      [
        ['PRIMARY', 'IN_PROGRESS', `${TD}/web:1`, 0],
        ['ACTIVE', 'FAILED', `${TD}/web:2`, 3],
        ['ACTIVE', 'COMPLETED', `${TD}/web:1`, 0],
      ],
    );
    assert.equal(s.deployments?.[1]?.id, failing);
    assert.equal(s.deployments?.[1]?.rolloutStateReason, BREAKER_REASON);
    assert.equal(
      s.deployments?.[0]?.rolloutStateReason,
      `ECS deployment circuit breaker: rolling back to deploymentId ${first}.`,
    );
    assert.equal(s.taskDefinition, `${TD}/web:1`);
    assert.equal(s.deployments?.[2]?.runningCount, 2, 'the old tasks kept serving throughout');
    const failedEvent = s.events?.find(
      (e) => e.message === `(service web) (deployment ${failing}) deployment failed: tasks failed to start.`,
    );
    assert.equal(failedEvent?.createdAt?.getTime(), t0 + 8000);
    assert.ok(messages(s).includes(`(service web) rolling back to deployment ${first}.`));
    clock.advance(60_000);
    s = await service();
    assert.equal(s.deployments?.length, 1);
    assert.equal(s.deployments?.[0]?.rolloutState, 'COMPLETED');
    assert.equal(s.deployments?.[0]?.taskDefinition, `${TD}/web:1`);
    assert.equal(s.runningCount, 2);
    assert.match(messages(s)[0] ?? '', /has reached a steady state\.$/);
    assert.match(messages(s)[1] ?? '', /\(deployment ecs-svc\/\d+\) deployment completed\.$/);
    const stopped = await ctx.ecs.send(
      new ListTasksCommand({ serviceName: 'web', desiredStatus: 'STOPPED' }),
    );
    const described = await ctx.ecs.send(new DescribeTasksCommand({ tasks: stopped.taskArns }));
    const crashed = described.tasks?.filter((t) => t.taskDefinitionArn === `${TD}/web:2`) ?? [];
    assert.equal(crashed.length, 4);
    assert.ok(
      crashed.every((t) => t.stopCode === 'EssentialContainerExited' && t.containers?.[0]?.exitCode === 1),
    );
  });

  it('one clock jump over the whole rollout gives the same history (exits replayed in time order)', async () => {
    await createWeb(breakerOn(true));
    const t0 = clock.now();
    await ctx.ecs.send(new UpdateServiceCommand({ service: 'web', taskDefinition: 'web:2' }));
    clock.advance(5 * 60_000);
    const s = await service();
    assert.equal(s.deployments?.length, 1);
    assert.equal(s.taskDefinition, `${TD}/web:1`);
    const failed = s.events?.find((e) =>
      / deployment failed: tasks failed to start\.$/.test(e.message ?? ''),
    );
    assert.equal(failed?.createdAt?.getTime(), t0 + 8000);
    const started = s.events
      ?.filter((e) => /has started 2 tasks/.test(e.message ?? ''))
      .map((e) => e.createdAt?.getTime());
    assert.deepEqual(started?.slice(0, 3), [t0 + 8000, t0 + 4000, t0], 'rollback, replacement, first try');
  });

  it('breaker without rollback: the deployment FAILED stays PRIMARY and launches nothing more', async () => {
    await createWeb(breakerOn(false));
    await ctx.ecs.send(new UpdateServiceCommand({ service: 'web', taskDefinition: 'web:2' }));
    clock.advance(60_000);
    const s = await service();
    assert.deepEqual(
      s.deployments?.map((d) => [d.status, d.rolloutState, d.failedTasks, d.runningCount, d.pendingCount]),
      [
        ['PRIMARY', 'FAILED', 3, 0, 0],
        ['ACTIVE', 'COMPLETED', 0, 2, 0],
      ],
    );
    assert.equal(s.taskDefinition, `${TD}/web:2`);
    assert.ok(!messages(s).some((m) => m.includes('rolling back')));
  });

  it('no breaker (the default): IN_PROGRESS forever, failedTasks growing, old tasks still running', async () => {
    const created = await createWeb();
    assert.deepEqual(created.deploymentConfiguration?.deploymentCircuitBreaker, {
      enable: false,
      rollback: false,
    });
    await ctx.ecs.send(new UpdateServiceCommand({ service: 'web', taskDefinition: 'web:2' }));
    const counts: number[] = [];
    for (let i = 0; i < 3; i++) {
      clock.advance(4000);
      counts.push((await service()).deployments?.[0]?.failedTasks ?? -1);
    }
    assert.deepEqual(counts, [2, 4, 6]);
    const throttled =
      '(service web) is unable to consistently start tasks successfully. For more information, see the ' +
      'Troubleshooting section of the Amazon ECS Developer Guide.';
    assert.ok(messages(await service()).includes(throttled));
    clock.advance(10 * 60_000);
    const s = await service();
    assert.equal(s.deployments?.[0]?.rolloutState, 'IN_PROGRESS');
    assert.ok((s.deployments?.[0]?.failedTasks ?? 0) > 100);
    assert.equal(s.deployments?.[1]?.runningCount, 2);
    assert.equal(s.taskDefinition, `${TD}/web:2`);
    assert.equal(s.events?.length, 100, 'ECS keeps the latest 100 events');
  });

  it('a larger service trips later: 8 desired → threshold 4', async () => {
    await createWeb({ ...breakerOn(true), desiredCount: 8 });
    await ctx.ecs.send(new UpdateServiceCommand({ service: 'web', taskDefinition: 'web:2' }));
    clock.advance(4000);
    const s = await service();
    assert.equal(s.deployments?.[1]?.rolloutState, 'FAILED');
    assert.equal(s.deployments?.[1]?.failedTasks, 4);
  });

  it('a first deployment that fails has nothing to roll back to', async () => {
    ctx.fake.ecs.setImageBehavior('web:1', { kind: 'pullError' });
    await ctx.ecs.send(
      new CreateServiceCommand({
        serviceName: 'web',
        taskDefinition: 'web:1',
        desiredCount: 1,
        launchType: 'FARGATE',
        networkConfiguration: NETWORK,
        ...breakerOn(true),
      }),
    );
    clock.advance(60_000);
    const s = await service();
    assert.equal(s.deployments?.length, 1);
    assert.equal(s.deployments?.[0]?.rolloutState, 'FAILED');
    assert.equal(s.deployments?.[0]?.failedTasks, 3);
    const stopped = await ctx.ecs.send(
      new ListTasksCommand({ serviceName: 'web', desiredStatus: 'STOPPED' }),
    );
    const tasks = await ctx.ecs.send(new DescribeTasksCommand({ tasks: stopped.taskArns }));
    assert.ok(tasks.tasks?.every((t) => t.stopCode === 'TaskFailedToStart'));
  });

  it('capacity providers, execute command, propagated tags and deployment configuration round-trip', async () => {
    const created = await ctx.ecs.send(
      new CreateServiceCommand({
        serviceName: 'web',
        taskDefinition: 'web:1',
        desiredCount: 2,
        capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
        networkConfiguration: NETWORK,
        enableExecuteCommand: true,
        propagateTags: 'SERVICE',
        tags: [{ key: 'app', value: 'web' }],
        deploymentConfiguration: { minimumHealthyPercent: 50 },
      }),
    );
    const s = created.service!;
    assert.equal(s.launchType, undefined);
    assert.deepEqual(s.capacityProviderStrategy, [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }]);
    assert.deepEqual(s.deployments?.[0]?.capacityProviderStrategy, [
      { capacityProvider: 'FARGATE_SPOT', weight: 1 },
    ]);
    assert.equal(s.enableExecuteCommand, true);
    assert.equal(s.propagateTags, 'SERVICE');
    assert.deepEqual(s.deploymentConfiguration, {
      deploymentCircuitBreaker: { enable: false, rollback: false },
      maximumPercent: 200,
      minimumHealthyPercent: 50,
    });
    const arns = (await ctx.ecs.send(new ListTasksCommand({ serviceName: 'web' }))).taskArns;
    const tasks =
      (await ctx.ecs.send(new DescribeTasksCommand({ tasks: arns, include: ['TAGS'] }))).tasks ?? [];
    assert.equal(tasks.length, 2);
    for (const t of tasks) {
      assert.equal(t.capacityProviderName, 'FARGATE_SPOT');
      assert.equal(t.enableExecuteCommand, true);
      assert.deepEqual(t.tags, [{ key: 'app', value: 'web' }]);
    }
    const updated = await ctx.ecs.send(
      new UpdateServiceCommand({
        service: 'web',
        deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
      }),
    );
    assert.equal(updated.service?.desiredCount, 2, 'UpdateService leaves desiredCount alone');
    assert.deepEqual(updated.service?.deploymentConfiguration, {
      deploymentCircuitBreaker: { enable: true, rollback: true },
      maximumPercent: 200,
      minimumHealthyPercent: 50,
    });
    assert.equal(updated.service?.deployments?.length, 1, 'no new deployment for a configuration change');
  });
});
