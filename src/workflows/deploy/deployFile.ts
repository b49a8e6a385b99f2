/**
 * Reads and edits `.vscode/ecs-deploy.json`, the saved deploy targets. Editor-free.
 * - The file is JSON with comments (VS Code's `.vscode/*.json` dialect): jsonc-parser reads it, and
 *   a broken or invalid file is one DeployFileError naming the JSON path and the line, so the user
 *   can go straight there.
 * - Edits (add or update a target, the informational scaling range, what a deploy created) go
 *   through jsonc-parser's modify/applyEdits on the text, property by property, so the user's
 *   comments, key order and indentation survive. A file that does not parse or validate is never
 *   rewritten: editDeployFile throws instead (we cannot know what the user meant).
 * Also used by the "Clean Up" command (removeTarget, readDeployFile).
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import {
  applyEdits,
  findNodeAtLocation,
  modify,
  parse,
  parseTree,
  printParseErrorCode,
  type FormattingOptions,
  type Node as JsonNode,
  type ParseError,
} from 'jsonc-parser';
import {
  DEPLOY_FILE,
  DEPLOY_FILE_VERSION,
  withoutPseudoProfile,
  type DeployFile,
  type DeployTarget,
} from './deployTarget';
import { validateDeployFileValue, type JsonPath } from './validateDeployTarget';

export interface LocatedProblem {
  /** `targets[0].dockerfile`; empty for the whole file. */
  readonly path: string;
  /** 1-based. */
  readonly line: number;
  readonly message: string;
}

/** The deploy file does not parse or does not validate; `problems` say where (line) and what. */
export class DeployFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly LocatedProblem[],
  ) {
    const shown = problems
      .slice(0, 3)
      .map((p) => `line ${p.line}${p.path ? `, ${p.path}` : ''}: ${p.message}`);
    const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
    super(`${file} is not valid: ${shown.join('; ')}${more}. Fix the file, then deploy again.`);
    this.name = 'DeployFileError';
  }
  /** The first problem's line (1-based), to open the file there. */
  get line(): number {
    return this.problems[0]?.line ?? 1;
  }
  static is(error: unknown): error is DeployFileError {
    return error instanceof DeployFileError || (error instanceof Error && error.name === 'DeployFileError');
  }
}

export function deployFilePath(workspaceRoot: string): string {
  return path.join(workspaceRoot, DEPLOY_FILE);
}

const PARSE_OPTIONS = { allowTrailingComma: true, disallowComments: false } as const;

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function formatPath(at: JsonPath): string {
  return at.reduce<string>(
    (out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${key}` : key),
    '',
  );
}

/** The node at `at`, or its nearest existing ancestor (a missing property points at its object). */
function nearestNode(root: JsonNode, at: JsonPath): JsonNode {
  for (let n = at.length; n > 0; n--) {
    const node = findNodeAtLocation(root, [...at.slice(0, n)]);
    if (node) return node.parent?.type === 'property' ? node.parent : node;
  }
  return root;
}

const PARSE_MESSAGES: Record<string, string> = {
  CommaExpected: 'a comma is missing',
  ColonExpected: 'a colon is missing',
  PropertyNameExpected: 'a property name (in double quotes) is expected',
  ValueExpected: 'a value is expected',
  CloseBraceExpected: 'a closing } is missing',
  CloseBracketExpected: 'a closing ] is missing',
  EndOfFileExpected: 'unexpected text after the end of the JSON',
  UnexpectedEndOfString: 'a string is not closed',
  UnexpectedEndOfComment: 'a comment is not closed',
  InvalidSymbol: 'unexpected character',
};

interface Parsed {
  readonly root: JsonNode;
  readonly file: DeployFile;
}

function parseChecked(text: string, file: string): Parsed {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, PARSE_OPTIONS);
  if (errors.length > 0 || !root) {
    const problems = errors.map((e) => {
      const code = printParseErrorCode(e.error);
      return { path: '', line: lineOf(text, e.offset), message: PARSE_MESSAGES[code] ?? code };
    });
    throw new DeployFileError(
      file,
      problems.length ? problems : [{ path: '', line: 1, message: 'the file is empty' }],
    );
  }
  // parse() (not getNodeValue) gives plain objects, which callers compare and spread.
  const value: unknown = parse(text, [], PARSE_OPTIONS);
  const problems = validateDeployFileValue(value);
  if (problems.length > 0) {
    throw new DeployFileError(
      file,
      problems.map((p) => ({
        path: formatPath(p.path),
        line: lineOf(text, nearestNode(root, p.path).offset),
        message: p.message,
      })),
    );
  }
  const { targets } = value as { targets: DeployTarget[] };
  return { root, file: { version: DEPLOY_FILE_VERSION, targets: targets.map(withoutPseudoProfile) } };
}

/** The deploy targets in `text`; throws DeployFileError naming the line of the first problem. */
export function parseDeployFile(text: string, file: string = DEPLOY_FILE): DeployFile {
  return parseChecked(text, file).file;
}

/** The file's text, or undefined when it does not exist. */
export async function readDeployFileText(workspaceRoot: string): Promise<string | undefined> {
  try {
    return await fs.readFile(deployFilePath(workspaceRoot), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The saved targets (none when the file does not exist); throws DeployFileError for a bad file. */
export async function readDeployFile(workspaceRoot: string): Promise<DeployFile> {
  const text = await readDeployFileText(workspaceRoot);
  return text === undefined ? { version: DEPLOY_FILE_VERSION, targets: [] } : parseDeployFile(text);
}

/** Keeps the file's own indentation and line ends for inserted text. */
function formattingOf(text: string): FormattingOptions {
  const indent = /^([ \t]+)\S/m.exec(text)?.[1] ?? '  ';
  const tabs = indent.startsWith('\t');
  return {
    insertSpaces: !tabs,
    tabSize: tabs ? 1 : indent.length,
    eol: text.includes('\r\n') ? '\r\n' : '\n',
  };
}

function edit(text: string, at: JsonPath, value: unknown): string {
  const formattingOptions = formattingOf(text);
  return applyEdits(text, modify(text, [...at], value, { formattingOptions }));
}

const HEADER = [
  '// Deploy targets of "ECS: Deploy" (ECS & Fargate extension). Paths are relative to this workspace',
  '// folder. Commit the file to share the targets with your team; hover a property for its meaning.',
];

function newFileText(target: DeployTarget): string {
  const body = JSON.stringify({ version: DEPLOY_FILE_VERSION, targets: [target] }, undefined, 2);
  return `${HEADER.join('\n')}\n${body}\n`;
}

function targetIndex(parsed: Parsed, name: string): number {
  return parsed.file.targets.findIndex((t) => t.name === name);
}

/**
 * Adds `target`, or updates the target of the same name property by property (comments next to
 * unchanged properties stay). `text` undefined or blank: a new file. Throws DeployFileError for a
 * file that does not parse or validate.
 */
export function upsertTarget(text: string | undefined, target: DeployTarget): string {
  if (text === undefined || text.trim() === '') return newFileText(target);
  const parsed = parseChecked(text, DEPLOY_FILE);
  const index = targetIndex(parsed, target.name);
  // -1: jsonc-parser's "append to the array".
  if (index < 0) return edit(text, ['targets', -1], target);
  const old = parsed.file.targets[index] as unknown as Record<string, unknown>;
  const next = target as unknown as Record<string, unknown>;
  let out = text;
  for (const key of Object.keys(next)) {
    if (next[key] !== undefined && JSON.stringify(old[key]) !== JSON.stringify(next[key])) {
      out = edit(out, ['targets', index, key], next[key]);
    }
  }
  for (const key of Object.keys(old)) {
    if (next[key] === undefined) out = edit(out, ['targets', index, key], undefined);
  }
  return out;
}

function setTargetField(text: string, name: string, key: keyof DeployTarget, value: unknown): string {
  const parsed = parseChecked(text, DEPLOY_FILE);
  const index = targetIndex(parsed, name);
  if (index < 0) throw new Error(`${DEPLOY_FILE} has no target named "${name}".`);
  const old = (parsed.file.targets[index] as unknown as Record<string, unknown>)[key];
  if (JSON.stringify(old) === JSON.stringify(value)) return text; // unchanged: keep the file as it is
  return edit(text, ['targets', index, key], value);
}

/**
 * Records the service's auto scaling range on a target (informational: the deploy leaves the
 * desired count to auto scaling); undefined removes it (the service is no longer auto scaled).
 * Returns `text` itself when nothing changes, so the file is not touched needlessly.
 */
export function writeScaling(
  text: string,
  name: string,
  scaling: { readonly min: number; readonly max: number } | undefined,
): string {
  return setTargetField(text, name, 'scaling', scaling && { min: scaling.min, max: scaling.max });
}

/** Adds flags for what a deploy created (for "Clean Up"), keeping the flags already there. */
export function writeCreated(
  text: string,
  name: string,
  created: NonNullable<DeployTarget['created']>,
): string {
  const parsed = parseChecked(text, DEPLOY_FILE);
  const current = parsed.file.targets[targetIndex(parsed, name)]?.created ?? {};
  return setTargetField(text, name, 'created', { ...current, ...created });
}

/** Removes a target (Clean Up); the other targets and the comments around them stay. */
export function removeTarget(text: string, name: string): string {
  const parsed = parseChecked(text, DEPLOY_FILE);
  const index = targetIndex(parsed, name);
  return index < 0 ? text : edit(text, ['targets', index], undefined);
}

/**
 * Reads the file, applies `change` to its text (undefined when there is none yet) and writes the
 * result when it differs (`change` returns undefined to leave it alone). Throws DeployFileError, without writing, when the file is malformed.
 */
export async function editDeployFile(
  workspaceRoot: string,
  change: (text: string | undefined) => string | undefined,
): Promise<{ readonly written: boolean; readonly text: string }> {
  const before = await readDeployFileText(workspaceRoot);
  if (before !== undefined && before.trim() !== '') parseDeployFile(before);
  const after = change(before);
  // undefined: leave the file as it is (or absent, when it was deleted meanwhile).
  if (after === undefined || after === before) return { written: false, text: before ?? '' };
  const file = deployFilePath(workspaceRoot);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, after, 'utf8');
  return { written: true, text: after };
}
