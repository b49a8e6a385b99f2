/**
 * The one tree data provider of the ECS explorer. It asks each node for its view and children
 * (no instanceof ladder), turns failures into error nodes with a retry action (never a toast),
 * shows the welcome view when there are no credentials or no clusters, and hands transitional
 * nodes to the LiveUpdater.
 */
import { setMaxListeners } from 'node:events';
import * as vscode from 'vscode';
import type { LiveUpdater } from './liveUpdates';
import { loadChildren, type ExplorerState, type LoadDeps } from './loadChildren';
import { isLiveNode, type ExplorerNode } from './nodes/explorerNode';

export type { ExplorerState };

export class EcsTreeDataProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** The object VS Code currently holds for each id: only those may be fired as changed. */
  private readonly current = new Map<string, ExplorerNode>();
  /**
   * The ids each parent's last getChildren returned. Forgetting a subtree walks it, instead of
   * scanning every id held: a 2,000-service cluster re-lists its rows at each progressive update.
   */
  private readonly childIds = new Map<string, readonly string[]>();
  private abort = treeAbortController();

  constructor(
    private readonly deps: LoadDeps & {
      /** Follows transitional nodes; views whose nodes never change by themselves have none. */
      liveUpdater?: LiveUpdater;
      setState: (state: ExplorerState) => void;
    },
  ) {}

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    return treeItemOf(node);
  }

  /** VS Code asks for the tooltip when the row is hovered (treeItemOf leaves it out). */
  resolveTreeItem(item: vscode.TreeItem, node: ExplorerNode): vscode.TreeItem {
    return withTooltip(item, node);
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return node.parent;
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    if (!node) this.deps.setState('loading');
    // A node whose children arrive over time (a big cluster) asks again through a change event.
    const deps = { ...this.deps, changed: (changed: ExplorerNode) => this.fire([changed]) };
    const { children, state } = await loadChildren(node, deps, this.abort.signal);
    if (state) this.deps.setState(state);
    this.remember(node, children);
    return children;
  }

  /** Re-reads a node (or everything) and tells VS Code to ask again. */
  async refresh(node?: ExplorerNode): Promise<void> {
    if (!node) {
      this.abort.abort();
      this.abort = treeAbortController();
      this.deps.liveUpdater?.untrackUnder(undefined);
      this.current.clear();
      this.childIds.clear();
      this.changed.fire(undefined);
      return;
    }
    await node.reload?.(this.abort.signal);
    this.fire([node]);
  }

  /** Fires change events for nodes VS Code still holds (stale objects are skipped). */
  fire(nodes: readonly (ExplorerNode | undefined)[]): void {
    const seen = new Set<string>();
    for (const node of nodes) {
      if (!node || seen.has(node.id) || this.current.get(node.id) !== node) continue;
      seen.add(node.id);
      this.changed.fire(node);
    }
  }

  /** Collapsing a node stops live updates below it; expanding it again lists its children afresh. */
  collapsed(node: ExplorerNode): void {
    this.deps.liveUpdater?.untrackUnder(node);
    this.forgetBelow(node.id);
    // VS Code re-expands a node with the children it already has, without asking: those were just
    // forgotten (no live updates, Refresh on them did nothing). A change event on the collapsed node
    // makes VS Code mark it stale, so the next expand calls getChildren again.
    this.fire([node]);
  }

  private remember(parent: ExplorerNode | undefined, children: readonly ExplorerNode[]): void {
    if (parent) {
      // Children were re-listed: forget the previous generation below this parent.
      this.forgetBelow(parent.id);
      this.deps.liveUpdater?.untrackUnder(parent);
      this.current.set(parent.id, parent);
      this.childIds.set(
        parent.id,
        children.map((child) => child.id),
      );
    }
    for (const child of children) {
      this.current.set(child.id, child);
      if (isLiveNode(child)) this.deps.liveUpdater?.track(child);
    }
  }

  private forgetBelow(parentId: string): void {
    const ids = this.childIds.get(parentId);
    if (!ids) return;
    this.childIds.delete(parentId);
    for (const id of ids) {
      this.current.delete(id);
      this.forgetBelow(id);
    }
  }

  dispose(): void {
    this.abort.abort();
    this.changed.dispose();
  }
}

function collapsibleState(c: 'none' | 'collapsed' | 'expanded'): vscode.TreeItemCollapsibleState {
  if (c === 'expanded') return vscode.TreeItemCollapsibleState.Expanded;
  return c === 'collapsed' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
}

/**
 * One signal for everything the tree has in flight. Every SDK request adds an abort listener while
 * it runs (removed when it ends), so a big listing (10 DescribeServices + 1 ListServices at the
 * default concurrency, up to 32 per action, several actions at once) passes Node's default warning
 * threshold of 10 without leaking anything.
 */
function treeAbortController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(500, controller.signal);
  return controller;
}

/**
 * A node's view as a TreeItem (shared by every view built on ExplorerNode, e.g. the Local view),
 * without its tooltip: building thousands of Markdown tooltips (and VS Code parsing each when it sends
 * the row to the window) cost a third of a big listing's row building, for the handful a user hovers.
 * The provider's resolveTreeItem adds it on hover (withTooltip; docs/performance.md §3).
 */
export function treeItemOf(node: ExplorerNode): vscode.TreeItem {
  const view = node.view();
  const item = new vscode.TreeItem(view.label, collapsibleState(view.collapsible));
  item.id = node.id;
  item.description = view.description;
  item.contextValue = view.contextValue;
  if (view.command) {
    item.command = {
      command: view.command.id,
      title: view.command.title,
      arguments: [...view.command.args],
    };
  }
  if (view.icon) {
    item.iconPath = new vscode.ThemeIcon(
      view.icon.id,
      view.icon.color ? new vscode.ThemeColor(view.icon.color) : undefined,
    );
  }
  return item;
}

/** Sets the node's Markdown tooltip (untrusted: it holds text from AWS) on its row; for resolveTreeItem. */
export function withTooltip(item: vscode.TreeItem, node: ExplorerNode): vscode.TreeItem {
  const markdown = node.view().tooltip;
  if (markdown) {
    const tooltip = new vscode.MarkdownString(markdown, true);
    tooltip.isTrusted = false;
    item.tooltip = tooltip;
  }
  return item;
}
