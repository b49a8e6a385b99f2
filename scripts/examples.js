// The sample workspaces in examples/, as the repository holds them. The test suites and `npm start`
// never work in examples/ itself: a person trying the extension writes into its workspace
// (.vscode/ecs-deploy.json, task-definition.json…), and neither the tests nor the static checks may
// depend on that. So the suites get a fresh copy of what git has at HEAD, and `npm start` a copy of
// its own under .tools/ (gitignored, outside Prettier and ESLint), kept between runs.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');

/** The demo's own state, kept between runs of `npm start -- --demo`: its workspace and fake account. */
const demoDir = path.join(root, '.tools', 'demo');
const demoStateFile = path.join(demoDir, 'fake-aws-state.json');

/** Where `npm start` keeps its copies of the samples: one for the demo, one for your own AWS. */
const startWorkspaces = {
  demo: path.join(demoDir, 'workspace'),
  aws: path.join(root, '.tools', 'workspace'),
};

/** `--demo-reset`: forget the demo's account and workspace; the next start begins from the fleet. */
function resetDemo(dir = demoDir) {
  fs.rmSync(dir, { recursive: true, force: true });
}

function git(args, opts = {}) {
  return spawnSync('git', ['-C', root, ...args], { encoding: 'buffer', maxBuffer: 256 << 20, ...opts });
}

/**
 * Copies examples/<name> as committed at HEAD into `dest` (created; must not exist yet). Outside a
 * git checkout (a source archive), copies the folder as it is. Returns how it was copied.
 */
function copyPristineExample(name, dest) {
  const rel = `examples/${name}`;
  const source = path.join(root, rel);
  if (fs.existsSync(dest)) throw new Error(`${dest} exists already`);
  const listed = git(['ls-tree', '-r', '-z', '--name-only', 'HEAD', '--', rel]);
  const files = listed.status === 0 ? listed.stdout.toString('utf8').split('\0').filter(Boolean) : [];
  if (files.length === 0) {
    if (!fs.existsSync(source)) throw new Error(`${rel} not found`);
    fs.cpSync(source, dest, { recursive: true });
    return 'files (not a git checkout)';
  }
  fs.mkdirSync(dest, { recursive: true });
  for (const file of files) {
    const blob = git(['show', `HEAD:${file}`]);
    if (blob.status !== 0) throw new Error(`git show HEAD:${file} failed: ${blob.stderr.toString('utf8')}`);
    const target = path.join(dest, path.relative(rel, file));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, blob.stdout);
  }
  return 'git HEAD';
}

module.exports = { copyPristineExample, startWorkspaces, demoDir, demoStateFile, resetDemo };
