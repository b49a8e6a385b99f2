// scripts/runMocha.js may not shrink a suite silently: a stray `.only` fails it under CI, and the
// tests ECS_TEST_GREP leaves out are counted as skipped. It also names each failed test, for the
// summary scripts/test.js prints last.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot, resultsDir } from '../../host/harness/paths';

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}
interface Results extends Counts {
  failures?: { title: string; error: string }[];
}

describe('scripts/runMocha.js: a runner that cannot shrink the suite', function () {
  this.timeout(30_000);
  let dir: string;
  const name = `runner-selftest-${process.pid}`;
  const resultsFile = path.join(resultsDir, `${name}.json`);

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'run-mocha-'));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(resultsFile, { force: true });
  });

  function run(tests: string, env: Record<string, string | undefined>): Counts {
    const { passed, failed, skipped } = results(tests, env);
    return { passed, failed, skipped };
  }

  function results(tests: string, env: Record<string, string | undefined>): Results {
    fs.writeFileSync(path.join(dir, 'sample.test.js'), tests);
    const merged: NodeJS.ProcessEnv = { ...process.env, CI: undefined, ECS_TEST_GREP: undefined, ...env };
    for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
    spawnSync(process.execPath, ['scripts/runMocha.js', name, dir], { cwd: repoRoot, env: merged });
    return JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as Results;
  }

  const withOnly = "describe('s', () => { it.only('one', () => {}); it('two', () => {}); });";
  const three =
    "describe('s', () => { it('alpha', () => {}); it('beta', () => {}); it('alpha two', () => {}); });";

  it('fails a suite with `.only` when CI=true (and CI=1)', () => {
    assert.deepEqual(run(withOnly, { CI: 'true' }), { passed: 0, failed: 1, skipped: 0 });
    assert.deepEqual(run(withOnly, { CI: '1' }), { passed: 0, failed: 1, skipped: 0 });
  });

  it('outside CI, `.only` runs the one test (a developer focusing)', () => {
    assert.equal(run(withOnly, {}).passed, 1);
  });

  it('counts the tests ECS_TEST_GREP leaves out as skipped', () => {
    assert.deepEqual(run(three, { ECS_TEST_GREP: 'alpha' }), { passed: 2, failed: 0, skipped: 1 });
    assert.deepEqual(run(three, {}), { passed: 3, failed: 0, skipped: 0 });
  });

  it('names each failed test with the first lines of its error', () => {
    const failing =
      "const assert = require('node:assert/strict');" +
      "describe('s', () => { it('adds', () => assert.equal(1 + 1, 3)); it('fine', () => {}); });";
    const r = results(failing, {});
    assert.equal(r.failed, 1);
    assert.equal(r.failures?.length, 1);
    assert.equal(r.failures?.[0]?.title, 's adds');
    assert.match(r.failures?.[0]?.error ?? '', /2 !== 3/);
  });
});
