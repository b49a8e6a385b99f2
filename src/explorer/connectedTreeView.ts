/**
 * A tree view on the generic provider that follows the connection: its description shows
 * `profile · region`, and a profile or region switch re-lists it from the top (the AWS Toolkit
 * forgets to: #6833). The first load is the view's own; only switches after it refresh.
 */
import * as vscode from 'vscode';
import type { ConnectionSource } from '../aws/connection';
import type { ExplorerState } from './ecsTreeDataProvider';
import type { ExplorerNode } from './nodes/explorerNode';

/** What a connected view needs of its provider (EcsTreeDataProvider, or activation's stand-in for it). */
export interface ConnectedTreeProvider<T> extends vscode.TreeDataProvider<T> {
  refresh(element?: T): void | Promise<void>;
  collapsed(element: T): void;
}

/** Sets the context key `<viewId>.state` (e.g. `ecsFargate.explorer.state`) that viewsWelcome keys on. */
export function setViewState(viewId: string, state: ExplorerState): void {
  void vscode.commands.executeCommand('setContext', `${viewId}.state`, state);
}

export interface ConnectedTreeView extends vscode.Disposable {
  readonly view: vscode.TreeView<ExplorerNode>;
}

export function createConnectedTreeView(
  viewId: string,
  deps: {
    provider: ConnectedTreeProvider<ExplorerNode>;
    connection: ConnectionSource;
    ready: Promise<void>;
  },
): ConnectedTreeView {
  const { provider, connection, ready } = deps;
  const view = vscode.window.createTreeView<ExplorerNode>(viewId, {
    treeDataProvider: provider,
    showCollapseAll: true,
  });
  const describeConnection = () => {
    const c = connection.current;
    view.description = c ? `${c.profile} · ${c.region}` : undefined;
  };
  describeConnection();
  let switches: { dispose(): void } | undefined;
  let disposed = false;
  void ready.then(() => {
    describeConnection();
    if (disposed) return;
    switches = connection.onDidChange(() => {
      describeConnection();
      void provider.refresh();
    });
  });
  const disposable = vscode.Disposable.from(
    view,
    view.onDidCollapseElement((e) => provider.collapsed(e.element)),
    new vscode.Disposable(() => {
      disposed = true;
      switches?.dispose();
    }),
  );
  return {
    view,
    dispose: () => {
      disposable.dispose();
    },
  };
}
