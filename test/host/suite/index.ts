// The mocha entry point that VS Code's extension host loads (`extensionTestsPath`): runs every
// *.test.js in this folder with the spec reporter (its lines are forwarded to the test runner's
// stdout), writes {passed, failed, skipped, metrics} to $ECS_TEST_RESULTS_FILE, and rejects when a
// test failed (the host then exits non-zero).
// The workspace opens without the example's files: VS Code checks `workspaceContains` activation
// events only as the window opens (and when folders are added), and runs this file only after those
// activations settle. So run() copies $ECS_TEST_EXAMPLE into the workspace first, and the extension is
// still inactive when the tests load: activation.test measures a cold start and the status-bar
// capture (helpers.ts) sees every item.
// Order: activation.test.js first (it measures a cold activation, so nothing may activate the
// extension before it), health.test.js last (it checks the logs for errors of the whole run), the
// rest alphabetically. Add tests as new *.test.ts files; helpers.ts has the shared tools.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { isCi } from '../../support/ci';
import { errorSummary, type FailedTest } from '../harness/results';
import { captureConsoleErrors, metrics } from './helpers';

const first = ['activation.test.js'];
const last = ['health.test.js'];

function collect(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return collect(p);
    return e.name.endsWith('.test.js') ? [p] : [];
  });
}

function rank(file: string): number {
  const name = path.basename(file);
  if (first.includes(name)) return 0;
  if (last.includes(name)) return 2;
  return 1;
}

/** Copies the example project into the open workspace (runHostTests opens it empty). */
function fillWorkspace(): void {
  const example = process.env.ECS_TEST_EXAMPLE;
  const workspace = process.env.ECS_TEST_WORKSPACE;
  if (example && workspace) fs.cpSync(example, workspace, { recursive: true });
}

export async function run(): Promise<void> {
  fillWorkspace();
  captureConsoleErrors();
  // In CI a stray `.only` fails the run instead of shrinking it to one test.
  const mocha = new Mocha({
    ui: 'bdd',
    reporter: 'spec',
    color: false,
    timeout: 30_000,
    slow: 2_000,
    forbidOnly: isCi(),
  });
  const grep = process.env.ECS_TEST_GREP;
  if (grep) mocha.grep(grep);
  const files = collect(__dirname).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  for (const f of files) mocha.addFile(f);

  let leftOut = 0;
  const failures: FailedTest[] = [];
  const stats = await new Promise<Mocha.Stats>((resolve, reject) => {
    try {
      const runner = mocha.run(() => resolve(runner.stats!));
      runner.on('fail', (test, error) =>
        failures.push({ title: test.fullTitle(), error: errorSummary(error) }),
      );
      // The tests ECS_TEST_GREP left out are reported as skipped.
      leftOut = grep ? mocha.suite.total() - runner.grepTotal(mocha.suite) : 0;
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
  const counts = {
    passed: stats.passes,
    failed: stats.failures,
    skipped: stats.pending + leftOut,
    failures,
    metrics,
  };
  const out = process.env.ECS_TEST_RESULTS_FILE;
  if (out) fs.writeFileSync(out, JSON.stringify(counts));
  console.log(`host suite: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  if (counts.failed > 0) throw new Error(`${counts.failed} test(s) failed`);
}
