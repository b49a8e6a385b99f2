/**
 * The Clusters view's id, and what ties its visibility to the live updater: live updates stop while
 * nobody can see them. The view itself is created at activation (src/activation/views.ts) on a
 * stand-in provider; the live updater comes with the core, which calls this.
 */
import * as vscode from 'vscode';
import type { Settings } from '../settings';
import type { LiveUpdater } from './liveUpdates';

export const EXPLORER_VIEW_ID = 'ecsFargate.explorer';

export function pauseLiveUpdatesWhileHidden(
  view: vscode.TreeView<unknown>,
  liveUpdater: LiveUpdater,
  settings: Settings,
): vscode.Disposable {
  const applyLivePause = () => liveUpdater.setPaused(!view.visible || !settings.get('explorer.liveUpdates'));
  applyLivePause();
  return vscode.Disposable.from(
    view.onDidChangeVisibility(applyLivePause),
    settings.onDidChange('explorer.liveUpdates', applyLivePause),
  );
}
