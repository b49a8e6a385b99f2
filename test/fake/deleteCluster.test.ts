import * as assert from 'node:assert/strict';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteClusterCommand,
  DeleteServiceCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  ListClustersCommand,
  ListServicesCommand,
  RunTaskCommand,
  StopTaskCommand,
} from '@aws-sdk/client-ecs';
import { ManualClock } from '../fakeAws';
import { registerFargate, rejection, useFake } from './helpers';

const NETWORK = { awsvpcConfiguration: { subnets: ['subnet-aaa'], assignPublicIp: 'ENABLED' as const } };
const ARN = 'arn:aws:ecs:us-east-1:123456789012:cluster';

describe('fake AWS ECS: CreateCluster settings and DeleteCluster (services, tasks, INACTIVE)', () => {
  const clock = new ManualClock();
  const ctx = useFake({ clock });
  beforeEach(() => registerFargate(ctx.fake));

  it('CreateCluster renders settings, capacity providers and the default strategy back', async () => {
    const out = await ctx.ecs.send(
      new CreateClusterCommand({
        clusterName: 'dev',
        settings: [{ name: 'containerInsights', value: 'enabled' }],
        capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
        defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
        tags: [{ key: 'env', value: 'dev' }],
      }),
    );
    assert.deepEqual(out.cluster?.settings, [{ name: 'containerInsights', value: 'enabled' }]);
    assert.deepEqual(out.cluster?.capacityProviders, ['FARGATE', 'FARGATE_SPOT']);
    assert.deepEqual(out.cluster?.defaultCapacityProviderStrategy, [
      { capacityProvider: 'FARGATE_SPOT', weight: 1 },
    ]);
    assert.deepEqual(out.cluster?.tags, [{ key: 'env', value: 'dev' }]);
    const described = await ctx.ecs.send(
      new DescribeClustersCommand({ clusters: ['dev'], include: ['SETTINGS'] }),
    );
    assert.deepEqual(described.clusters?.[0]?.defaultCapacityProviderStrategy, [
      { capacityProvider: 'FARGATE_SPOT', weight: 1 },
    ]);
    // RunTask with neither launch type nor strategy uses the cluster's default strategy.
    const run = await ctx.ecs.send(
      new RunTaskCommand({ cluster: 'dev', taskDefinition: 'app', networkConfiguration: NETWORK }),
    );
    assert.equal(run.tasks?.[0]?.capacityProviderName, 'FARGATE_SPOT');
    assert.equal(run.tasks?.[0]?.launchType, 'FARGATE');
    const bad = await rejection(
      ctx.ecs.send(
        new CreateClusterCommand({
          clusterName: 'bad',
          capacityProviders: ['FARGATE'],
          defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT' }],
        }),
      ),
    );
    assert.equal(bad.name, 'InvalidParameterException');
  });

  it('refuses while services are ACTIVE or DRAINING, then while tasks are not STOPPED; then INACTIVE', async () => {
    await ctx.ecs.send(new CreateClusterCommand({ clusterName: 'temp' }));
    await ctx.ecs.send(
      new CreateServiceCommand({
        cluster: 'temp',
        serviceName: 'api',
        taskDefinition: 'app',
        desiredCount: 1,
        launchType: 'FARGATE',
        networkConfiguration: NETWORK,
      }),
    );
    const withService = await rejection(ctx.ecs.send(new DeleteClusterCommand({ cluster: 'temp' })));
    assert.equal(withService.name, 'ClusterContainsServicesException');
    assert.equal(withService.message, 'The Cluster cannot be deleted while Services are active.');
    await ctx.ecs.send(new DeleteServiceCommand({ cluster: 'temp', service: 'api', force: true }));
    const draining = await ctx.ecs.send(new DescribeServicesCommand({ cluster: 'temp', services: ['api'] }));
    assert.equal(draining.services?.[0]?.status, 'DRAINING');
    assert.equal(
      (await rejection(ctx.ecs.send(new DeleteClusterCommand({ cluster: 'temp' })))).name,
      'ClusterContainsServicesException',
    );
    clock.advance(5000);
    const inactive = await ctx.ecs.send(new DescribeServicesCommand({ cluster: 'temp', services: ['api'] }));
    assert.equal(inactive.services?.[0]?.status, 'INACTIVE');

    const run = await ctx.ecs.send(
      new RunTaskCommand({
        cluster: 'temp',
        taskDefinition: 'app',
        launchType: 'FARGATE',
        networkConfiguration: NETWORK,
      }),
    );
    const withTask = await rejection(ctx.ecs.send(new DeleteClusterCommand({ cluster: 'temp' })));
    assert.equal(withTask.name, 'ClusterContainsTasksException');
    assert.equal(withTask.message, 'The Cluster cannot be deleted while Tasks are active.');
    await ctx.ecs.send(new StopTaskCommand({ cluster: 'temp', task: run.tasks![0]!.taskArn! }));
    assert.equal(
      (await rejection(ctx.ecs.send(new DeleteClusterCommand({ cluster: 'temp' })))).name,
      'ClusterContainsTasksException',
      'still stopping',
    );
    clock.advance(5000);

    const deleted = await ctx.ecs.send(new DeleteClusterCommand({ cluster: `${ARN}/temp` }));
    assert.equal(deleted.cluster?.status, 'INACTIVE');
    assert.equal(deleted.cluster?.clusterArn, `${ARN}/temp`);
    const described = await ctx.ecs.send(new DescribeClustersCommand({ clusters: ['temp'] }));
    assert.equal(described.clusters?.[0]?.status, 'INACTIVE');
    assert.ok(!(await ctx.ecs.send(new ListClustersCommand({}))).clusterArns?.includes(`${ARN}/temp`));
    assert.equal(
      (await rejection(ctx.ecs.send(new ListServicesCommand({ cluster: 'temp' })))).name,
      'ClusterNotFoundException',
    );
    assert.equal(
      (
        await rejection(
          ctx.ecs.send(
            new RunTaskCommand({
              cluster: 'temp',
              taskDefinition: 'app',
              launchType: 'FARGATE',
              networkConfiguration: NETWORK,
            }),
          ),
        )
      ).name,
      'ClusterNotFoundException',
    );
    assert.equal(
      (await rejection(ctx.ecs.send(new DeleteClusterCommand({ cluster: 'temp' })))).name,
      'ClusterNotFoundException',
    );
    const again = await ctx.ecs.send(new CreateClusterCommand({ clusterName: 'temp' }));
    assert.equal(again.cluster?.status, 'ACTIVE');
    assert.ok((await ctx.ecs.send(new ListClustersCommand({}))).clusterArns?.includes(`${ARN}/temp`));
  });

  it('an empty cluster deletes at once', async () => {
    await ctx.ecs.send(new CreateClusterCommand({ clusterName: 'empty' }));
    assert.equal(
      (await ctx.ecs.send(new DeleteClusterCommand({ cluster: 'empty' }))).cluster?.status,
      'INACTIVE',
    );
  });
});
