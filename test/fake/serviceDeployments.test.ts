import * as assert from 'node:assert/strict';
import {
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
} from '@aws-sdk/client-ecs';
import { ManualClock } from '../fakeAws';
import { createWeb, deploy, describe1, follow, registerWeb } from './deploymentHelpers';
import { useFake } from './helpers';

describe('fake AWS ECS: service deployments of the rolling and blue/green strategies (ManualClock)', () => {
  const clock = new ManualClock();
  const ctx = useFake({ clock });
  beforeEach(() => {
    ctx.fake.ecs.createCluster('default');
    registerWeb(ctx.fake);
  });

  it('a rolling UpdateService makes a service deployment: PENDING, IN_PROGRESS, then SUCCESSFUL with revisions', async () => {
    await createWeb(ctx.ecs, clock, {}, []);
    const arn = await deploy(ctx.ecs);
    assert.match(arn, /^arn:aws:ecs:us-east-1:123456789012:service-deployment\/default\/web\/[\w-]{21}$/);
    const first = await describe1(ctx.ecs, arn);
    assert.equal(first.status, 'PENDING');
    assert.equal(first.deploymentConfiguration?.strategy, undefined);
    const { lines, last } = await follow(ctx.ecs, clock, arn, 1000);
    assert.deepEqual(lines, ['PENDING - -/-', 'IN_PROGRESS - -/-', 'SUCCESSFUL - -/-']);
    assert.ok(last.finishedAt && last.startedAt && last.finishedAt > last.startedAt);
    assert.equal(last.targetServiceRevision?.runningTaskCount, 2);
    assert.equal(last.sourceServiceRevisions?.length, 1);
    const revisions = await ctx.ecs.send(
      new DescribeServiceRevisionsCommand({
        serviceRevisionArns: [last.targetServiceRevision.arn!, last.sourceServiceRevisions[0]!.arn!],
      }),
    );
    assert.deepEqual(
      revisions.serviceRevisions?.map((r) => r.taskDefinition?.split('/').pop()),
      ['web:2', 'web:1'],
    );
    assert.deepEqual(revisions.serviceRevisions?.[0]?.containerImages, [
      { containerName: 'web', image: 'web:2' },
    ]);
    const service = (await ctx.ecs.send(new DescribeServicesCommand({ services: ['web'] }))).services?.[0];
    assert.equal(service?.currentServiceDeployment, arn);
    assert.deepEqual(
      service?.currentServiceRevisions?.map((r) => r.arn),
      [last.targetServiceRevision?.arn],
    );
    const list = await ctx.ecs.send(new ListServiceDeploymentsCommand({ service: 'web' }));
    assert.deepEqual(
      list.serviceDeployments?.map((d) => d.status),
      ['SUCCESSFUL', 'SUCCESSFUL'],
      'newest first: this deployment, then the one CreateService made',
    );
    assert.equal(list.serviceDeployments?.[0]?.serviceDeploymentArn, arn);
  });

  it('BLUE_GREEN walks its stages, keeps the blue tasks through the bake time, then cleans them up', async () => {
    await createWeb(ctx.ecs, clock, { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5 });
    const arn = await deploy(ctx.ecs);
    const { lines, last } = await follow(
      ctx.ecs,
      clock,
      arn,
      1000,
      30,
      (d) => d.lifecycleStage === 'BAKE_TIME',
    );
    assert.deepEqual(lines, [
      'PENDING - 0/0',
      'IN_PROGRESS PRE_SCALE_UP 0/0',
      'IN_PROGRESS SCALE_UP 0/0',
      'IN_PROGRESS POST_SCALE_UP 0/0',
      'IN_PROGRESS TEST_TRAFFIC_SHIFT 0/0',
      'IN_PROGRESS POST_TEST_TRAFFIC_SHIFT 100/0',
      'IN_PROGRESS PRE_PRODUCTION_TRAFFIC_SHIFT 100/0',
      'IN_PROGRESS PRODUCTION_TRAFFIC_SHIFT 100/0',
      'IN_PROGRESS POST_PRODUCTION_TRAFFIC_SHIFT 100/100',
      'IN_PROGRESS BAKE_TIME 100/100',
    ]);
    assert.equal(last.sourceServiceRevisions?.[0]?.runningTaskCount, 2, 'blue still runs while baking');
    assert.equal(last.sourceServiceRevisions?.[0]?.requestedProductionTrafficWeight, 0);
    assert.equal(last.targetServiceRevision?.runningTaskCount, 2);
    clock.advance(4 * 60_000);
    assert.equal((await describe1(ctx.ecs, arn)).lifecycleStage, 'BAKE_TIME');
    const done = await follow(ctx.ecs, clock, arn, 1000, 120);
    assert.deepEqual(done.lines.slice(-2), ['IN_PROGRESS CLEAN_UP 100/100', 'SUCCESSFUL - 100/100']);
    assert.equal(done.last.sourceServiceRevisions?.[0]?.runningTaskCount, 0);
    const tasks = await ctx.ecs.send(new ListTasksCommand({ serviceName: 'web' }));
    assert.equal(tasks.taskArns?.length, 2);
  });
});
