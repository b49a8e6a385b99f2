// The Clusters tree, read through the extension's data provider, shows the fake's demo fleet.
import * as assert from 'node:assert/strict';
import { fakeAwsUrl, treeChildren, treeNode, waitFor } from './helpers';

describe('explorer (demo fleet)', function () {
  before(function () {
    if (!fakeAwsUrl()) this.skip(); // needs the fake AWS endpoint with --fleet demo
  });

  it('lists the clusters', async function () {
    const roots = await treeChildren();
    assert.ok(roots, 'activate() exposes the explorer provider');
    const labels = await waitFor('the clusters production and staging', async () => {
      const l = ((await treeChildren()) ?? []).map((n) => n.label);
      return l.includes('production') && l.includes('staging') ? l : undefined;
    });
    console.log(`      clusters: ${labels.join(', ')}`);
  });

  it('shows a cluster’s services and its task groups', async () => {
    const production = await treeNode('production');
    const children = (await treeChildren(production)) ?? [];
    const labels = children.map((c) => c.label);
    for (const want of ['web-frontend', 'orders-api', 'Standalone tasks', 'Stopped tasks']) {
      assert.ok(labels.includes(want), `"${want}" under production (saw ${labels.join(', ')})`);
    }
    const web = children.find((c) => c.label === 'web-frontend');
    assert.match(web?.description ?? '', /\b3\/3\b/, 'web-frontend shows 3/3 running');
  });
});
