/**
 * The task-definition editor features: Fargate diagnostics for files that look like task
 * definitions, and their quick fixes (with the execution-role ARN looked up when the fix is picked).
 */
import * as vscode from 'vscode';
import { EXECUTION_ROLE_NAME } from '../aws/iamGateway';
import { ensureExecutionRole } from '../commands/taskDefinition/createExecutionRole';
import type { TaskDefinitionCommandDeps } from '../commands/taskDefinition/taskDefinitionCommandDeps';
import { PLACEHOLDER_HINT_COMMAND, TaskDefinitionCodeActions } from './taskDefinitionCodeActions';
import { TASK_DEFINITION_SELECTOR, TaskDefinitionDiagnostics } from './taskDefinitionDiagnostics';

export function registerTaskDefinitionEditor(deps: TaskDefinitionCommandDeps): vscode.Disposable {
  const diagnostics = new TaskDefinitionDiagnostics({
    logger: deps.logger,
    extraGlobs: (uri) => deps.settings.taskDefinitionFiles(uri),
    onDidChangeGlobs: (listener) => deps.settings.onDidChange('taskDefinitionFiles', listener),
  });
  const actions = new TaskDefinitionCodeActions({
    logger: deps.logger,
    redact: deps.redact,
    problems: (document) => diagnostics.problems(document),
    executionRoleArn: async () => {
      await deps.ready;
      return deps.roleArns.lookup(deps.iam(), EXECUTION_ROLE_NAME);
    },
    createExecutionRole: () => ensureExecutionRole(deps),
  });
  return vscode.Disposable.from(
    diagnostics,
    vscode.commands.registerCommand(PLACEHOLDER_HINT_COMMAND, (uri: vscode.Uri, lookupFailed: boolean) =>
      actions.placeholderHint(uri, lookupFailed),
    ),
    vscode.languages.registerCodeActionsProvider(
      TASK_DEFINITION_SELECTOR,
      actions,
      TaskDefinitionCodeActions.metadata,
    ),
  );
}
