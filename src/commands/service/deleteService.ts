import * as vscode from 'vscode';
import type { ExplorerNode } from '../../explorer/nodes/explorerNode';
import { UserCancelledError } from '../../ui/errors';
import { registerCommand } from '../../ui/runCommand';
import { drainAndDeleteService } from '../../workflows/cleanUp/deleteServiceSafely';
import { deleteServicePrompt, typedNameProblem } from './deleteServiceConfirmation';
import type { ServiceCommandDeps } from './serviceCommandDeps';
import { serviceSubject, showServiceUpdate } from './serviceSubject';

/**
 * `ecsFargate.deleteService`: removes the service's auto scaling, scales it to 0 and deletes it
 * (DeleteService without force), after the user typed its name; the node then shows DRAINING.
 */
export function registerDeleteService(deps: ServiceCommandDeps): vscode.Disposable {
  return registerCommand(
    'ecsFargate.deleteService',
    'Deleting the service',
    deps,
    async (node?: ExplorerNode) => {
      const ecs = deps.ecs();
      const { cluster, service, node: serviceNode } = await serviceSubject(ecs, node);
      const name = service.serviceName ?? '';
      const autoScaled = await deps
        .scaling()
        .isAutoScaled(cluster, name)
        .catch((error: unknown) => {
          deps.logger.warn(`Could not check the auto scaling of ${name}: ${deps.redact(String(error))}`);
          return undefined;
        });
      const facts = {
        name,
        cluster,
        desiredCount: service.desiredCount ?? 0,
        runningCount: service.runningCount ?? 0,
        autoScaled,
      };
      const typed = await vscode.window.showInputBox({
        title: `Delete service ${name}`,
        prompt: deleteServicePrompt(facts),
        placeHolder: name,
        ignoreFocusOut: true,
        validateInput: (text) => typedNameProblem(name, text),
      });
      if (typed === undefined || typedNameProblem(name, typed) !== undefined) throw new UserCancelledError();
      const deleted = await drainAndDeleteService(
        { ecs, scaling: deps.scaling() },
        {
          cluster,
          service: service.serviceArn ?? name,
          desiredCount: facts.desiredCount,
          autoScaled: autoScaled === true,
        },
      );
      vscode.window.setStatusBarMessage(`Service ${name} deleted; its tasks are draining…`, 5000);
      showServiceUpdate(deps, serviceNode, deleted.service);
    },
  );
}
