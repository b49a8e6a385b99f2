import * as vscode from 'vscode';
import { resolveRevision, revisionName } from '../../taskDefinitions/revisionTarget';
import { revisionUri } from '../../taskDefinitions/taskDefinitionDocuments';
import { registerCommand } from '../../ui/runCommand';
import type { TaskDefinitionViewCommandDeps } from './taskDefinitionCommandDeps';
import { withBusyIndicator } from '../../ui/progress';

/**
 * `ecsFargate.openTaskDefinition`: a revision as read-only JSON, in the form that registers as is
 * (what "Save as File" writes). Also what clicking a revision in the Task Definitions view does.
 */
export function registerOpenTaskDefinition(deps: TaskDefinitionViewCommandDeps): vscode.Disposable {
  return registerCommand(
    'ecsFargate.openTaskDefinition',
    'Opening the task definition',
    deps,
    async (node?: unknown) => {
      const target = await resolveRevision(deps, node, 'Open Task Definition');
      const document = await withBusyIndicator(`ECS: Reading ${revisionName(target.location)}…`, async () => {
        // Described first, so a failure is reported like any command error (not as a broken editor).
        await deps.taskDefinitionDocuments.describe(target.location);
        return vscode.workspace.openTextDocument(revisionUri(target.location));
      });
      await vscode.window.showTextDocument(document, { preview: true });
    },
  );
}
