/**
 * Creates the ECS explorer view and wires it to the rest: the connection (a switch refreshes the
 * whole tree — the AWS Toolkit forgets to, #6833), view visibility and collapse (live updates stop),
 * and the live-updates setting.
 */
import * as vscode from 'vscode';
import type { ConnectionSource } from '../aws/connection';
import type { Settings } from '../settings';
import type { EcsTreeDataProvider, ExplorerState } from './ecsTreeDataProvider';
import type { LiveUpdater } from './liveUpdates';
import type { ExplorerNode } from './nodes/explorerNode';

export const EXPLORER_VIEW_ID = 'ecsFargate.explorer';

/** Sets the context key `<viewId>.state` (e.g. `ecsFargate.explorer.state`) that viewsWelcome keys on. */
export function setViewState(viewId: string, state: ExplorerState): void {
  void vscode.commands.executeCommand('setContext', `${viewId}.state`, state);
}

export function registerExplorer(deps: {
  provider: EcsTreeDataProvider;
  liveUpdater: LiveUpdater;
  connection: ConnectionSource;
  /** The connection's first load; switches after it refresh the tree (the first load is the tree's own). */
  ready: Promise<void>;
  settings: Settings;
}): vscode.Disposable {
  const { provider, liveUpdater, connection, settings, ready } = deps;
  const view = vscode.window.createTreeView<ExplorerNode>(EXPLORER_VIEW_ID, {
    treeDataProvider: provider,
    showCollapseAll: true,
  });
  const describeConnection = () => {
    const c = connection.current;
    view.description = c ? `${c.profile} · ${c.region}` : undefined;
  };
  describeConnection();
  const applyLivePause = () => liveUpdater.setPaused(!view.visible || !settings.get('explorer.liveUpdates'));
  applyLivePause();
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
    view.onDidChangeVisibility(applyLivePause),
    view.onDidCollapseElement((e) => provider.collapsed(e.element)),
    settings.onDidChange('explorer.liveUpdates', applyLivePause),
    new vscode.Disposable(() => {
      disposed = true;
      switches?.dispose();
    }),
  );
}
