/** `ecsFargate.showLogs`: the history of a service, task or container, from a chosen time, in its channel. */
import type * as vscode from 'vscode';
import type { ExplorerNode } from '../../explorer/nodes/explorerNode';
import { registerCommand } from '../../ui/runCommand';
import { pickLogTarget, pickSince, targetOfNode } from './followLogs';
import type { LogCommandDeps } from './logCommandDeps';

export function registerShowLogs(deps: LogCommandDeps): vscode.Disposable {
  return registerCommand('ecsFargate.showLogs', 'Showing logs', deps, async (node?: ExplorerNode) => {
    const target = targetOfNode(node) ?? (await pickLogTarget(deps.ecs()));
    const since = await pickSince(target);
    deps.logChannels.show(target, { since });
  });
}
