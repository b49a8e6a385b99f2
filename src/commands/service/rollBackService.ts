import * as vscode from 'vscode';
import type { ExplorerNode } from '../../explorer/nodes/explorerNode';
import { registerCommand } from '../../ui/runCommand';
import { findPreviousRevision } from '../../workflows/previousRevision';
import type { ServiceCommandDeps } from './serviceCommandDeps';
import { serviceSubject, showServiceUpdate } from './serviceSubject';
import { withBusyIndicator } from '../../ui/progress';

/**
 * `ecsFargate.rollBackService`: rolls a service back to its previous revision (the one of its
 * previous deployment while ECS lists it, else the highest ACTIVE one below the current); the
 * confirmation says which and why. Only `taskDefinition` changes, never the desired count.
 */
export function registerRollBackService(deps: ServiceCommandDeps): vscode.Disposable {
  return registerCommand(
    'ecsFargate.rollBackService',
    'Rolling back the service',
    deps,
    async (node?: ExplorerNode) => {
      const ecs = deps.ecs();
      const { cluster, service, node: serviceNode } = await serviceSubject(ecs, node);
      const name = service.serviceName ?? '';
      const choice = await withBusyIndicator(`ECS: Finding the previous revision of ${name}…`, () =>
        findPreviousRevision(service, deps.taskDefinitions()),
      );
      if (!choice.found) throw new Error(choice.reason);
      const confirm = 'Roll Back';
      const answer = await vscode.window.showWarningMessage(
        `Roll service ${name} back from ${choice.currentLabel} to ${choice.label}?`,
        {
          modal: true,
          detail: `${choice.why} ECS starts tasks from ${choice.label} and stops the ${choice.currentLabel} ones as the new ones become healthy. The desired count (${service.desiredCount ?? 0}) does not change.`,
        },
        confirm,
      );
      if (answer !== confirm) return;
      const updated = await ecs.updateService(cluster, service.serviceArn ?? name, {
        taskDefinition: choice.taskDefinitionArn,
      });
      vscode.window.setStatusBarMessage(`Rolling ${name} back to ${choice.label}…`, 5000);
      showServiceUpdate(deps, serviceNode, updated);
    },
  );
}
