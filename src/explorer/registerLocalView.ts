/**
 * The Local view: the tasks run on Docker in this window (task → containers), redrawn on every
 * change the runner reports. It needs no AWS connection. Its nodes are src/explorer/nodes/localNodes.ts.
 */
import * as vscode from 'vscode';
import type { LocalTaskRegistry } from '../workflows/local/localTaskRegistry';
import { treeItemOf } from './ecsTreeDataProvider';
import type { ExplorerNode } from './nodes/explorerNode';
import { LocalTaskNode } from './nodes/localNodes';

export const LOCAL_VIEW_ID = 'ecsFargate.local';

class LocalTreeProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: { dispose(): void };

  constructor(private readonly registry: LocalTaskRegistry) {
    this.subscription = registry.onDidChange(() => this.changed.fire(undefined));
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    return treeItemOf(node);
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    if (node) return (await node.getChildren?.()) ?? [];
    return this.registry.tasks().map((t) => new LocalTaskNode(t));
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return node.parent;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

export function registerLocalView(registry: LocalTaskRegistry): vscode.Disposable {
  const provider = new LocalTreeProvider(registry);
  const view = vscode.window.createTreeView(LOCAL_VIEW_ID, { treeDataProvider: provider });
  return vscode.Disposable.from(view, provider);
}
