/**
 * `ecsFargate.stopFollowingLogs` (also the status-bar item): stops the one follow, or asks which
 * (or all) when several run. Stopping releases the session, timers and requests of the follow.
 */
import * as vscode from 'vscode';
import { UserCancelledError } from '../../ui/errors';
import { registerCommand } from '../../ui/runCommand';
import type { LogCommandDeps } from './logCommandDeps';

export function registerStopFollowingLogs(deps: LogCommandDeps): vscode.Disposable {
  return registerCommand('ecsFargate.stopFollowingLogs', 'Stopping the logs', deps, async (key?: unknown) => {
    const runs = deps.logChannels.active;
    if (typeof key === 'string') return deps.logChannels.stop(key);
    if (runs.length === 0) {
      vscode.window.setStatusBarMessage('No ECS logs are being followed.', 3000);
      return;
    }
    if (runs.length === 1) return deps.logChannels.stop(runs[0]!.key);
    type Item = vscode.QuickPickItem & { key?: string };
    const items: Item[] = [
      { label: 'Stop all', description: `${runs.length} channels` },
      ...runs.map((r) => ({
        label: r.label,
        description: `${r.kind === 'follow' ? 'following' : 'reading'} · ${r.streams} stream${r.streams === 1 ? '' : 's'}`,
        key: r.key,
      })),
    ];
    const chosen = await vscode.window.showQuickPick(items, { title: 'Stop following ECS logs' });
    if (!chosen) throw new UserCancelledError();
    return deps.logChannels.stop(chosen.key);
  });
}
