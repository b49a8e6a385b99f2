import * as vscode from 'vscode';
import { parseTaskDefinitionId } from '../../aws/taskDefinitionGateway';
import type { ExplorerNode } from '../../explorer/nodes/explorerNode';
import { pickRevision } from '../../taskDefinitions/pickers';
import { registerCommand } from '../../ui/runCommand';
import type { ServiceCommandDeps } from './serviceCommandDeps';
import { serviceSubject, showServiceUpdate } from './serviceSubject';

/**
 * `ecsFargate.updateServiceRevision`: rolls a service out to another ACTIVE revision of its family
 * (UpdateService with only `taskDefinition`: the desired count stays as it is, or as auto scaling
 * keeps it), after a modal confirmation; the node then follows the rollout.
 */
export function registerUpdateServiceRevision(deps: ServiceCommandDeps): vscode.Disposable {
  return registerCommand(
    'ecsFargate.updateServiceRevision',
    'Updating the service to another revision',
    deps,
    async (node?: ExplorerNode) => {
      const ecs = deps.ecs();
      const { cluster, service, node: serviceNode } = await serviceSubject(ecs, node);
      const name = service.serviceName ?? '';
      const current = parseTaskDefinitionId(service.taskDefinition);
      if (!current) throw new Error(`Service ${name} has no task definition revision to start from.`);
      const gateway = deps.taskDefinitions();
      const picked = await pickRevision(gateway, current.family, {
        title: `Update ${name} to revision…`,
        current: current.revision,
      });
      const label = `${picked.family}:${picked.revision}`;
      if (picked.family === current.family && picked.revision === current.revision) {
        void vscode.window.showInformationMessage(`Service ${name} already runs ${label}.`);
        return;
      }
      // The picker also offers INACTIVE revisions (to look at); ECS cannot roll out to those.
      const active = await gateway.listRevisions(picked.family, 'ACTIVE');
      if (!active.includes(picked.arn)) {
        throw new Error(
          `${label} is INACTIVE (deregistered): ECS cannot start a service's tasks from it. Pick an ACTIVE revision.`,
        );
      }
      const confirm = 'Update Service';
      const answer = await vscode.window.showWarningMessage(
        `Update service ${name} from ${current.family}:${current.revision} to ${label}?`,
        {
          modal: true,
          detail: `ECS starts tasks from ${label} and stops the old ones as the new ones become healthy. The desired count (${service.desiredCount ?? 0}) does not change.`,
        },
        confirm,
      );
      if (answer !== confirm) return;
      const updated = await ecs.updateService(cluster, service.serviceArn ?? name, {
        taskDefinition: picked.arn,
      });
      vscode.window.setStatusBarMessage(`Rolling ${name} out to ${label}…`, 5000);
      showServiceUpdate(deps, serviceNode, updated);
    },
  );
}
