import * as assert from 'node:assert/strict';
import {
  drainAndDeleteService,
  clusterNotEmptyReason,
} from '../../../src/workflows/cleanUp/deleteServiceSafely';
import { executeCleanUp, summarizeResults } from '../../../src/workflows/cleanUp/cleanUpExecute';
import { planCleanUp } from '../../../src/workflows/cleanUp/cleanUpPlan';
import { aCluster, aService } from '../../fakes/ecsBuilders';
import { FakeEcsGateway } from '../../fakes/fakeEcsGateway';
import {
  deleteServicePrompt,
  typedNameProblem,
} from '../../../src/commands/service/deleteServiceConfirmation';
import { TARGET, tutorialAccount } from './cleanUpFakes';

describe('cleanUp execution (safe order, per-item results)', () => {
  it('deletes in order: scaling off, scale to 0, delete service, deregister, delete images, repository, cluster', async () => {
    const { gateways, ecs, taskDefinitions, ecr, scaling } = tutorialAccount();
    scaling.scaled.add('tutorial/web');
    const plan = await planCleanUp(TARGET, gateways, { keep: 0 });
    // The cluster empties once the service drained: the second DescribeClusters sees it empty.
    const sleeps: number[] = [];
    const results = await executeCleanUp(plan.items, gateways, {
      pollMs: 1000,
      drainTimeoutMs: 10_000,
      sleep: (ms) => {
        sleeps.push(ms);
        Object.assign(ecs.clusters[0]!, { activeServicesCount: 0, runningTasksCount: 0 });
        ecs.services.get('tutorial')![0]!.status = 'INACTIVE'; // drained
        return Promise.resolve();
      },
    });
    assert.deepEqual(scaling.calls, [{ method: 'deregisterTarget', args: ['tutorial', 'web'] }]);
    const ecsCalls = ecs.calls
      .map((c) => c.method)
      .filter((m) => m !== 'describeClusters' && m !== 'describeServices' && m !== 'listServices');
    assert.deepEqual(ecsCalls, ['updateService', 'deleteService', 'deleteCluster']);
    assert.deepEqual(ecs.callsTo('updateService')[0], ['tutorial', 'web', { desiredCount: 0 }]);
    assert.deepEqual(ecs.callsTo('deleteService')[0], ['tutorial', 'web', undefined], 'not forced');
    assert.deepEqual(ecs.callsTo('deleteCluster'), [['tutorial']]);
    assert.equal(taskDefinitions.callsTo('deregister').length, 7);
    assert.deepEqual(
      ecr.calls.filter((c) => c.method.startsWith('delete')).map((c) => c.method),
      ['deleteImages', 'deleteRepository'],
    );
    assert.equal((ecr.calls.find((c) => c.method === 'deleteImages')!.args[1] as string[]).length, 6);
    assert.deepEqual(sleeps, [1000], 'waited for the cluster to drain once');
    assert.equal(summarizeResults(results), '16 deleted');
    assert.deepEqual(
      [...new Set(results.map((r) => r.item.kind))],
      ['service', 'revision', 'image', 'repository', 'cluster'],
    );
    assert.match(results[0]!.message, /Service web deleted \(auto scaling removed, scaled from 2 to 0\)/);
  });

  it('keeps a repository that still holds images, and a cluster that does not drain in time', async () => {
    const { gateways } = tutorialAccount();
    const plan = await planCleanUp(TARGET, gateways, { keep: 3 });
    const selected = plan.items.filter(
      (i) => i.kind === 'repository' || i.kind === 'cluster' || i.kind === 'image',
    );
    const results = await executeCleanUp(selected, gateways, {
      pollMs: 10,
      drainTimeoutMs: 30,
      sleep: () => Promise.resolve(),
    });
    const repository = results.find((r) => r.item.kind === 'repository')!;
    assert.equal(repository.outcome, 'skipped');
    assert.match(repository.message, /still holds 3 images, so it was kept/);
    const cluster = results.find((r) => r.item.kind === 'cluster')!;
    assert.equal(cluster.outcome, 'skipped');
    assert.match(
      cluster.message,
      /Cluster tutorial still has 1 service and 2 running tasks\. Delete its services first/,
    );
    assert.equal(summarizeResults(results), '3 deleted, 2 skipped');
  });

  it('reports a failure for its item and carries on with the rest', async () => {
    const { gateways, taskDefinitions } = tutorialAccount();
    const plan = await planCleanUp(TARGET, gateways, { keep: 5 });
    taskDefinitions.failNext('deregister', new Error('AccessDenied: ecs:DeregisterTaskDefinition'));
    const results = await executeCleanUp(
      plan.items.filter((i) => i.kind === 'revision' || i.kind === 'image'),
      gateways,
    );
    assert.deepEqual(
      results.map((r) => r.outcome),
      ['failed', 'deleted', 'deleted'],
    );
    assert.match(results[0]!.message, /AccessDenied/);
  });

  it('skips what is left once cancelled', async () => {
    const { gateways, taskDefinitions } = tutorialAccount();
    const plan = await planCleanUp(TARGET, gateways, { keep: 3 });
    const controller = new AbortController();
    const results = await executeCleanUp(
      plan.items.filter((i) => i.kind === 'revision'),
      gateways,
      {
        signal: controller.signal,
        onProgress: (text) => {
          if (text.includes('(2/')) controller.abort();
        },
      },
    );
    assert.equal(taskDefinitions.callsTo('deregister').length, 1);
    assert.deepEqual(
      results.map((r) => r.outcome),
      ['deleted', 'skipped', 'skipped', 'skipped'],
    );
  });
});

describe('Delete Service steps and confirmation', () => {
  it('scales to 0 before DeleteService (not forced), and skips the scale when already 0', async () => {
    const ecs = new FakeEcsGateway();
    await drainAndDeleteService(
      { ecs },
      { cluster: 'c', service: 'web', desiredCount: 3, autoScaled: false },
    );
    await drainAndDeleteService(
      { ecs },
      { cluster: 'c', service: 'idle', desiredCount: 0, autoScaled: false },
    );
    assert.deepEqual(
      ecs.calls.map((c) => [c.method, ...c.args]),
      [
        ['updateService', 'c', 'web', { desiredCount: 0 }],
        ['deleteService', 'c', 'web', undefined],
        ['deleteService', 'c', 'idle', undefined],
      ],
    );
  });

  it('only the exact service name confirms, and the prompt says what happens', () => {
    assert.equal(typedNameProblem('web', 'web'), undefined);
    assert.match(typedNameProblem('web', 'Web') ?? '', /Type web exactly/);
    assert.ok(typedNameProblem('web', 'web ') !== undefined);
    const prompt = deleteServicePrompt({
      name: 'web',
      cluster: 'prod',
      desiredCount: 2,
      runningCount: 2,
      autoScaled: true,
    });
    assert.match(
      prompt,
      /auto scaling \(scalable target and policies\) is removed, then it is scaled from 2 to 0 \(2 running tasks stop\), then it is deleted from cluster prod and shows DRAINING/,
    );
  });

  it('refuses a cluster with services or tasks, saying what to do', () => {
    assert.equal(
      clusterNotEmptyReason('c', aCluster('c', { activeServicesCount: 0, runningTasksCount: 0 })),
      undefined,
    );
    assert.match(
      clusterNotEmptyReason(
        'c',
        aCluster('c', { activeServicesCount: 0, runningTasksCount: 0, pendingTasksCount: 1 }),
      ) ?? '',
      /still has 1 pending task\. Wait for its tasks to stop/,
    );
    const empty = aCluster('c', { activeServicesCount: 0, runningTasksCount: 0 });
    assert.match(
      clusterNotEmptyReason('c', empty, [aService('web', { status: 'DRAINING' })]) ?? '',
      /still has draining service web\. Wait until its tasks stopped/,
    );
  });
});
