import * as vscode from 'vscode';
import type { ExplorerNode } from '../explorer/nodes/explorerNode';
import { registerCommand } from '../ui/runCommand';
import { formatServiceEvents } from '../workflows/serviceEvents';
import type { ExplorerCommandDeps } from './explorerCommandDeps';
import { serviceSubject } from './serviceSubject';

/**
 * `ecsFargate.showServiceEvents`: the service's deployments (with their rollout states) and its
 * events, newest last with local times, in a read-only output channel (created on first use,
 * disposed with the command).
 */
export function registerShowServiceEvents(deps: ExplorerCommandDeps): vscode.Disposable {
  let channel: vscode.OutputChannel | undefined;
  const command = registerCommand(
    'ecsFargate.showServiceEvents',
    'Reading the service events',
    deps,
    async (node?: ExplorerNode) => {
      const { cluster, service } = await serviceSubject(deps.ecs(), node, { allowDraining: true });
      channel ??= vscode.window.createOutputChannel('ECS Service Events');
      channel.clear();
      for (const line of formatServiceEvents(service, cluster).trimEnd().split('\n'))
        channel.appendLine(line);
      channel.show(true);
    },
  );
  return new vscode.Disposable(() => {
    command.dispose();
    channel?.dispose();
  });
}
