/**
 * The Local view's provider: the tasks run on Docker in this window (task → containers), redrawn on
 * every change the runner reports. It needs no AWS connection. Its nodes are
 * src/explorer/nodes/localNodes.ts. The view itself is created at activation on a stand-in
 * (src/activation/views.ts); the core attaches this provider to it.
 */
import * as vscode from 'vscode';
import type { LocalTaskRegistry } from '../workflows/local/localTaskRegistry';
import { treeItemOf, withTooltip } from './ecsTreeDataProvider';
import type { ExplorerNode } from './nodes/explorerNode';
import { LocalTaskNode } from './nodes/localNodes';

export class LocalTreeProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: { dispose(): void };

  constructor(private readonly registry: LocalTaskRegistry) {
    this.subscription = registry.onDidChange(() => this.changed.fire(undefined));
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    return treeItemOf(node);
  }

  resolveTreeItem(item: vscode.TreeItem, node: ExplorerNode): vscode.TreeItem {
    return withTooltip(item, node);
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    if (node) return (await node.getChildren?.()) ?? [];
    return this.registry.tasks().map((t) => new LocalTaskNode(t));
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return node.parent;
  }

  /** Nothing is cached: the registry is the truth, so a refresh is a redraw. */
  refresh(): void {
    this.changed.fire(undefined);
  }

  collapsed(): void {
    // Nothing to release: the local tasks stay in the registry while they run.
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
