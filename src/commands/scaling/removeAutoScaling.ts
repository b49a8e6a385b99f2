import * as vscode from 'vscode';
import type { ExplorerNode } from '../../explorer/nodes/explorerNode';
import { ServiceNode } from '../../explorer/nodes/serviceNode';
import { UserCancelledError } from '../../ui/errors';
import { registerCommand } from '../../ui/runCommand';
import { scalingSubject } from './configureAutoScaling';
import type { ScalingCommandDeps } from './scalingCommandDeps';

/**
 * `ecsFargate.removeAutoScaling`: after a modal confirmation, deregisters the service's scalable
 * target (Application Auto Scaling deletes its policies with it). The desired count stays as it is.
 */
export function registerRemoveAutoScaling(deps: ScalingCommandDeps): vscode.Disposable {
  return registerCommand(
    'ecsFargate.removeAutoScaling',
    'Removing auto scaling',
    deps,
    async (node?: ExplorerNode) => {
      const { cluster, service, name } = await scalingSubject(deps, node);
      const scaling = deps.scaling();
      const target = await scaling.describeTarget(cluster, name);
      if (!target) {
        void vscode.window.showInformationMessage(`${name} is not auto scaled.`);
        return;
      }
      const remove = 'Remove Auto Scaling';
      const answer = await vscode.window.showWarningMessage(
        `Remove auto scaling from ${name} in cluster ${cluster}?`,
        {
          modal: true,
          detail:
            `The range ${target.MinCapacity ?? 0}–${target.MaxCapacity ?? 0} and its scaling policies are deleted. ` +
            `The desired count stays at ${service.desiredCount ?? 0}.`,
        },
        remove,
      );
      if (answer !== remove) throw new UserCancelledError();
      await scaling.deregisterTarget(cluster, name);
      vscode.window.setStatusBarMessage(`Auto scaling removed from ${name}`, 5000);
      if (node instanceof ServiceNode) await deps.explorer.refresh(node.parent);
    },
  );
}
