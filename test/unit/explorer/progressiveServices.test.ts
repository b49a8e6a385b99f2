import * as assert from 'node:assert/strict';
import type { Service } from '@aws-sdk/client-ecs';
import type { Described, OnBatch } from '../../../src/aws/listAndDescribe';
import { ClusterNode } from '../../../src/explorer/nodes/clusterNode';
import type { ChildrenProgress, ExplorerNode } from '../../../src/explorer/nodes/explorerNode';
import { MessageNode } from '../../../src/explorer/nodes/messageNode';
import { aCluster, aService, NOW, REGION } from '../../fakes/ecsBuilders';
import { FakeEcsGateway } from '../../fakes/fakeEcsGateway';

/** A gateway whose service listing the test drives batch by batch. */
class ScriptedListing extends FakeEcsGateway {
  private onBatch: OnBatch<Service> | undefined;
  private delivered: Service[] = [];
  private settle: { resolve: (r: Described<Service>) => void; reject: (e: Error) => void } | undefined;

  override listServices(cluster: string, _signal?: AbortSignal, onBatch?: OnBatch<Service>) {
    this.calls.push({ method: 'listServices', args: [cluster] });
    this.onBatch = onBatch;
    this.delivered = [];
    return new Promise<Described<Service>>((resolve, reject) => (this.settle = { resolve, reject }));
  }

  /** Describes arrive in batches of 10, as DescribeServices answers them. */
  deliver(names: readonly string[]): void {
    for (let i = 0; i < names.length; i += 10) {
      const items = names.slice(i, i + 10).map((n) => aService(n));
      this.delivered.push(...items);
      this.onBatch?.({ items, failures: [] });
    }
  }

  end(): void {
    this.settle?.resolve({ items: this.delivered, failures: [] });
  }

  fail(error: Error): void {
    this.settle?.reject(error);
  }
}

const names = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => `svc-${String(from + i).padStart(4, '0')}`);
const tick = () => new Promise((resolve) => setImmediate(resolve));
const serviceLabels = (nodes: ExplorerNode[]) =>
  nodes.filter((n) => n.id.includes('/service:')).map((n) => n.view().label);

function setUp(total = 400) {
  const ecs = new ScriptedListing();
  const cluster = new ClusterNode(
    { ecs, region: REGION, now: () => NOW },
    aCluster('big', { activeServicesCount: total }),
  );
  const changed: ExplorerNode[] = [];
  const progress: ChildrenProgress = {
    changed: (node) => changed.push(node),
    problem: (node, error) =>
      new MessageNode(node, 'error', `Listing failed: ${(error as Error).message}`, undefined, 'failed', {
        id: 'ecsFargate.ssoLogin',
        title: 'Sign in',
        args: [],
      }),
  };
  return { ecs, cluster, changed, progress };
}

describe('A big cluster lists its services progressively', () => {
  it('shows the first page with a "Loading more…" row, appends later pages, and ends without it', async () => {
    const { ecs, cluster, changed, progress } = setUp();
    const first = cluster.getChildren(undefined, progress);
    ecs.deliver(names(0, 100));
    const page1 = await first;
    assert.equal(serviceLabels(page1).length, 100);
    const loading = page1.find((n) => n.id.endsWith('/loading'));
    assert.ok(loading, 'a loading row while the listing goes on');
    const view = loading.view();
    assert.equal(view.label, 'Loading more…');
    assert.equal(view.description, '100 of 400 services');
    assert.equal(view.icon?.id, 'loading~spin');
    assert.equal(view.command, undefined, 'not clickable');
    assert.equal(view.collapsible, 'none');
    assert.deepEqual(
      page1.slice(-3).map((n) => n.id.split('/').pop()),
      ['loading', 'group:standalone', 'group:stopped'],
      'the loading row ends the services, before the task groups',
    );

    ecs.deliver(names(100, 150));
    assert.equal(changed.length, 0, 'no re-render for less than a page');
    ecs.deliver(names(150, 200));
    assert.deepEqual(changed, [cluster], 'a re-render once a page more arrived');
    ecs.deliver(names(200, 210));
    assert.equal(changed.length, 1, 'not told again before the tree asked');
    const page2 = await cluster.getChildren(undefined, progress);
    assert.equal(serviceLabels(page2).length, 210);
    ecs.deliver(names(210, 400));
    assert.equal(changed.length, 1, 'the next re-render waits until the rows double (210 → 420)');
    assert.ok(page2.some((n) => n.id.endsWith('/loading')));
    assert.equal(ecs.callsTo('listServices').length, 1, 'asking again shows the listing in progress');

    ecs.end();
    await tick();
    assert.equal(changed.length, 3, 'told when every row is in, and again with their utilization');
    const all = await cluster.getChildren(undefined, progress);
    assert.deepEqual(serviceLabels(all), names(0, 400));
    assert.ok(!all.some((n) => n.id.endsWith('/loading')), 'no loading row once complete');
    assert.ok(!all.some((n) => n.view().label === 'Load more'), 'never a "Load more" row');

    void cluster.getChildren(undefined, progress);
    assert.equal(ecs.callsTo('listServices').length, 2, 'the next expand or refresh lists afresh');
  });

  it('keeps the rows sorted by name while pages arrive out of order', async () => {
    const { ecs, cluster, progress } = setUp(300);
    const first = cluster.getChildren(undefined, progress);
    ecs.deliver(names(200, 300));
    assert.deepEqual(serviceLabels(await first), names(200, 300));
    ecs.deliver(names(0, 100));
    assert.deepEqual(serviceLabels(await cluster.getChildren(undefined, progress)), [
      ...names(0, 100),
      ...names(200, 300),
    ]);
  });

  it('a failure part-way keeps the services so far and puts an error row with its fix where the loading row was', async () => {
    const { ecs, cluster, changed, progress } = setUp();
    const first = cluster.getChildren(undefined, progress);
    ecs.deliver(names(0, 100));
    await first;
    ecs.fail(new Error('Rate exceeded'));
    await tick();
    assert.deepEqual(changed, [cluster]);
    const after = await cluster.getChildren(undefined, progress);
    assert.equal(serviceLabels(after).length, 100, 'the services so far stay');
    assert.ok(!after.some((n) => n.id.endsWith('/loading')));
    const error = after.find((n) => n instanceof MessageNode && n.kind === 'error');
    assert.ok(error, 'an error row');
    assert.equal(error.view().label, 'Listing failed: Rate exceeded');
    assert.equal(error.parent, cluster, 'its retry re-lists the cluster');
    void cluster.getChildren(undefined, progress);
    assert.equal(ecs.callsTo('listServices').length, 2, 'retry lists afresh');
  });

  it('a failure before any service was described throws, so the tree shows its usual error node', async () => {
    const { ecs, cluster, progress } = setUp();
    const first = cluster.getChildren(undefined, progress);
    ecs.fail(new Error('AccessDenied'));
    await assert.rejects(first, /AccessDenied/);
  });
});
