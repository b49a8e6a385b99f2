import * as assert from 'node:assert/strict';
import { ECSClient } from '@aws-sdk/client-ecs';
import { createEcsGateway, ECS_LIMITS } from '../../../src/aws/ecsGateway';
import { buildFleet } from '../../fakeAws/fleet';
import { FakeAws } from '../../fakeAws/server';

describe('EcsGateway against the fake ECS endpoint (real SDK client)', function () {
  let fake: FakeAws;
  let client: ECSClient;

  beforeEach(async () => {
    fake = await FakeAws.start();
    client = new ECSClient({
      region: fake.region,
      endpoint: fake.url,
      credentials: { accessKeyId: 'AKIDGATEWAY', secretAccessKey: 'gateway-secret' },
    });
  });
  afterEach(async () => {
    client.destroy();
    await fake.close();
  });

  it('lists every service of a 250-service cluster with the fewest calls: pages of 100, describes of 10', async () => {
    buildFleet(fake.ecs, { clusters: 1, servicesPerCluster: 250, tasksPerService: 0 });
    const gateway = createEcsGateway(client, { concurrency: () => 8 });
    const result = await gateway.listServices('cluster-01');
    assert.equal(result.items.length, 250);
    assert.equal(new Set(result.items.map((s) => s.serviceName)).size, 250);
    assert.deepEqual(result.failures, []);
    assert.equal(fake.stats.calls('ListServices'), 3);
    assert.equal(fake.stats.calls('DescribeServices'), 25);
  });

  it('never has more describes in flight than the concurrency setting', async () => {
    fake.faults.latencyMs = 20;
    buildFleet(fake.ecs, { clusters: 1, servicesPerCluster: 200, tasksPerService: 0 });
    await createEcsGateway(client, { concurrency: () => 3 }).listServices('cluster-01');
    assert.equal(fake.stats.peakConcurrency('DescribeServices'), 3);
    assert.equal(fake.stats.peakConcurrency('ListServices'), 1, 'the page chain is sequential');
  });

  it('lists clusters with their settings and tasks with the STOPPED filter', async () => {
    fake.ecs.createCluster('alpha', { containerInsights: true });
    fake.ecs.createCluster('beta');
    fake.ecs.addTask('alpha', {
      group: 'family:job',
      lastStatus: 'STOPPED',
      stoppedReason: 'Essential container in task exited',
    });
    fake.ecs.addTask('alpha', { group: 'family:job' });
    const gateway = createEcsGateway(client, { concurrency: () => 8 });
    const clusters = await gateway.listClusters();
    assert.deepEqual(clusters.items.map((c) => c.clusterName).sort(), ['alpha', 'beta']);
    const alpha = clusters.items.find((c) => c.clusterName === 'alpha');
    assert.equal(alpha?.settings?.find((s) => s.name === 'containerInsights')?.value, 'enabled');
    const stopped = await gateway.listTasks('alpha', { desiredStatus: 'STOPPED' });
    assert.equal(stopped.items.length, 1);
    assert.equal(stopped.items[0]?.stoppedReason, 'Essential container in task exited');
    assert.equal((await gateway.listTasks('alpha')).items.length, 1);
  });

  it('describes by ARN in limit-sized batches and returns failures for missing ones', async () => {
    buildFleet(fake.ecs, { clusters: 1, servicesPerCluster: 25, tasksPerService: 0 });
    const gateway = createEcsGateway(client, { concurrency: () => 8 });
    const names = Array.from({ length: 25 }, (_, i) => `svc-${String(i + 1).padStart(4, '0')}`);
    const result = await gateway.describeServices('cluster-01', [...names, 'does-not-exist']);
    assert.equal(result.items.length, 25);
    assert.equal(result.failures.length, 1);
    assert.equal(result.failures[0]?.reason, 'MISSING');
    assert.equal(fake.stats.calls('DescribeServices'), Math.ceil(26 / ECS_LIMITS.describeServices));
  });

  it('gets through throttling that the SDK retries', async () => {
    fake.ecs.createCluster('alpha');
    fake.faults.inject('ListClusters', 'throttle', 2);
    const gateway = createEcsGateway(client, { concurrency: () => 8 });
    const result = await gateway.listClusters();
    assert.equal(result.items.length, 1);
    assert.equal(fake.stats.calls('ListClusters'), 3);
  });

  it('stops a task and scales a service, and the fake reflects it', async () => {
    fake.ecs.createCluster('alpha');
    fake.ecs.createService('alpha', 'web', { desiredCount: 2 });
    const gateway = createEcsGateway(client, { concurrency: () => 8 });
    const tasks = await gateway.listTasks('alpha', { serviceName: 'web' });
    assert.equal(tasks.items.length, 2);
    const stopped = await gateway.stopTask('alpha', tasks.items[0]!.taskArn!, 'test stop');
    assert.equal(stopped?.desiredStatus, 'STOPPED');
    const updated = await gateway.updateService('alpha', 'web', { desiredCount: 5 });
    assert.equal(updated?.desiredCount, 5);
    assert.equal(fake.ecs.getService('alpha', 'web')?.desiredCount, 5);
  });
});
