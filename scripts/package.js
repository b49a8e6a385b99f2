// `npm run package`: production bundle, then ecs-fargate-<version>.vsix at the repository root.
// The bundle carries its dependencies, so vsce packages without node_modules.
'use strict';
const { execFileSync } = require('child_process');
const path = require('path');

const root = path.resolve(__dirname, '..');
const { name, version } = require(path.join(root, 'package.json'));
const out = path.join(root, `${name}-${version}.vsix`);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

run(process.execPath, [path.join(__dirname, 'esbuild.js'), '--production']);
run(process.execPath, [
  require.resolve('@vscode/vsce/vsce', { paths: [root] }),
  'package',
  '--no-dependencies',
  '--allow-missing-repository',
  '--no-rewrite-relative-links',
  '-o',
  out,
]);
console.log(out);
