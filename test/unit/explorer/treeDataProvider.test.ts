import '../support/vscodeStub';
import * as assert from 'node:assert/strict';
import { describeAwsError } from '../../../src/aws/awsErrors';
import { EcsTreeDataProvider } from '../../../src/explorer/ecsTreeDataProvider';
import { LiveUpdater } from '../../../src/explorer/liveUpdates';
import { clustersRoot } from '../../../src/explorer/nodes/clusterNode';
import type { ExplorerContext, ExplorerNode } from '../../../src/explorer/nodes/explorerNode';
import { silentLogger } from '../../../src/shared/logger';
import { aCluster, aService, NOW, REGION } from '../../fakes/ecsBuilders';
import { FakeEcsGateway } from '../../fakes/fakeEcsGateway';

/** The provider over a fake gateway, as the explorer wires it (a live updater when given). */
function providerOver(ecs: FakeEcsGateway, liveUpdater?: LiveUpdater): EcsTreeDataProvider {
  const ctx: ExplorerContext = { ecs, region: REGION, now: () => NOW };
  return new EcsTreeDataProvider({
    context: () => Promise.resolve(ctx),
    root: clustersRoot,
    ...(liveUpdater ? { liveUpdater } : {}),
    logger: silentLogger,
    describeError: (error, { step }) => describeAwsError(error, { step }),
    setState: () => undefined,
  });
}

describe('EcsTreeDataProvider', () => {
  it('makes a collapsed node list its children again when expanded, so they are followed again', async () => {
    const ecs = new FakeEcsGateway();
    ecs.clusters = [aCluster()];
    ecs.services.set('production', [aService('web', { pendingCount: 1 })]); // a rollout: followed
    const liveUpdater = new LiveUpdater({
      ecs: () => ecs,
      onChanged: () => undefined,
      logger: silentLogger,
      timers: { setTimeout: () => ({}), clearTimeout: () => undefined },
    });
    const provider = providerOver(ecs, liveUpdater);
    const fired: Array<ExplorerNode | undefined> = [];
    provider.onDidChangeTreeData((node) => fired.push(node));
    try {
      const [cluster] = await provider.getChildren();
      await provider.getChildren(cluster);
      assert.equal(liveUpdater.size, 1, 'the rolling service is followed');

      provider.collapsed(cluster!);
      assert.equal(liveUpdater.size, 0, 'nothing below a collapsed node is followed');
      // VS Code keeps a collapsed node's children and shows them again on expand without asking,
      // unless the node changed while collapsed: then it asks again.
      assert.deepEqual(fired, [cluster], 'the collapsed node is marked changed');

      const [service] = await provider.getChildren(cluster); // what VS Code does on the next expand
      assert.equal(liveUpdater.size, 1, 'followed again');
      provider.fire([service]);
      assert.equal(fired.at(-1), service, 'its updates reach the view again');
    } finally {
      liveUpdater.dispose();
      provider.dispose();
    }
  });

  it("forgets a re-listed node's previous children and everything below them", async () => {
    const ecs = new FakeEcsGateway();
    ecs.clusters = [aCluster()];
    ecs.services.set('production', [aService('web'), aService('api')]);
    const provider = providerOver(ecs);
    const fired: Array<ExplorerNode | undefined> = [];
    provider.onDidChangeTreeData((node) => fired.push(node));
    try {
      const [cluster] = await provider.getChildren();
      const before = await provider.getChildren(cluster);
      const below = (await Promise.all(before.map((service) => provider.getChildren(service)))).flat();
      assert.ok(below.length > 0, 'the services have children');
      provider.fire([...before, ...below]);
      assert.equal(fired.length, before.length + below.length, 'nodes VS Code holds are fired');

      fired.length = 0;
      const after = await provider.getChildren(cluster); // a progressive update or a refresh
      provider.fire([...before, ...below]);
      assert.deepEqual(fired, [], 'the previous generation, and what was below it, is stale');
      provider.fire(after);
      assert.deepEqual(fired, after, 'the new rows are fired');
    } finally {
      provider.dispose();
    }
  });

  it('refreshing one cluster describes that cluster only (no re-list of every cluster)', async () => {
    const ecs = new FakeEcsGateway();
    ecs.clusters = [aCluster(), aCluster('staging')];
    const provider = providerOver(ecs);
    try {
      const [production] = await provider.getChildren();
      ecs.clusters[0]!.runningTasksCount = 42;
      await provider.refresh(production);
      assert.equal(ecs.callsTo('listClusters').length, 1, 'only the first listing');
      assert.deepEqual(ecs.callsTo('describeClusters'), [[[aCluster().clusterArn]]]);
      assert.match(production!.view().description ?? '', /42/, 'the fresh counts are shown');
    } finally {
      provider.dispose();
    }
  });
});
