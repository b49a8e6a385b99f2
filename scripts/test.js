#!/usr/bin/env node
// `npm test`: makes ready what the suites need (scripts/testHosts.js: the Docker test engine,
// code-server and Chromium), compiles, runs every suite, stops what it started, and ends with ONE
// plain line `N passed, N failed[, N skipped]` totalling all suites (CI reads that line).
// Usage: node scripts/test.js [suite ...]
// Each suite runs in its own process and writes its counts to test-results/<suite>.json.
// The `fake` suite tests the fake AWS endpoint itself (test/fake): it is reported on a line of its
// own, apart from the product's total, so the product count says how much of the extension is guarded.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const { prepareTestHosts } = require('./testHosts');

const root = path.resolve(__dirname, '..');
// The SDK warns once per process that releases after January 2027 need Node 22; it is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const resultsDir = path.join(root, 'test-results');

/** name → how to run it. Every runner writes test-results/<name>.json = {passed, failed, skipped}. */
const suites = {
  // ESLint (type-checked, the vscode import fence) and Prettier, one check each
  static: ['node', 'scripts/staticChecks.js'],
  unit: ['node', 'scripts/runMocha.js', 'unit', 'out/test/unit'],
  integration: ['node', 'scripts/runMocha.js', 'integration', 'out/test/integration'],
  // the fake AWS endpoint's own tests (its protocols, limits, faults, the SDK's retries against it)
  fake: ['node', 'scripts/runMocha.js', 'fake', 'out/test/fake'],
  // test/host/suite inside a real VS Code extension host (code-server; ECS_TEST_HOST=desktop for Electron)
  host: ['node', 'out/test/host/runHostTests.js'],
  // the packaged .vsix in code-server, driven through Chromium like a person (test/ui/scenario.ts)
  ui: ['node', 'out/test/ui/runUiTests.js'],
};
/** Suites that test the test doubles, not the extension. */
const doubles = new Set(['fake']);

const say = (m) => console.log(`[test] ${m}`);
let current; // the suite's child process, while one runs
let stopHosts = () => undefined;

function run(cmd, args, env = process.env) {
  const started = Date.now();
  return new Promise((resolve) => {
    current = spawn(cmd, args, { cwd: root, stdio: 'inherit', env });
    current.on('error', () => resolve({ status: 1, seconds: (Date.now() - started) / 1000 }));
    current.on('exit', (code) => {
      current = undefined;
      resolve({ status: code ?? 1, seconds: (Date.now() - started) / 1000 });
    });
  });
}

// Ctrl-C, or CI's time limit: the suite stops itself (its process group gets the signal too), then
// what this run started is stopped.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (current) current.kill(signal);
    stopHosts();
    process.exit(1);
  });
}

function line(counts) {
  return `${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`;
}

async function main() {
  const wanted = process.argv.slice(2);
  const names = wanted.length ? wanted : Object.keys(suites);
  for (const n of names)
    if (!suites[n]) throw new Error(`unknown suite ${n}; known: ${Object.keys(suites).join(', ')}`);

  fs.rmSync(resultsDir, { recursive: true, force: true });
  fs.mkdirSync(resultsDir, { recursive: true });

  const hosts = await prepareTestHosts(names, say);
  stopHosts = hosts.stop;
  const env = { ...process.env, ...hosts.env };

  // Compiled tests of files since moved or deleted must not run: out/test is rebuilt whole.
  fs.rmSync(path.join(root, 'out', 'test'), { recursive: true, force: true });
  const compile = await run('npx', ['tsc', '-p', 'tsconfig.json', '--outDir', 'out']);
  if (compile.status !== 0) {
    console.log('compile failed: no suite ran');
    console.log('0 passed, 1 failed');
    return 1;
  }
  const schemaBuild = await run('node', ['scripts/build-schema.js']);
  if (schemaBuild.status !== 0) {
    console.log('schema generation failed: no suite ran');
    console.log('0 passed, 1 failed');
    return 1;
  }

  const product = { passed: 0, failed: 0, skipped: 0 };
  const fake = { passed: 0, failed: 0, skipped: 0 };
  const timings = [];
  const missing = [];
  const failedTests = [];
  for (const name of names) {
    const [cmd, ...args] = suites[name];
    const r = await run(cmd, args, env);
    const file = path.join(resultsDir, `${name}.json`);
    let counts = { passed: 0, failed: 1, skipped: 0 };
    if (fs.existsSync(file)) counts = JSON.parse(fs.readFileSync(file, 'utf8'));
    else console.log(`suite ${name} wrote no results (exit ${r.status}): counted as 1 failure`);
    if (r.status !== 0 && counts.failed === 0) counts.failed = 1; // crashed after reporting
    for (const f of counts.failures ?? []) failedTests.push(`${name}: ${f.title}\n      ${f.error}`);
    if (counts.missing) missing.push(`${name} (${counts.missing})`);
    const into = doubles.has(name) ? fake : product;
    into.passed += counts.passed;
    into.failed += counts.failed;
    into.skipped += counts.skipped;
    timings.push(
      `${name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped in ${r.seconds.toFixed(1)} s`,
    );
  }
  stopHosts();

  if (failedTests.length > 0) {
    console.log('\nFailed tests:');
    for (const f of failedTests) console.log(`  ${f}`);
  }
  console.log('\nSuites:');
  for (const t of timings) console.log(`  ${t}`);
  if (names.some((n) => !doubles.has(n))) console.log(`product: ${line(product)}`);
  if (names.some((n) => doubles.has(n))) console.log(`fake AWS (the test double itself): ${line(fake)}`);
  if (hosts.notRun.length > 0) {
    const fixes = [...new Set(hosts.notRun.map((n) => n.fix))].join('; ');
    const what = hosts.notRun.map((n) => `${n.what} (${n.why})`).join('; ');
    console.log(`NOT RUN: ${what}. To run them: ${fixes}`);
  }
  if (hosts.notRun.length > 0 || missing.length > 0) {
    const what = hosts.notRun.length ? hosts.notRun.map((n) => n.what) : missing;
    console.log(`PARTIAL RUN: ${what.join('; ')} did not run; the totals below do not cover them.`);
  }
  const totals = {
    passed: product.passed + fake.passed,
    failed: product.failed + fake.failed,
    skipped: product.skipped + fake.skipped,
  };
  console.log(line(totals));
  return totals.failed > 0 ? 1 : 0;
}

main().then(
  (code) => {
    stopHosts(); // also after an early return (compile failed)
    process.exitCode = code;
  },
  (e) => {
    stopHosts();
    console.error(e);
    console.log('0 passed, 1 failed');
    process.exitCode = 1;
  },
);
