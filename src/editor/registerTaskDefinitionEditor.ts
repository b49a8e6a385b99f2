/**
 * The task-definition editor features: Fargate diagnostics for files that look like task
 * definitions, and their quick fixes (with the execution-role ARN looked up when the fix is picked).
 */
import * as vscode from 'vscode';
import { EXECUTION_ROLE_NAME, type IamGateway, type RoleArnCache } from '../aws/iamGateway';
import type { Settings } from '../settings';
import type { CommandDeps } from '../ui/runCommand';
import { PLACEHOLDER_HINT_COMMAND, TaskDefinitionCodeActions } from './taskDefinitionCodeActions';
import { TASK_DEFINITION_SELECTOR, TaskDefinitionDiagnostics } from './taskDefinitionDiagnostics';

export interface TaskDefinitionEditorDeps extends CommandDeps {
  readonly settings: Pick<Settings, 'taskDefinitionFiles' | 'onDidChange'>;
  /** Settles once the AWS config was read and a profile picked. */
  readonly ready: Promise<void>;
  readonly iam: () => IamGateway;
  readonly roleArns: RoleArnCache;
  /** The "Create Execution Role" flow (it asks first); the role's ARN, or undefined when not created. */
  readonly createExecutionRole: () => Promise<string | undefined>;
}

export function registerTaskDefinitionEditor(deps: TaskDefinitionEditorDeps): vscode.Disposable {
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
    createExecutionRole: deps.createExecutionRole,
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
