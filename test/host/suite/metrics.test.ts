// Service utilization in the Clusters tree: the demo fleet's production services have CloudWatch series.
import * as assert from 'node:assert/strict';
import { assertCommandRegistered, fakeAwsUrl, treeChildren, treeNode, waitFor } from './helpers';

describe('service metrics (demo fleet)', function () {
  before(async function () {
    if (!fakeAwsUrl()) this.skip(); // needs the fake AWS endpoint with --fleet demo
    await assertCommandRegistered('ecsFargate.showServiceMetrics');
  });

  it('shows CPU and memory utilization in a service node’s description', async () => {
    const production = await treeNode('production');
    const web = await waitFor('web-frontend with its utilization', async () => {
      const children = (await treeChildren(production)) ?? [];
      const node = children.find((c) => c.label === 'web-frontend');
      return node?.description && /CPU \d+%/.test(node.description) ? node : undefined;
    });
    assert.match(web.description ?? '', /CPU \d+% · mem \d+%/);
    assert.match(web.tooltip ?? '', /Utilization/);
    console.log(`      web-frontend: ${web.description ?? ''}`);
  });
});
