// A host suite that cannot run (no code-server outside CI) is reported as its tests skipped, not
// as "1 skipped": its files are counted without a VS Code host.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { countHostSuiteTests } from '../../host/harness/countTests';
import { repoRoot } from '../../host/harness/paths';

describe('countHostSuiteTests: the tests of a host suite, counted without a host', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'count-tests-'));
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('counts every `it`, in loops and nested describes, in files that use `vscode` at load time', async () => {
    fs.writeFileSync(
      path.join(dir, 'a.test.js'),
      [
        "const vscode = require('vscode');",
        "const item = vscode.window.createStatusBarItem('x', vscode.StatusBarAlignment.Left);",
        'class Node extends vscode.TreeItem {}',
        "describe('a', () => { for (const n of [1, 2, 3]) it(`case ${n}`, () => item); });",
        "describe('b', () => { describe('c', () => { it('one', () => new Node()); it.skip('two', () => {}); }); });",
      ].join('\n'),
    );
    fs.writeFileSync(path.join(dir, 'helpers.js'), "throw new Error('not a test file: never loaded');");
    assert.equal(await countHostSuiteTests(dir), 5);
  });

  it('counts the compiled host suite (test/host/suite)', async () => {
    const suite = path.join(repoRoot, 'out', 'test', 'host', 'suite');
    const declared = fs
      .readdirSync(suite)
      .filter((f) => f.endsWith('.test.js'))
      .reduce(
        (n, f) => n + (fs.readFileSync(path.join(suite, f), 'utf8').match(/^\s*it\(/gm) ?? []).length,
        0,
      );
    // Tests declared in loops count once per case, so at least one per `it(` written.
    assert.ok((await countHostSuiteTests(suite)) >= declared, `fewer than the ${declared} written`);
  });
});
