/**
 * Quick fixes for the problems TaskDefinitionDiagnostics reports: each fix the validator attached
 * to a problem (text edits) becomes a QuickFix CodeAction on that diagnostic; a problem with several
 * fixes (e.g. the valid memory values around an invalid one) offers them all, the preferred first.
 *
 * The execution-role fix is resolved lazily: its edit carries the placeholder ARN
 * (`arn:aws:iam::<account-id>:role/ecsTaskExecutionRole`); only when the user picks it does
 * resolveCodeAction look up the account's ecsTaskExecutionRole (IAM GetRole, cached per connection)
 * and write the real ARN. When there is none, or it cannot be looked up, the placeholder stays and
 * a notification (not a JSON comment: JSON has none) says why, once the edit is applied (the
 * action's command), with "Create Execution Role…" for a missing role, which then replaces the
 * placeholder once the role exists.
 */
import * as vscode from 'vscode';
import type { Fix, Problem, TextEdit } from '../taskdef/problems';
import { EXECUTION_ROLE_PLACEHOLDER_ARN, executionRoleRequired } from '../taskdef/rules/executionRole';
import { showError } from '../ui/errors';
import type { CommandDeps } from '../ui/runCommand';
import { DIAGNOSTIC_SOURCE, problemRange, ruleIdOf, toDiagnostic } from './taskDefinitionDiagnostics';

/**
 * Internal (not in package.json): the execution-role quick fix's follow-up when it had to insert the
 * placeholder. Registered by registerTaskDefinitionEditor.
 */
export const PLACEHOLDER_HINT_COMMAND = 'ecsFargate.internal.executionRolePlaceholderHint';

export interface ExecutionRoleFixDeps extends CommandDeps {
  /**
   * The ARN of the account's ecsTaskExecutionRole (cached per connection); undefined when the role
   * does not exist. Rejects when it cannot be looked up (no credentials, access denied, offline).
   */
  readonly executionRoleArn: () => Promise<string | undefined>;
  /** Shows the exact policy, asks, creates the role; undefined when the user declined. */
  readonly createExecutionRole: () => Promise<string | undefined>;
}

export interface CodeActionDeps extends ExecutionRoleFixDeps {
  /** The problems of a document as it is now (TaskDefinitionDiagnostics.problems). */
  readonly problems: (document: vscode.TextDocument) => readonly Problem[];
  /** How long the lazy role lookup may take before the placeholder is used (default 5 s). */
  readonly roleLookupTimeoutMs?: number;
}

/** A fix whose edit is computed when the user picks it. */
class ExecutionRoleCodeAction extends vscode.CodeAction {
  /** The document version the fix's offsets belong to. */
  readonly version: number;

  constructor(
    title: string,
    readonly document: vscode.TextDocument,
    readonly fix: Fix,
  ) {
    super(title, vscode.CodeActionKind.QuickFix);
    this.version = document.version;
  }
}

export function isExecutionRoleFix(problem: Problem, fix: Fix): boolean {
  return (
    problem.ruleId === executionRoleRequired.id &&
    fix.edits.some((e) => e.newText.includes(EXECUTION_ROLE_PLACEHOLDER_ARN))
  );
}

export function toWorkspaceEdit(
  document: vscode.TextDocument,
  edits: readonly TextEdit[],
): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) {
    const range = new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length));
    edit.replace(document.uri, range, e.newText);
  }
  return edit;
}

/** The fix's edits with the placeholder ARN replaced (inside JSON strings: the ARN needs no escaping). */
export function withRoleArn(edits: readonly TextEdit[], arn: string): TextEdit[] {
  return edits.map((e) => ({ ...e, newText: e.newText.split(EXECUTION_ROLE_PLACEHOLDER_ARN).join(arn) }));
}

/** The promise's value, or a rejection after `ms` (the timer is cleared either way). */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from IAM within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}

export class TaskDefinitionCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
  };

  constructor(private readonly deps: CodeActionDeps) {}

  provideCodeActions(
    document: vscode.TextDocument,
    range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    if (context.only && !context.only.contains(vscode.CodeActionKind.QuickFix)) return [];
    const actions: vscode.CodeAction[] = [];
    for (const problem of this.deps.problems(document)) {
      if (!problem.fixes?.length) continue;
      const at = problemRange(document, problem);
      if (!at.intersection(range)) continue;
      const diagnostic =
        context.diagnostics.find(
          (d) => d.source === DIAGNOSTIC_SOURCE && ruleIdOf(d) === problem.ruleId && d.range.isEqual(at),
        ) ?? toDiagnostic(document, problem);
      for (const fix of problem.fixes) {
        const action = isExecutionRoleFix(problem, fix)
          ? new ExecutionRoleCodeAction(fix.title, document, fix)
          : new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        if (!(action instanceof ExecutionRoleCodeAction)) action.edit = toWorkspaceEdit(document, fix.edits);
        action.diagnostics = [diagnostic];
        action.isPreferred = fix.isPreferred === true;
        actions.push(action);
      }
    }
    // Preferred fixes first (VS Code keeps the provider's order within a kind).
    return actions.sort((a, b) => Number(b.isPreferred === true) - Number(a.isPreferred === true));
  }

  async resolveCodeAction(
    action: vscode.CodeAction,
    token: vscode.CancellationToken,
  ): Promise<vscode.CodeAction> {
    if (!(action instanceof ExecutionRoleCodeAction)) return action;
    const { document, fix } = action;
    let arn: string | undefined;
    let lookupError: unknown;
    try {
      arn = await withTimeout(this.deps.executionRoleArn(), this.deps.roleLookupTimeoutMs ?? 5000);
    } catch (error) {
      lookupError = error;
      this.deps.logger.warn(`Looking up ecsTaskExecutionRole for the quick fix failed: ${String(error)}`);
    }
    if (token.isCancellationRequested) return action;
    // The lookup may take a moment: if the text changed meanwhile, take the rule's fix as it is now.
    const current =
      document.version === action.version
        ? fix
        : this.deps
            .problems(document)
            .filter((p) => p.ruleId === executionRoleRequired.id)
            .flatMap((p) => p.fixes ?? [])
            .find((f) => f.title === fix.title);
    if (!current) return action;
    action.edit = toWorkspaceEdit(document, arn ? withRoleArn(current.edits, arn) : current.edits);
    if (!arn) {
      // Runs after VS Code applied the edit, so the placeholder is in the document by then.
      action.command = {
        command: PLACEHOLDER_HINT_COMMAND,
        title: 'Explain the placeholder',
        arguments: [document.uri, lookupError !== undefined],
      };
    }
    return action;
  }

  /** After the placeholder went in: say why, and offer to create the role (then fill in its ARN). */
  async placeholderHint(uri: vscode.Uri, lookupFailed: boolean): Promise<void> {
    const create = 'Create Execution Role…';
    const message = lookupFailed
      ? `executionRoleArn has a placeholder: the account's ecsTaskExecutionRole could not be looked up (see the log). Replace the placeholder with your execution role's ARN: ${EXECUTION_ROLE_PLACEHOLDER_ARN}`
      : `executionRoleArn has a placeholder: this account has no ecsTaskExecutionRole yet. Create it, or replace the placeholder with your execution role's ARN: ${EXECUTION_ROLE_PLACEHOLDER_ARN}`;
    const choice = lookupFailed
      ? await vscode.window.showInformationMessage(message)
      : await vscode.window.showInformationMessage(message, create);
    if (choice !== create) return;
    try {
      const arn = await this.deps.createExecutionRole();
      if (arn) await fillInRoleArn(await vscode.workspace.openTextDocument(uri), arn);
    } catch (error) {
      await showError(error, 'Creating the execution role', this.deps);
    }
  }
}

/** Replaces every placeholder role ARN in the document with the real one. */
export async function fillInRoleArn(document: vscode.TextDocument, arn: string): Promise<boolean> {
  if (document.isClosed) return false;
  const text = document.getText();
  const edits: TextEdit[] = [];
  for (
    let i = text.indexOf(EXECUTION_ROLE_PLACEHOLDER_ARN);
    i >= 0;
    i = text.indexOf(EXECUTION_ROLE_PLACEHOLDER_ARN, i + 1)
  ) {
    edits.push({ offset: i, length: EXECUTION_ROLE_PLACEHOLDER_ARN.length, newText: arn });
  }
  if (edits.length === 0) return false;
  return vscode.workspace.applyEdit(toWorkspaceEdit(document, edits));
}
