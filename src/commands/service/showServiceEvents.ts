import * as vscode from 'vscode';
import type { ExplorerNode } from '../../explorer/nodes/explorerNode';
import { ReportChannel } from '../../ui/reportChannel';
import { registerCommand } from '../../ui/runCommand';
import { formatServiceEvents } from '../../workflows/serviceEvents';
import type { ExplorerCommandDeps } from '../explorer/explorerCommandDeps';
import { serviceSubject } from './serviceSubject';

/**
 * `ecsFargate.showServiceEvents`: the service's deployments (with their rollout states) and its
 * events, newest last with local times, in a read-only output channel (created on first use,
 * disposed with the command).
 */
export function registerShowServiceEvents(deps: ExplorerCommandDeps): vscode.Disposable {
  const channel = new ReportChannel('ECS Service Events');
  const command = registerCommand(
    'ecsFargate.showServiceEvents',
    'Reading the service events',
    deps,
    async (node?: ExplorerNode) => {
      const { cluster, service } = await serviceSubject(deps.ecs(), node, { allowDraining: true });
      channel.show(formatServiceEvents(service, cluster).trimEnd().split('\n'));
    },
  );
  return vscode.Disposable.from(command, channel);
}
