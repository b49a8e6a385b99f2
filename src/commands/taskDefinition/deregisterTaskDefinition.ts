import * as vscode from 'vscode';
import { resolveRevision, revisionName } from '../../taskDefinitions/revisionTarget';
import { registerCommand } from '../../ui/runCommand';
import type { TaskDefinitionViewCommandDeps } from './taskDefinitionCommandDeps';

/**
 * `ecsFargate.deregisterTaskDefinition`: marks a revision INACTIVE after a modal confirmation that
 * says what keeps running, then refreshes its family in the view.
 */
export function registerDeregisterTaskDefinition(deps: TaskDefinitionViewCommandDeps): vscode.Disposable {
  return registerCommand(
    'ecsFargate.deregisterTaskDefinition',
    'Deregistering the task definition',
    deps,
    async (node?: unknown) => {
      const target = await resolveRevision(deps, node, 'Deregister Task Definition');
      const name = revisionName(target.location);
      if (target.node && !target.node.isActive) throw new Error(`${name} is already ${target.node.status}.`);
      const gateway = deps.taskDefinitionDocuments.gatewayFor(target.location);
      const confirm = 'Deregister';
      const answer = await vscode.window.showWarningMessage(
        `Deregister task definition ${name}?`,
        {
          modal: true,
          detail:
            'It becomes INACTIVE. Services and tasks that use it keep running, and those services can still scale. ' +
            'No new task or service can start from it, and no service can be updated to it. ' +
            'ECS cannot make it ACTIVE again; register its JSON as a new revision to use it later.',
        },
        confirm,
      );
      if (answer !== confirm) return;
      await gateway.deregister(target.arn);
      vscode.window.setStatusBarMessage(`Deregistered ${name}`, 5000);
      // The family re-lists its revisions; from the palette, the whole view does.
      await deps.taskDefinitionsView.refresh(target.node?.parent);
    },
  );
}
