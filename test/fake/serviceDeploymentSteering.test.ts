import * as assert from 'node:assert/strict';
import {
  ContinueServiceDeploymentCommand,
  DescribeServicesCommand,
  StopServiceDeploymentCommand,
  type ServiceDeployment,
} from '@aws-sdk/client-ecs';
import { ManualClock } from '../fakeAws';
import { createWeb, deploy, describe1, follow, registerWeb } from './deploymentHelpers';
import { rejection, useFake } from './helpers';

const MINUTE = 60_000;
const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:smoke-test';
const HOOK_ROLE = 'arn:aws:iam::123456789012:role/ecsHookRole';
const weights = (lines: string[]): string[] => [
  ...new Set(lines.map((l) => l.split(' ')[2]!.split('/')[1]!)),
];
const awaiting = (d: ServiceDeployment) =>
  d.lifecycleHookDetails?.find((h) => h.status === 'AWAITING_ACTION');

describe('fake AWS ECS: LINEAR and CANARY traffic steps, hooks, alarms and stops (ManualClock)', () => {
  const clock = new ManualClock();
  const ctx = useFake({ clock });
  beforeEach(() => {
    ctx.fake.ecs.createCluster('default');
    registerWeb(ctx.fake);
  });
  const taskDefinition = async (): Promise<string | undefined> =>
    (await ctx.ecs.send(new DescribeServicesCommand({ services: ['web'] }))).services?.[0]?.taskDefinition
      ?.split('/')
      .pop();

  it('LINEAR moves production traffic stepPercent at a time, baking stepBakeTimeInMinutes between steps', async () => {
    await createWeb(ctx.ecs, clock, {
      strategy: 'LINEAR',
      linearConfiguration: { stepPercent: 25, stepBakeTimeInMinutes: 2 },
      bakeTimeInMinutes: 1,
    });
    const arn = await deploy(ctx.ecs);
    const { lines, last } = await follow(ctx.ecs, clock, arn, 5000, 200);
    assert.equal(last.status, 'SUCCESSFUL');
    assert.deepEqual(weights(lines), ['0', '25', '50', '75', '100']);
    // Three bakes of 2 min between the four steps, then 1 min of BAKE_TIME.
    const took = last.finishedAt!.getTime() - last.startedAt!.getTime();
    assert.ok(took >= 7 * MINUTE && took < 8 * MINUTE, `took ${took} ms`);
    assert.equal(await taskDefinition(), 'web:2');
  });

  it('CANARY shifts canaryPercent, bakes, then shifts the rest', async () => {
    await createWeb(ctx.ecs, clock, {
      strategy: 'CANARY',
      canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 3 },
      bakeTimeInMinutes: 0,
    });
    const arn = await deploy(ctx.ecs);
    const canary = await follow(
      ctx.ecs,
      clock,
      arn,
      1000,
      100,
      (d) => d.targetServiceRevision?.requestedProductionTrafficWeight === 10,
    );
    assert.equal(canary.last.lifecycleStage, 'PRODUCTION_TRAFFIC_SHIFT');
    clock.advance(2 * MINUTE);
    assert.equal((await describe1(ctx.ecs, arn)).targetServiceRevision?.requestedProductionTrafficWeight, 10);
    const { lines, last } = await follow(ctx.ecs, clock, arn, 1000, 200);
    assert.equal(last.status, 'SUCCESSFUL');
    assert.deepEqual(weights(lines), ['10', '100']);
  });

  it('a PAUSE hook waits for ContinueServiceDeployment CONTINUE; a second continue is refused', async () => {
    await createWeb(ctx.ecs, clock, {
      strategy: 'BLUE_GREEN',
      bakeTimeInMinutes: 0,
      lifecycleHooks: [{ targetType: 'PAUSE', lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'] }],
    });
    const arn = await deploy(ctx.ecs);
    const paused = await follow(ctx.ecs, clock, arn, 1000, 100, (d) => awaiting(d) !== undefined);
    const hook = awaiting(paused.last);
    assert.equal(paused.last.lifecycleStage, 'POST_TEST_TRAFFIC_SHIFT');
    assert.match(hook?.hookId ?? '', /^ecs-pause-/);
    assert.equal(hook?.targetType, 'PAUSE');
    assert.equal(hook?.timeoutAction, 'ROLLBACK');
    clock.advance(60 * MINUTE);
    assert.equal(
      (await describe1(ctx.ecs, arn)).lifecycleStage,
      'POST_TEST_TRAFFIC_SHIFT',
      'still paused an hour later',
    );
    await ctx.ecs.send(
      new ContinueServiceDeploymentCommand({
        serviceDeploymentArn: arn,
        hookId: hook.hookId!,
        action: 'CONTINUE',
      }),
    );
    const again = await rejection(
      ctx.ecs.send(new ContinueServiceDeploymentCommand({ serviceDeploymentArn: arn, hookId: hook.hookId! })),
    );
    assert.equal(again.name, 'InvalidParameterException');
    assert.match(again.message, /not AWAITING_ACTION/);
    const { last } = await follow(ctx.ecs, clock, arn, 1000, 100);
    assert.equal(last.status, 'SUCCESSFUL');
    assert.equal(await taskDefinition(), 'web:2');
  });

  it('ContinueServiceDeployment ROLLBACK on a paused hook rolls back to the blue revision', async () => {
    await createWeb(ctx.ecs, clock, {
      strategy: 'BLUE_GREEN',
      bakeTimeInMinutes: 10,
      lifecycleHooks: [{ targetType: 'PAUSE', lifecycleStages: ['POST_PRODUCTION_TRAFFIC_SHIFT'] }],
    });
    const arn = await deploy(ctx.ecs);
    const paused = await follow(ctx.ecs, clock, arn, 1000, 100, (d) => awaiting(d) !== undefined);
    assert.equal(paused.last.targetServiceRevision?.requestedProductionTrafficWeight, 100);
    await ctx.ecs.send(
      new ContinueServiceDeploymentCommand({
        serviceDeploymentArn: arn,
        hookId: awaiting(paused.last)!.hookId!,
        action: 'ROLLBACK',
      }),
    );
    const { lines, last } = await follow(ctx.ecs, clock, arn, 1000, 100);
    assert.deepEqual(
      lines.map((l) => l.split(' ')[0]),
      ['ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS', 'ROLLBACK_SUCCESSFUL'],
    );
    assert.equal(last.rollback?.serviceRevisionArn, last.sourceServiceRevisions?.[0]?.arn);
    assert.equal(last.targetServiceRevision?.requestedProductionTrafficWeight, 0);
    assert.equal(last.targetServiceRevision?.runningTaskCount, 0);
    assert.equal(last.sourceServiceRevisions?.[0]?.runningTaskCount, 2);
    assert.equal(await taskDefinition(), 'web:1');
  });

  it('a paused hook that times out takes its timeout action (ROLLBACK by default)', async () => {
    await createWeb(ctx.ecs, clock, {
      strategy: 'BLUE_GREEN',
      bakeTimeInMinutes: 0,
      lifecycleHooks: [
        {
          targetType: 'PAUSE',
          lifecycleStages: ['POST_SCALE_UP'],
          timeoutConfiguration: { timeoutInMinutes: 30 },
        },
      ],
    });
    const arn = await deploy(ctx.ecs);
    await follow(ctx.ecs, clock, arn, 1000, 100, (d) => awaiting(d) !== undefined);
    clock.advance(31 * MINUTE);
    const d = await follow(ctx.ecs, clock, arn, 1000, 100);
    assert.equal(d.last.status, 'ROLLBACK_SUCCESSFUL');
    assert.equal(d.last.lifecycleHookDetails?.[0]?.status, 'TIMED_OUT');
  });

  it('a failing Lambda hook (fake.ecs.setHookFailure) rolls the deployment back; a passing one lets it through', async () => {
    const config = {
      strategy: 'BLUE_GREEN' as const,
      bakeTimeInMinutes: 0,
      lifecycleHooks: [
        { hookTargetArn: LAMBDA, roleArn: HOOK_ROLE, lifecycleStages: ['PRODUCTION_TRAFFIC_SHIFT' as const] },
      ],
    };
    await createWeb(ctx.ecs, clock, config);
    const ok = await follow(ctx.ecs, clock, await deploy(ctx.ecs), 1000, 100);
    assert.equal(ok.last.status, 'SUCCESSFUL');
    ctx.fake.ecs.setHookFailure(LAMBDA);
    const failed = await follow(ctx.ecs, clock, await deploy(ctx.ecs, 'web:3'), 1000, 100);
    assert.equal(failed.last.status, 'ROLLBACK_SUCCESSFUL');
    assert.match(failed.last.statusReason ?? '', /smoke-test failed/);
    assert.equal(await taskDefinition(), 'web:2');
  });

  it('an alarm going off during a LINEAR deployment rolls it back and is named (POST /__fake/ecs/alarm)', async () => {
    await createWeb(ctx.ecs, clock, {
      strategy: 'LINEAR',
      linearConfiguration: { stepPercent: 20, stepBakeTimeInMinutes: 5 },
      alarms: { alarmNames: ['web-5xx', 'web-latency'], enable: true, rollback: true },
    });
    const arn = await deploy(ctx.ecs);
    await follow(
      ctx.ecs,
      clock,
      arn,
      1000,
      100,
      (d) => d.targetServiceRevision?.requestedProductionTrafficWeight === 40,
    );
    const res = await fetch(`${ctx.fake.url}/__fake/ecs/alarm`, {
      method: 'POST',
      body: JSON.stringify({ name: 'web-latency', state: 'ALARM' }),
    });
    assert.equal(res.status, 200);
    const { last } = await follow(ctx.ecs, clock, arn, 1000, 100);
    assert.equal(last.status, 'ROLLBACK_SUCCESSFUL');
    assert.deepEqual(last.alarms, {
      status: 'TRIGGERED',
      alarmNames: ['web-5xx', 'web-latency'],
      triggeredAlarmNames: ['web-latency'],
    });
    assert.match(last.statusReason ?? '', /web-latency/);
    assert.equal(await taskDefinition(), 'web:1');
  });

  it('StopServiceDeployment ROLLBACK during a canary rolls back; stopping a finished deployment is a ConflictException', async () => {
    await createWeb(ctx.ecs, clock, {
      strategy: 'CANARY',
      canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 10 },
    });
    const arn = await deploy(ctx.ecs);
    await follow(
      ctx.ecs,
      clock,
      arn,
      1000,
      100,
      (d) => d.targetServiceRevision?.requestedProductionTrafficWeight === 10,
    );
    const out = await ctx.ecs.send(
      new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' }),
    );
    assert.equal(out.serviceDeploymentArn, arn);
    assert.equal((await describe1(ctx.ecs, arn)).status, 'ROLLBACK_REQUESTED');
    const { last } = await follow(ctx.ecs, clock, arn, 1000, 100);
    assert.equal(last.status, 'ROLLBACK_SUCCESSFUL');
    assert.match(last.rollback?.reason ?? '', /StopServiceDeployment/);
    const err = await rejection(
      ctx.ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn })),
    );
    assert.equal(err.name, 'ConflictException');
    const missing = await rejection(
      ctx.ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: `${arn.slice(0, -3)}zzz` })),
    );
    assert.equal(missing.name, 'ServiceDeploymentNotFoundException');
  });

  it('StopServiceDeployment ABORT: STOP_REQUESTED, then STOPPED where it stood', async () => {
    await createWeb(ctx.ecs, clock, { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 30 });
    const arn = await deploy(ctx.ecs);
    await follow(ctx.ecs, clock, arn, 1000, 100, (d) => d.lifecycleStage === 'BAKE_TIME');
    await ctx.ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ABORT' }));
    assert.equal((await describe1(ctx.ecs, arn)).status, 'STOP_REQUESTED');
    clock.advance(1000);
    const d = await describe1(ctx.ecs, arn);
    assert.equal(d.status, 'STOPPED');
    assert.ok(d.stoppedAt);
  });
});
