#!/usr/bin/env node
// `npm test`: compiles, runs every suite, and ends with ONE plain line `N passed, N failed[, N skipped]`
// totalling all suites (CI reads that line). Usage: node scripts/test.js [suite ...]
// Each suite runs in its own process and writes its counts to test-results/<suite>.json.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

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
  // test/host/suite inside a real VS Code extension host (code-server; ECS_TEST_HOST=desktop for Electron)
  host: ['node', 'out/test/host/runHostTests.js'],
  // the packaged .vsix in code-server, driven through Chromium like a person (test/ui/scenario.ts)
  ui: ['node', 'out/test/ui/runUiTests.js'],
};

function run(cmd, args, label) {
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  return { status: r.status ?? 1, seconds: (Date.now() - started) / 1000, label };
}

const wanted = process.argv.slice(2);
const names = wanted.length ? wanted : Object.keys(suites);
for (const n of names)
  if (!suites[n]) throw new Error(`unknown suite ${n}; known: ${Object.keys(suites).join(', ')}`);

fs.rmSync(resultsDir, { recursive: true, force: true });
fs.mkdirSync(resultsDir, { recursive: true });

const compile = run('npx', ['tsc', '-p', 'tsconfig.json', '--outDir', 'out'], 'compile');
if (compile.status !== 0) {
  console.log('compile failed: no suite ran');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const schemaBuild = run('node', ['scripts/build-schema.js'], 'schema');
if (schemaBuild.status !== 0) {
  console.log('schema generation failed: no suite ran');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const timings = [];
for (const name of names) {
  const [cmd, ...args] = suites[name];
  const r = run(cmd, args, name);
  const file = path.join(resultsDir, `${name}.json`);
  let counts = { passed: 0, failed: 1, skipped: 0 };
  if (fs.existsSync(file)) counts = JSON.parse(fs.readFileSync(file, 'utf8'));
  else console.log(`suite ${name} wrote no results (exit ${r.status}): counted as 1 failure`);
  if (r.status !== 0 && counts.failed === 0) counts.failed = 1; // crashed after reporting
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.skipped += counts.skipped;
  timings.push(
    `${name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped in ${r.seconds.toFixed(1)} s`,
  );
}
console.log('\nSuites:');
for (const t of timings) console.log(`  ${t}`);
console.log(
  `${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`,
);
process.exit(totals.failed > 0 ? 1 : 0);
