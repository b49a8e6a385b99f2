// A 2,000-service cluster, expanded in the real extension host: the first page's services come
// with a "Loading more…" row, later pages append without any click, and the end has all 2,000
// rows sorted by name and no loading or "Load more" row. The fake answers every call after 50 ms,
// so the times printed are the ones a user would feel (figures, not assertions).
import * as assert from 'node:assert/strict';
import type * as vscode from 'vscode';
import { chainGaps, type CallEvent } from '../../fakeAws/stats';
import {
  extensionApi,
  fakeAdmin,
  fakeAdminPost,
  fakeAwsUrl,
  treeChildren,
  treeNode,
  type TestApi,
} from './helpers';
import { expandProgressively, LOADING_MORE } from './progressiveExpansion';

const CLUSTER = 'pace-cluster-01';
const SERVICES = 2000;
const LATENCY_MS = 50;

describe('explorer: a 2,000-service cluster lists progressively', function () {
  this.timeout(120_000);
  let api: TestApi;

  before(async function () {
    if (!fakeAwsUrl()) this.skip();
    api = await extensionApi();
    await fakeAdminPost('/__fake/fleet', {
      clusters: 1,
      servicesPerCluster: SERVICES,
      tasksPerService: 0,
      namePrefix: 'pace-',
    });
  });

  after(async () => {
    await fakeAdminPost('/__fake/faults', { latencyMs: 0 });
  });

  it('shows the first page with a loading row, then all 2,000 services without a "Load more" click', async () => {
    const cluster = await treeNode(CLUSTER);
    const provider = api.explorer as vscode.TreeDataProvider<unknown>;
    await fakeAdminPost('/__fake/faults', { latencyMs: LATENCY_MS });
    await fakeAdminPost('/__fake/reset', { only: 'stats' });
    // What VS Code does: each change event on the cluster makes it ask for the children again.
    const expansion = await expandProgressively(
      provider,
      cluster.element,
      async () => (await treeChildren(cluster)) ?? [],
    );
    try {
      const { first, firstMs, rows, allMs, renderMs } = expansion;
      const changes = expansion.changes();
      const loading = first.find((r) => r.label === LOADING_MORE);
      assert.ok(loading, `a "Loading more…" row while listing (saw ${first.length} rows)`);
      assert.equal(loading.collapsible, false);
      const firstRows = first.filter((r) => r.contextValue === 'ecs.service').length;
      assert.ok(firstRows >= 100 && firstRows < SERVICES, 'the first page is shown');
      const services = () => rows.filter((r) => r.contextValue === 'ecs.service');

      const labels = services().map((r) => r.label);
      assert.equal(labels.length, SERVICES, 'every service is listed');
      assert.deepEqual(
        labels,
        [...labels].sort((a, b) => a.localeCompare(b)),
        'sorted by name',
      );
      assert.ok(!rows.some((r) => /load more/i.test(r.label)), 'never a "Load more" row');
      assert.ok(changes >= 2, `the tree was told about later pages (${changes} change events)`);
      const ideal = 21 * LATENCY_MS;
      console.log(
        `      ${LATENCY_MS} ms per call: first ${firstRows} rows after ${firstMs.toFixed(0)} ms, ` +
          `all ${SERVICES} after ${allMs.toFixed(0)} ms (ideal ${ideal} ms, ratio ${(allMs / ideal).toFixed(2)}; ` +
          `${changes} updates taking ${renderMs.toFixed(0)} ms to render)`,
      );
      const { events } = await fakeAdmin<{ events: CallEvent[] }>('/__fake/stats?events=1');
      const gaps = chainGaps(events, 'ListServices');
      console.log(
        `      page chain: a page's request came ${gaps.mean.toFixed(1)} ms (mean; max ${gaps.max.toFixed(1)} ms) after the previous page's answer`,
      );
    } finally {
      expansion.dispose();
    }
  });
});
