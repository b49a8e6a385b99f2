/**
 * What validation reports, shared by the Fargate rules, the schema check, the VS Code diagnostics
 * and quick fixes, and the command-line linter. Offsets are into the document text, so every
 * problem has an exact range; fixes are text edits that the editor and tests apply the same way.
 */
/** The rule id of JSON syntax errors (the editor leaves those to VS Code's JSON language service). */
export const JSON_SYNTAX_RULE_ID = 'json-syntax';

export type Severity = 'error' | 'warning' | 'info';

export interface TextEdit {
  readonly offset: number;
  readonly length: number;
  readonly newText: string;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** The fix VS Code offers first (e.g. Ctrl+. default). */
  readonly isPreferred?: boolean;
}

export interface Problem {
  /** Stable id, e.g. `fargate-cpu-memory`, `json-syntax`, `schema`. */
  readonly ruleId: string;
  readonly severity: Severity;
  /** What is wrong and what to write instead. */
  readonly message: string;
  readonly offset: number;
  readonly length: number;
  /** The AWS documentation page for the rule. */
  readonly docsUrl?: string;
  readonly fixes?: readonly Fix[];
}

/** Applies edits (non-overlapping) to a text; used by tests and the CLI's --fix, if any. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return [...edits]
    .sort((a, b) => b.offset - a.offset)
    .reduce((out, e) => out.slice(0, e.offset) + e.newText + out.slice(e.offset + e.length), text);
}

/** 0-based line and character of an offset. */
export function positionAt(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}
