/**
 * Creates the Task Definitions view on the generic EcsTreeDataProvider (its root loader is
 * taskDefinitionsRoot) and keeps it in step with the connection: a profile or region switch
 * re-lists the families, as the explorer does.
 */
import * as vscode from 'vscode';
import type { ConnectionSource } from '../aws/connection';
import type { EcsTreeDataProvider } from '../explorer/ecsTreeDataProvider';
import type { ExplorerNode } from '../explorer/nodes/explorerNode';

export const TASK_DEFINITIONS_VIEW_ID = 'ecsFargate.taskDefinitions';

export function registerTaskDefinitionsView(deps: {
  provider: EcsTreeDataProvider;
  connection: ConnectionSource;
  /** The connection's first load; switches after it refresh the view (the first load is the view's own). */
  ready: Promise<void>;
}): vscode.Disposable {
  const { provider, connection, ready } = deps;
  const view = vscode.window.createTreeView<ExplorerNode>(TASK_DEFINITIONS_VIEW_ID, {
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
  return vscode.Disposable.from(
    view,
    view.onDidCollapseElement((e) => provider.collapsed(e.element)),
    new vscode.Disposable(() => {
      disposed = true;
      switches?.dispose();
    }),
  );
}
