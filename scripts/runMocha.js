// Runs one mocha suite (compiled JS under a folder) and writes its counts for scripts/test.js.
// usage: node scripts/runMocha.js <suiteName> <folder>
// Env: ECS_TEST_GREP (run only matching tests; the others count as skipped), CI (`.only` fails).
'use strict';
const fs = require('fs');
const path = require('path');
// mocha 12 is an ES module; require() gets its namespace.
const { Mocha } = require('mocha');

const [name, folder] = process.argv.slice(2);
const root = path.resolve(__dirname, '..');

function collect(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return collect(p);
    return e.name.endsWith('.test.js') ? [p] : [];
  });
}

// One meaning of CI everywhere (test/host/harness/paths.ts isCi()).
const ci = process.env.CI === 'true' || process.env.CI === '1';
const mocha = new Mocha({
  reporter: 'spec',
  timeout: 20000,
  color: Boolean(process.stdout.isTTY) && !ci,
  // A stray `.only` would run one test and call the suite green: in CI it fails the run.
  forbidOnly: ci,
});
// ECS_TEST_GREP runs the matching tests; the rest are reported as skipped, not left out of the count.
const grep = process.env.ECS_TEST_GREP;
if (grep) mocha.grep(grep);
const files = collect(path.resolve(root, folder)).sort();
for (const f of files) mocha.addFile(f);

async function main() {
  await mocha.loadFilesAsync();
  // CI shows only the tail of the log: the failed tests' names and first error lines travel to
  // scripts/test.js, which prints them last, beside the totals.
  const failedTests = [];
  const runner = mocha.run((failures) => {
    const s = runner.stats;
    const leftOut = grep ? mocha.suite.total() - runner.grepTotal(mocha.suite) : 0;
    if (leftOut)
      console.log(`(suite ${name}: ${leftOut} tests not matching ECS_TEST_GREP counted as skipped)`);
    const counts = {
      passed: s.passes,
      failed: failures,
      skipped: s.pending + leftOut,
      failures: failedTests,
    };
    fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });
    fs.writeFileSync(path.join(root, 'test-results', `${name}.json`), JSON.stringify(counts));
    process.exitCode = failures ? 1 : 0;
    // A leaked socket or timer must not hang CI: give handles a moment to close, then leave.
    setTimeout(() => {
      console.log(`(suite ${name}: handles still open after the run; exiting)`);
      process.exit(process.exitCode);
    }, 2000).unref();
  });
  runner.on('fail', (test, error) => {
    const lines = String((error && error.message) || error).split('\n');
    const message = lines
      .map((l) => l.trim())
      .filter(Boolean)
      .slice(0, 4)
      .join(' ⏎ ')
      .slice(0, 400);
    failedTests.push({ title: test.fullTitle(), error: message });
  });
}

main().catch((error) => {
  console.error(error);
  fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });
  fs.writeFileSync(
    path.join(root, 'test-results', `${name}.json`),
    JSON.stringify({ passed: 0, failed: 1, skipped: 0 }),
  );
  process.exitCode = 1;
});
