/**
 * The task-definition editor at activation: the diagnostics watch every document that opens (the
 * checks themselves load with the first task-definition document), and a stand-in quick-fix provider
 * that starts the core only when a fixable problem is under the cursor.
 */
import * as vscode from 'vscode';
import type { Settings } from '../settings';
import type { Logger } from '../shared/logger';
import {
  problemRange,
  TASK_DEFINITION_SELECTOR,
  TaskDefinitionDiagnostics,
} from '../editor/taskDefinitionDiagnostics';

export interface TaskDefinitionEditor extends vscode.Disposable {
  readonly diagnostics: TaskDefinitionDiagnostics;
}

export function registerTaskDefinitionEditor(deps: {
  readonly logger: Logger;
  readonly settings: Pick<Settings, 'taskDefinitionFiles' | 'onDidChange'>;
  /** Starts the core and returns its quick-fix provider. */
  readonly quickFixes: () => vscode.CodeActionProvider;
}): TaskDefinitionEditor {
  const diagnostics = new TaskDefinitionDiagnostics({
    logger: deps.logger,
    extraGlobs: (uri) => deps.settings.taskDefinitionFiles(uri),
    onDidChangeGlobs: (listener) => deps.settings.onDidChange('taskDefinitionFiles', listener),
  });
  const standIn: vscode.CodeActionProvider = {
    provideCodeActions(document, range, context, token) {
      if (context.only && !context.only.contains(vscode.CodeActionKind.QuickFix)) return [];
      const fixable = diagnostics
        .problems(document)
        .some((p) => p.fixes?.length && problemRange(document, p).intersection(range));
      return fixable ? deps.quickFixes().provideCodeActions(document, range, context, token) : [];
    },
    // Only the core's actions get here (the stand-in offers none of its own).
    resolveCodeAction(action, token) {
      return deps.quickFixes().resolveCodeAction?.(action, token) ?? action;
    },
  };
  const provider = vscode.languages.registerCodeActionsProvider(TASK_DEFINITION_SELECTOR, standIn, {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix],
  });
  return { diagnostics, dispose: () => void vscode.Disposable.from(provider, diagnostics).dispose() };
}
