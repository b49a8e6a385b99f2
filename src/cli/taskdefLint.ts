#!/usr/bin/env node
/**
 * `ecs-taskdef-lint FILE...`: the editor's task-definition checks (JSON schema + Fargate rules) for CI
 * and pre-commit hooks. One line per problem, `FILE:LINE:COL: error|warning RULE-ID: message`, or
 * `--format json` for tools. Exit 1 when any file has an error, 0 otherwise, 2 for usage errors and
 * unreadable files. No editor API here: it runs in plain Node, bundled as dist/ecs-taskdef-lint.js.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Problem } from '../taskdef/problems';
import { ALL_RULES } from '../taskdef/rules/index';
import { validateTaskDefinition } from '../taskdef/validateTaskDefinition';

const NAME = 'ecs-taskdef-lint';

const HELP = `Usage: ${NAME} [options] FILE...

Checks Amazon ECS task definition files (the input of aws ecs register-task-definition
--cli-input-json) against the task definition schema and the Fargate rules.

Options:
  --format text|json  text (default): FILE:LINE:COL: error|warning RULE-ID: message
                      json: {"files":[{"file","problems":[…]}],"errorCount","warningCount"}
  --no-schema         run the Fargate rules only, not the JSON schema
  --quiet             report errors only, not warnings
  --list-rules        print the rule ids, their severity and what they check
  -h, --help          show this help
  -v, --version       show the version
  FILE "-"            read standard input

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage error or unreadable file.`;

interface Options {
  readonly format: 'text' | 'json';
  readonly schema: boolean;
  readonly quiet: boolean;
  readonly files: readonly string[];
}

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): Options | 'help' | 'version' | 'list-rules' {
  let format: 'text' | 'json' = 'text';
  let schema = true;
  let quiet = false;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      files.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') return 'help';
    if (arg === '-v' || arg === '--version') return 'version';
    if (arg === '--list-rules') return 'list-rules';
    if (arg === '--no-schema') schema = false;
    else if (arg === '--quiet' || arg === '-q') quiet = true;
    else if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (value !== 'text' && value !== 'json') {
        throw new UsageError(
          `--format takes "text" or "json"${value === undefined ? '' : `, not "${value}"`}`,
        );
      }
      format = value;
    } else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
    else files.push(arg);
  }
  if (files.length === 0) throw new UsageError('no files given');
  return { format, schema, quiet, files };
}

function version(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { version?: string };
      return pkg.version ?? 'unknown';
    }
    if (path.dirname(dir) === dir) return 'unknown';
  }
}

/** Offsets of line starts, for 1-based line/column of many offsets without rescanning the text. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function lineColumn(starts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

interface FileResult {
  readonly file: string;
  readonly problems: ReadonlyArray<
    Problem & { line: number; column: number; endLine: number; endColumn: number }
  >;
}

function readInput(file: string): string {
  if (file === '-') return fs.readFileSync(0, 'utf8');
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new UsageError(`${file}: no such file`);
  }
  if (stat.isDirectory()) throw new UsageError(`${file}: is a directory, not a task definition file`);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

function lintFile(file: string, options: Options): FileResult {
  // A byte-order mark is not JSON; blank it out (same length, so positions stay right).
  const text = readInput(file).replace(/^\uFEFF/, ' ');
  const starts = lineStarts(text);
  const problems = validateTaskDefinition(text, { schema: options.schema })
    .filter((p) => p.severity === 'error' || (p.severity === 'warning' && !options.quiet))
    .map((p) => {
      const start = lineColumn(starts, p.offset);
      const end = lineColumn(starts, p.offset + p.length);
      return { ...p, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
    });
  return { file: file === '-' ? '<stdin>' : file, problems };
}

function formatText(results: readonly FileResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    for (const p of r.problems) {
      lines.push(
        `${r.file}:${p.line}:${p.column}: ${p.severity} ${p.ruleId}: ${p.message.replace(/\s*\n\s*/g, ' ')}`,
      );
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

function formatJson(results: readonly FileResult[]): string {
  let errorCount = 0;
  let warningCount = 0;
  const files = results.map((r) => ({
    file: r.file,
    problems: r.problems.map((p) => {
      if (p.severity === 'error') errorCount++;
      else warningCount++;
      return {
        ruleId: p.ruleId,
        severity: p.severity,
        message: p.message,
        line: p.line,
        column: p.column,
        endLine: p.endLine,
        endColumn: p.endColumn,
        offset: p.offset,
        length: p.length,
        ...(p.docsUrl ? { docsUrl: p.docsUrl } : {}),
        ...(p.fixes?.length ? { fixes: p.fixes.map((f) => f.title) } : {}),
      };
    }),
  }));
  return `${JSON.stringify({ files, errorCount, warningCount }, null, 2)}\n`;
}

function listRules(): string {
  const width = Math.max(...ALL_RULES.map((r) => r.id.length));
  return `${ALL_RULES.map((r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.description}`).join('\n')}\n`;
}

/** Runs the linter; returns the exit code. Output goes to the two writers (tests pass their own). */
export function main(
  argv: readonly string[],
  out: (s: string) => void = (s) => process.stdout.write(s),
  err: (s: string) => void = (s) => process.stderr.write(s),
): number {
  let options: Options;
  try {
    const parsed = parseArgs(argv);
    if (parsed === 'help') {
      out(`${HELP}\n`);
      return 0;
    }
    if (parsed === 'version') {
      out(`${version()}\n`);
      return 0;
    }
    if (parsed === 'list-rules') {
      out(listRules());
      return 0;
    }
    options = parsed;
  } catch (e) {
    err(`${NAME}: ${e instanceof Error ? e.message : String(e)}\nTry "${NAME} --help".\n`);
    return 2;
  }

  const results: FileResult[] = [];
  let failed = false;
  for (const file of options.files) {
    try {
      results.push(lintFile(file, options));
    } catch (e) {
      // Unreadable input or a missing schema: one line, never a stack trace.
      err(`${NAME}: ${e instanceof Error ? e.message : String(e)}\n`);
      failed = true;
    }
  }
  out(options.format === 'json' ? formatJson(results) : formatText(results));
  if (failed) return 2;
  return results.some((r) => r.problems.some((p) => p.severity === 'error')) ? 1 : 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
