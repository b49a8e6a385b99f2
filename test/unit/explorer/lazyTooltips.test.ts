import '../support/vscodeStub';
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { LazyTreeDataProvider } from '../../../src/activation/lazyProviders';
import { describeAwsError } from '../../../src/aws/awsErrors';
import { EcsTreeDataProvider } from '../../../src/explorer/ecsTreeDataProvider';
import { clustersRoot } from '../../../src/explorer/nodes/clusterNode';
import type { ExplorerContext, ExplorerNode } from '../../../src/explorer/nodes/explorerNode';
import { silentLogger } from '../../../src/shared/logger';
import { aCluster, aService, aTask, NOW, REGION } from '../../fakes/ecsBuilders';
import { FakeEcsGateway } from '../../fakes/fakeEcsGateway';

/** The tooltip as getTreeItem built it before it became lazy (main at 256494c), for comparison. */
function eagerTooltip(node: ExplorerNode): vscode.MarkdownString | undefined {
  const markdown = node.view().tooltip;
  if (!markdown) return undefined;
  const tooltip = new vscode.MarkdownString(markdown, true);
  tooltip.isTrusted = false;
  return tooltip;
}

const token = new vscode.CancellationTokenSource().token;

describe('Lazy tooltips (docs/performance.md §3)', () => {
  async function explorer() {
    const ecs = new FakeEcsGateway();
    ecs.clusters = [aCluster()];
    ecs.services.set('production', [aService('web', { pendingCount: 1 })]);
    ecs.tasks.set('production', [aTask('aaaaaaaa000000000000000000000000', { group: 'service:web' })]);
    const ctx: ExplorerContext = { ecs, region: REGION, now: () => NOW };
    const provider = new EcsTreeDataProvider({
      context: () => Promise.resolve(ctx),
      root: clustersRoot,
      logger: silentLogger,
      describeError: (error, { step }) => describeAwsError(error, { step }),
      setState: () => undefined,
    });
    const [cluster] = await provider.getChildren();
    const [service] = await provider.getChildren(cluster);
    const [task] = await provider.getChildren(service);
    assert.match(service!.view().label, /^web$/);
    assert.match(task!.view().label, /^aaaaaaaa/);
    return { provider, cluster: cluster!, service: service!, task: task! };
  }

  it('builds rows without a tooltip and the same Markdown as before on hover, for a service and a task', async () => {
    const { provider, cluster, service, task } = await explorer();
    try {
      for (const node of [cluster, service, task]) {
        const label = node.view().label;
        const item = provider.getTreeItem(node);
        assert.equal(item.tooltip, undefined, `${label}: no tooltip until hovered`);
        const resolved = provider.resolveTreeItem(item, node);
        assert.equal(resolved, item, 'the hovered row itself gets it');
        assert.ok(resolved.tooltip instanceof vscode.MarkdownString, label);
        assert.deepEqual(resolved.tooltip, eagerTooltip(node), `${label}: the tooltip of before`);
        assert.equal(resolved.tooltip.isTrusted, false, 'text from AWS: never trusted');
      }
      const serviceTip = (
        provider.resolveTreeItem(provider.getTreeItem(service), service).tooltip as vscode.MarkdownString
      ).value;
      assert.match(serviceTip, /^\*\*Service web\*\*/);
      assert.match(serviceTip, /\*\*Tasks:\*\* 3 running \/ 3 desired \/ 1 pending/);
      const taskTip = (
        provider.resolveTreeItem(provider.getTreeItem(task), task).tooltip as vscode.MarkdownString
      ).value;
      assert.match(taskTip, /^\*\*Task aaaaaaaa0{24}\*\*/);
      assert.match(taskTip, /\*\*Started by:\*\* `service:web`/);
    } finally {
      provider.dispose();
    }
  });

  it('the view stand-in VS Code holds from activation passes the hover on to the provider', async () => {
    const { provider, task } = await explorer();
    const standIn = new LazyTreeDataProvider<ExplorerNode>(() => standIn.attach(provider));
    try {
      const item = standIn.getTreeItem(task);
      assert.equal(item.tooltip, undefined);
      assert.deepEqual(standIn.resolveTreeItem(item, task, token).tooltip, eagerTooltip(task));
    } finally {
      standIn.dispose();
      provider.dispose();
    }
  });
});
