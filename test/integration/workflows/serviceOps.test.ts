// Service operations through the real SDK clients against the fake AWS endpoint: scale, force a new
// deployment, update to a revision / roll back, delete a service (auto scaling removed, drained to 0)
// and delete a cluster only once empty, asserting the fake's state and the calls it received.
import * as assert from 'node:assert/strict';
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { ECSClient } from '@aws-sdk/client-ecs';
import { describeAwsError } from '../../../src/aws/awsErrors';
import { createEcsGateway, type EcsGateway } from '../../../src/aws/ecsGateway';
import { createScalingGateway, ecsResourceId, type ScalingGateway } from '../../../src/aws/scalingGateway';
import {
  createTaskDefinitionGateway,
  type TaskDefinitionGateway,
} from '../../../src/aws/taskDefinitionGateway';
import {
  clusterNotEmptyReason,
  drainAndDeleteService,
  waitForEmptyCluster,
} from '../../../src/workflows/cleanUp/deleteServiceSafely';
import { findPreviousRevision } from '../../../src/workflows/previousRevision';
import { formatServiceEvents } from '../../../src/workflows/serviceEvents';
import { ManualClock } from '../../fakeAws/clock';
import { FakeAws } from '../../fakeAws/server';
import { registerFamily } from '../../fakeAws/templates';
import { fakeSdkConfig } from '../fakeSdkConfig';

describe('service operations against the fake AWS endpoint (real SDK clients)', function () {
  let fake: FakeAws;
  let clock: ManualClock;
  let ecsClient: ECSClient;
  let scalingClient: ApplicationAutoScalingClient;
  let ecs: EcsGateway;
  let taskDefinitions: TaskDefinitionGateway;
  let scaling: ScalingGateway;

  const service = (name = 'web') => fake.ecs.services.get('prod')!.get(name)!;

  beforeEach(async () => {
    clock = new ManualClock();
    fake = await FakeAws.start({ clock });
    const config = fakeSdkConfig(fake, 'AKIDSVCOPS');
    ecsClient = new ECSClient(config);
    scalingClient = new ApplicationAutoScalingClient(config);
    ecs = createEcsGateway(ecsClient, { concurrency: () => 4 });
    taskDefinitions = createTaskDefinitionGateway(ecsClient);
    scaling = createScalingGateway(scalingClient, { concurrency: () => 4 });
    fake.ecs.createCluster('prod');
    registerFamily(fake.ecs, 'web', 3);
    fake.ecs.createService('prod', 'web', { desiredCount: 2, taskDefinition: 'web:3' });
  });
  afterEach(async () => {
    ecsClient.destroy();
    scalingClient.destroy();
    await fake.close();
  });

  it('Scale sends UpdateService with only desiredCount', async () => {
    const before = fake.stats.calls('UpdateService');
    await ecs.updateService('prod', 'web', { desiredCount: 5 });
    assert.equal(fake.stats.calls('UpdateService') - before, 1);
    assert.equal(service().desiredCount, 5);
    assert.match(service().taskDefinitionArn, /web:3$/, 'the revision is unchanged');
  });

  it('Force New Deployment starts a new PRIMARY deployment of the same revision', async () => {
    const was = service().deployments[0]!.id;
    await ecs.updateService('prod', 'web', { forceNewDeployment: true });
    const primary = service().deployments[0]!;
    assert.notEqual(primary.id, was);
    assert.match(primary.taskDefinitionArn, /web:3$/);
    assert.equal(service().desiredCount, 2);
  });

  it('Roll Back goes to the highest ACTIVE revision below, then to the previous deployment’s', async () => {
    fake.ecs.taskDefinitions.deregister('web:2', clock.now());
    const described = async () => (await ecs.describeServices('prod', ['web'])).items[0]!;
    const first = await findPreviousRevision(await described(), taskDefinitions);
    assert.ok(first.found);
    assert.equal(first.label, 'web:1', 'web:2 is INACTIVE');
    assert.equal(first.source, 'previousActiveRevision');
    await ecs.updateService('prod', 'web', { taskDefinition: first.taskDefinitionArn });
    assert.match(service().taskDefinitionArn, /web:1$/);
    assert.equal(service().desiredCount, 2, 'the desired count is not touched');
    // The rollout is in progress: ECS lists the web:3 deployment as ACTIVE, so "back" is web:3.
    const second = await findPreviousRevision(await described(), taskDefinitions);
    assert.ok(second.found);
    assert.equal(second.label, 'web:3');
    assert.equal(second.source, 'previousDeployment');
    const text = formatServiceEvents(await described(), 'prod');
    assert.ok(text.indexOf('web:3 ·') < text.indexOf('web:1 ·'), `older deployment first:\n${text}`);
  });

  it('Delete Service removes auto scaling, scales to 0 and deletes without force (DRAINING)', async () => {
    fake.autoScaling.registerTarget({
      namespace: 'ecs',
      resourceId: ecsResourceId('prod', 'web'),
      dimension: 'ecs:service:DesiredCount',
      min: 1,
      max: 4,
    });
    assert.equal(await scaling.isAutoScaled('prod', 'web'), true);
    const deleted = await drainAndDeleteService(
      { ecs, scaling },
      { cluster: 'prod', service: service().arn, desiredCount: 2, autoScaled: true },
    );
    assert.equal(fake.autoScaling.ecsTarget('prod', 'web'), undefined, 'the scalable target is gone');
    assert.equal(deleted.service?.status, 'DRAINING');
    assert.equal(service().status, 'DRAINING');
    assert.equal(service().desiredCount, 0);
    assert.equal(fake.stats.calls('UpdateService'), 1);
    assert.equal(fake.stats.calls('DeleteService'), 1);
    assert.equal(fake.stats.calls('DeregisterScalableTarget'), 1);
  });

  it('DeleteService alone refuses a service above 0: that is why it is scaled first', async () => {
    await assert.rejects(ecs.deleteService('prod', 'web'), (e: Error) => {
      assert.match(describeAwsError(e, { step: 'Deleting the service' }).message, /scaled above 0/);
      return true;
    });
  });

  it('Delete Cluster: refused while it has services (ours and ECS’s message), allowed once drained', async () => {
    const cluster = async () => (await ecs.describeClusters(['prod'])).items[0]!;
    assert.match(
      clusterNotEmptyReason('prod', await cluster()) ?? '',
      /still has 1 service and 2 running tasks/,
    );
    await assert.rejects(ecs.deleteCluster('prod'), (e: Error) => {
      const problem = describeAwsError(e, { step: 'Deleting the cluster' });
      assert.equal(e.name, 'ClusterContainsServicesException');
      assert.equal(problem.kind, 'invalidInput');
      assert.match(problem.message, /^Deleting the cluster failed — AWS rejected the request: /);
      return true;
    });
    await drainAndDeleteService(
      { ecs },
      { cluster: 'prod', service: 'web', desiredCount: 2, autoScaled: false },
    );
    const drained = await waitForEmptyCluster(ecs, 'prod', {
      timeoutMs: 10 * 60_000,
      pollMs: 5_000,
      sleep: (ms) => Promise.resolve(clock.advance(ms)),
    });
    assert.ok(drained.cluster);
    assert.equal(clusterNotEmptyReason('prod', drained.cluster, drained.services), undefined);
    const gone = await ecs.deleteCluster('prod');
    assert.equal(gone?.status, 'INACTIVE');
  });
});
