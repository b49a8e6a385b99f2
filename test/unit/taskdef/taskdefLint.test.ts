/** The command-line linter, spawned from out/ as CI and pre-commit hooks run it. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ALL_RULES } from '../../../src/taskdef/rules/index';
import { findTaskDefinitionSchemaFile } from '../../../src/taskdef/schema/loadSchema';
import { isCi } from '../../support/ci';

const repo = path.resolve(__dirname, '../../../..');
const cli = path.join(repo, 'out/src/cli/taskdefLint.js');
const fixture = (kind: 'valid' | 'invalid', name: string) => path.join('test/fixtures/taskdefs', kind, name);
const withSchema = findTaskDefinitionSchemaFile() !== undefined;
/** Without a built schema (a bare checkout) the rules alone still exercise the CLI. */
const schemaArgs = withSchema ? [] : ['--no-schema'];

function lint(
  args: readonly string[],
  input?: string,
): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], {
    cwd: repo,
    encoding: 'utf8',
    input,
    timeout: 20000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const LINE =
  /^(?<file>[^:]+):(?<line>\d+):(?<col>\d+): (?<severity>error|warning) (?<rule>[a-z0-9-]+): (?<message>.+)$/;

describe('ecs-taskdef-lint', function () {
  // Each case spawns Node, which compiles the schema (about a second on a busy machine).
  this.timeout(60000);

  before(function () {
    if (!withSchema && isCi())
      assert.fail('dist/task-definition.schema.json is missing: run npm run build first');
  });

  it('prints nothing and exits 0 for clean files', () => {
    const r = lint([
      ...schemaArgs,
      fixture('valid', 'minimal-nginx.json'),
      fixture('valid', 'efs-shared-storage.json'),
    ]);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
  });

  it('prints FILE:LINE:COL: error RULE-ID: message and exits 1 on an error', () => {
    const file = fixture('invalid', 'host-port-mismatch.json');
    const r = lint([...schemaArgs, file]);
    assert.equal(r.code, 1);
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines.length, 1);
    const m = LINE.exec(lines[0]!);
    assert.ok(m?.groups, lines[0]);
    assert.deepEqual(
      { file: m.groups.file, line: m.groups.line, severity: m.groups.severity, rule: m.groups.rule },
      { file, line: '18', severity: 'error', rule: 'fargate-host-port' },
    );
    const text = fs.readFileSync(path.join(repo, file), 'utf8').split('\n')[17]!;
    assert.equal(text.slice(Number(m.groups.col) - 1).startsWith('80'), true, text);
  });

  it('exits 0 with warnings only, and --quiet leaves them out', () => {
    // A valid definition without requiresCompatibilities: a warning, not an error.
    const valid = JSON.parse(
      fs.readFileSync(fixture('valid', 'awslogs-create-group.json'), 'utf8'),
    ) as Record<string, unknown>;
    delete valid['requiresCompatibilities'];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskdef-lint-'));
    const file = path.join(dir, 'task-definition.json');
    fs.writeFileSync(file, JSON.stringify(valid, null, 2));
    const r = lint([...schemaArgs, file]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^[^:]+:\d+:\d+: warning fargate-requires-compatibilities: /);
    assert.equal(lint([...schemaArgs, '--quiet', file]).stdout, '');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reports invalid JSON at the syntax error, without a stack trace', () => {
    const file = fixture('invalid', 'syntax-missing-comma.json');
    const r = lint([...schemaArgs, file]);
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      new RegExp(
        `^${file.replace(/[.]/g, '\\.')}:3:3: error json-syntax: Expected "," between the items\\.\n`,
      ),
    );
    assert.doesNotMatch(r.stdout + r.stderr, /\n\s+at |Error:/);
  });

  it('prints JSON with --format json', () => {
    const r = lint([
      ...schemaArgs,
      '--format',
      'json',
      fixture('invalid', 'cpu-memory-mismatch.json'),
      fixture('valid', 'arm64-graviton.json'),
    ]);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout) as {
      files: Array<{ file: string; problems: Array<Record<string, unknown>> }>;
      errorCount: number;
      warningCount: number;
    };
    assert.equal(out.errorCount, 1);
    assert.equal(out.warningCount, 0);
    assert.equal(out.files.length, 2);
    const [p] = out.files[0]!.problems;
    assert.equal(p!.ruleId, 'fargate-cpu-memory');
    assert.equal(p!.line, 9);
    assert.equal(p!.severity, 'error');
    assert.ok(Array.isArray(p!.fixes));
    assert.match(String(p!.docsUrl), /^https:\/\/docs\.aws\.amazon\.com\//);
    assert.deepEqual(out.files[1]!.problems, []);
    assert.equal(lint([...schemaArgs, '--format=json', fixture('valid', 'arm64-graviton.json')]).code, 0);
  });

  it('reads standard input for "-"', () => {
    const r = lint(
      [...schemaArgs, '-'],
      '{"family": "x", "containerDefinitions": [{"name": "x", "image": "x", "privileged": true}]}',
    );
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^<stdin>:1:\d+: error /m);
  });

  it('exits 2 with one line for usage errors and missing files', () => {
    const cases: Array<[string[], RegExp]> = [
      [[], /no files given/],
      [['--frobnicate', 'x.json'], /unknown option --frobnicate/],
      [['--format', 'xml', 'x.json'], /--format takes "text" or "json", not "xml"/],
      [['does-not-exist.json'], /does-not-exist\.json: no such file/],
      [['test/fixtures'], /is a directory/],
    ];
    for (const [args, message] of cases) {
      const r = lint(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr.split('\n')[0]!, message);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
    const mixed = lint([...schemaArgs, 'missing.json', fixture('invalid', 'privileged-container.json')]);
    assert.equal(mixed.code, 2, 'an unreadable file wins over lint errors');
    assert.match(mixed.stdout, /fargate-unsupported-parameter/);
  });

  it('answers --help, --version and --list-rules', () => {
    const help = lint(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: ecs-taskdef-lint \[options\] FILE\.\.\./);
    const version = lint(['--version']);
    const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string };
    assert.equal(version.stdout.trim(), pkg.version);
    const rules = lint(['--list-rules']).stdout;
    for (const r of ALL_RULES) assert.match(rules, new RegExp(`^${r.id} +${r.severity}`, 'm'));
  });

  it('uses the JSON schema unless --no-schema', function () {
    if (!withSchema) this.skip();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taskdef-lint-'));
    try {
      const file = path.join(dir, 'task-definition.json');
      fs.writeFileSync(
        file,
        fs
          .readFileSync(path.join(repo, fixture('valid', 'minimal-nginx.json')), 'utf8')
          .replace('"family"', '"famly"'),
      );
      const r = lint([file]);
      assert.equal(r.code, 1);
      assert.match(r.stdout, /: error schema: /);
      assert.doesNotMatch(lint(['--no-schema', file]).stdout, /schema/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
