// The static checks as a suite of `npm test`: ESLint (type-checked rules, the `vscode` import fence)
// and Prettier. Each is one check; its output is shown only when it fails.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const checks = [
  ['eslint', ['npx', 'eslint', '.']],
  ['prettier', ['npx', 'prettier', '--check', '.']],
];
const counts = { passed: 0, failed: 0, skipped: 0 };
for (const [name, [cmd, ...args]] of checks) {
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status === 0) {
    counts.passed++;
    console.log(`  ✔ ${name} (${seconds} s)`);
  } else {
    counts.failed++;
    console.log(`  ✘ ${name} (${seconds} s)\n${r.stdout}${r.stderr}`);
  }
}
fs.mkdirSync(path.join(root, 'test-results'), { recursive: true });
fs.writeFileSync(path.join(root, 'test-results', 'static.json'), JSON.stringify(counts));
process.exitCode = counts.failed ? 1 : 0;
