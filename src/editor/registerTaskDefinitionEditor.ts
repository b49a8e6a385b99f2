/**
 * The task-definition editor features: Fargate diagnostics for files that look like task
 * definitions, and their quick fixes (with the execution-role ARN looked up when the fix is picked).
 * The diagnostics are activation's (src/activation/taskDefinitionEditor.ts: they must see every
 * document that opens); the quick fixes are the core's, built here when the core starts.
 */
import * as vscode from 'vscode';
import { EXECUTION_ROLE_NAME, type IamGateway, type RoleArnCache } from '../aws/iamGateway';
import type { CommandDeps } from '../ui/runCommand';
import { PLACEHOLDER_HINT_COMMAND, TaskDefinitionCodeActions } from './taskDefinitionCodeActions';
import type { TaskDefinitionDiagnostics } from './taskDefinitionDiagnostics';

export interface TaskDefinitionEditorDeps extends CommandDeps {
  /** Settles once the AWS config was read and a profile picked. */
  readonly ready: Promise<void>;
  readonly iam: () => IamGateway;
  readonly roleArns: RoleArnCache;
  /** The "Create Execution Role" flow (it asks first); the role's ARN, or undefined when not created. */
  readonly createExecutionRole: () => Promise<string | undefined>;
}

export interface TaskDefinitionQuickFixes extends vscode.Disposable {
  readonly actions: TaskDefinitionCodeActions;
}

export function createTaskDefinitionQuickFixes(
  deps: TaskDefinitionEditorDeps,
  diagnostics: TaskDefinitionDiagnostics,
): TaskDefinitionQuickFixes {
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
  const hint = vscode.commands.registerCommand(
    PLACEHOLDER_HINT_COMMAND,
    (uri: vscode.Uri, lookupFailed: boolean) => actions.placeholderHint(uri, lookupFailed),
  );
  return { actions, dispose: () => void hint.dispose() };
}
