/**
 * Fargate problems of open task-definition files in the Problems panel: checked when a document
 * opens, again ~200 ms after the last edit (per document), cleared when it closes. Only JSON
 * documents that look like task definitions (file name, the `ecsFargate.taskDefinitionFiles` globs,
 * or a top-level `containerDefinitions`) are checked.
 *
 * Schema and syntax errors are NOT reported here: VS Code's JSON language service shows them
 * (`jsonValidation` in package.json), so validateTaskDefinition runs without the schema and its
 * `json-syntax` problems are dropped. The code actions read the problems (with their fixes) from here.
 */
import * as vscode from 'vscode';
import { JSON_SYNTAX_RULE_ID, type Problem, type Severity } from '../taskdef/problems';
import { looksLikeTaskDefinition } from '../taskdef/looksLikeTaskDefinition';
import type * as TaskdefChunk from '../taskdef/taskdefChunk';
import type { Logger } from '../shared/logger';

export const DIAGNOSTIC_SOURCE = 'ECS & Fargate';
/** True while the active editor shows a task definition (menus: editor/title "Register"). */
export const IS_TASK_DEFINITION_CONTEXT = 'ecsFargate.isTaskDefinition';
export const DEFAULT_DEBOUNCE_MS = 200;

/** Real files, new unsaved ones and virtual workspaces; not git/diff/output views of the same text. */
const SCHEMES = new Set(['file', 'untitled', 'vscode-vfs', 'vscode-remote']);
const LANGUAGES = new Set(['json', 'jsonc']);
/** Past this the document is not a hand-written task definition (ECS caps one at 64 KiB). */
const MAX_LENGTH = 1_000_000;

export const TASK_DEFINITION_SELECTOR: vscode.DocumentSelector = [...LANGUAGES].flatMap((language) =>
  [...SCHEMES].map((scheme) => ({ language, scheme })),
);

export interface TaskDefinitionDiagnosticsOptions {
  readonly logger: Logger;
  /** The extra globs from `ecsFargate.taskDefinitionFiles` (for the document's folder). */
  readonly extraGlobs: (document: vscode.Uri) => readonly string[];
  /** Fires when the globs change; open documents are checked again. */
  readonly onDidChangeGlobs?: (listener: () => void) => vscode.Disposable;
  readonly debounceMs?: number;
  /** The validator (tests may replace it); runs without the schema. */
  readonly validate?: (text: string) => Problem[];
}

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function problemRange(document: vscode.TextDocument, problem: Problem): vscode.Range {
  return new vscode.Range(
    document.positionAt(problem.offset),
    document.positionAt(problem.offset + problem.length),
  );
}

export function toDiagnostic(document: vscode.TextDocument, problem: Problem): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(
    problemRange(document, problem),
    problem.message,
    SEVERITY[problem.severity],
  );
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = problem.docsUrl
    ? { value: problem.ruleId, target: vscode.Uri.parse(problem.docsUrl) }
    : problem.ruleId;
  return diagnostic;
}

/** The rule id of one of our diagnostics (`code` is a string or `{value, target}`). */
export function ruleIdOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/**
 * The checks (rules, jsonc-parser's parser) load with the first task-definition document, not at
 * activation: the bundle splits there (scripts/bundles.js, docs/performance.md §1).
 */
function loadChecks(): typeof TaskdefChunk {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../taskdef/taskdefChunk') as typeof TaskdefChunk;
}

interface Checked {
  readonly version: number;
  readonly problems: readonly Problem[];
}

export class TaskDefinitionDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('ecsFargate.taskDefinitions');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly checked = new Map<string, Checked>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly debounceMs: number;
  private readonly validate: (text: string) => Problem[];

  constructor(private readonly options: TaskDefinitionDiagnosticsOptions) {
    this.debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
    this.validate = options.validate ?? ((text) => loadChecks().validateTaskDefinition(text));
    this.subscriptions.push(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((document) => {
        this.check(document);
        if (document === vscode.window.activeTextEditor?.document) this.updateActiveContext();
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.schedule(event.document);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri)),
      vscode.window.onDidChangeActiveTextEditor(() => this.updateActiveContext()),
    );
    if (options.onDidChangeGlobs) this.subscriptions.push(options.onDidChangeGlobs(() => this.checkAll()));
    this.checkAll();
  }

  /**
   * The problems (with their fixes) of a document as it is now: from the last check when the
   * version matches, else checked now. Empty for documents that are not task definitions.
   */
  problems(document: vscode.TextDocument): readonly Problem[] {
    const key = document.uri.toString();
    const cached = this.checked.get(key);
    if (cached?.version === document.version) return cached.problems;
    return this.check(document);
  }

  /** Checks every open document again (after the globs changed). */
  checkAll(): void {
    for (const document of vscode.workspace.textDocuments) this.check(document);
    this.updateActiveContext();
  }

  /** Whether a document is one we check (language, scheme, size and name or content). */
  applies(document: vscode.TextDocument): boolean {
    if (!LANGUAGES.has(document.languageId) || !SCHEMES.has(document.uri.scheme)) return false;
    const text = document.getText();
    if (text.length > MAX_LENGTH) return false;
    return looksLikeTaskDefinition(document.uri.path, text, this.options.extraGlobs(document.uri));
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.checked.clear();
    for (const s of this.subscriptions.splice(0)) s.dispose();
    if (this.activeIsTaskDefinition)
      void vscode.commands.executeCommand('setContext', IS_TASK_DEFINITION_CONTEXT, false);
  }

  private activeIsTaskDefinition: boolean | undefined;

  private updateActiveContext(): void {
    const document = vscode.window.activeTextEditor?.document;
    const value =
      document !== undefined && this.checked.has(document.uri.toString()) && this.applies(document);
    if (value === this.activeIsTaskDefinition) return;
    this.activeIsTaskDefinition = value;
    void vscode.commands.executeCommand('setContext', IS_TASK_DEFINITION_CONTEXT, value);
  }

  private schedule(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        // The document may have been closed meanwhile; then onDidClose already cleared it.
        if (!document.isClosed) this.check(document);
        if (document === vscode.window.activeTextEditor?.document) this.updateActiveContext();
      }, this.debounceMs),
    );
  }

  private check(document: vscode.TextDocument): readonly Problem[] {
    const key = document.uri.toString();
    let problems: Problem[] = [];
    let applies = false;
    try {
      applies = this.applies(document);
      if (applies) {
        problems = this.validate(document.getText()).filter((p) => p.ruleId !== JSON_SYNTAX_RULE_ID);
      }
    } catch (error) {
      // Never let one document break the listener for the others.
      this.options.logger.error(`Checking the task definition failed: ${document.uri.path}`, error);
    }
    if (!applies && !this.checked.has(key)) {
      // Most JSON files are not task definitions: remember nothing for them.
      return problems;
    }
    this.checked.set(key, { version: document.version, problems });
    this.collection.set(
      document.uri,
      problems.map((p) => toDiagnostic(document, p)),
    );
    return problems;
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    this.timers.delete(key);
    this.checked.delete(key);
    this.collection.delete(uri);
  }
}
