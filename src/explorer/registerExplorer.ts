/**
 * Creates the ECS explorer view and wires it to the rest: the connection (a switch refreshes the
 * whole tree — the AWS Toolkit forgets to, #6833), view visibility and collapse (live updates stop),
 * and the live-updates setting.
 */
import * as vscode from 'vscode';
import type { ConnectionSource } from '../aws/connection';
import type { Settings } from '../settings';
import { createConnectedTreeView } from './connectedTreeView';
import type { EcsTreeDataProvider } from './ecsTreeDataProvider';
import type { LiveUpdater } from './liveUpdates';

export const EXPLORER_VIEW_ID = 'ecsFargate.explorer';

export function registerExplorer(deps: {
  provider: EcsTreeDataProvider;
  liveUpdater: LiveUpdater;
  connection: ConnectionSource;
  ready: Promise<void>;
  settings: Settings;
}): vscode.Disposable {
  const { liveUpdater, settings } = deps;
  const tree = createConnectedTreeView(EXPLORER_VIEW_ID, deps);
  // Live updates only while someone can see them.
  const applyLivePause = () =>
    liveUpdater.setPaused(!tree.view.visible || !settings.get('explorer.liveUpdates'));
  applyLivePause();
  return vscode.Disposable.from(
    tree,
    tree.view.onDidChangeVisibility(applyLivePause),
    settings.onDidChange('explorer.liveUpdates', applyLivePause),
  );
}
