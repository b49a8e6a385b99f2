// What `npm test` needs beyond node_modules, made ready before the suites run (scripts/test.js):
//   - the Docker test engine + registry (../shared/tools/docker-test-env.sh): reused when its
//     variables are set or one already answers on its socket, else started (root only) and stopped
//     again when the run ends — only what this run started is stopped;
//   - code-server 4.100.3 and Debian's Chromium (scripts/install-code-server.sh: npm, plus apt as root),
//     installed into .tools/ when missing, as `npm start` does.
// What cannot be made ready (no root, no ../shared) is returned as `notRun`, one entry per missing
// thing, with the suites it keeps from running and the one command that makes them run.
'use strict';
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const http = require('http');
const path = require('path');

const root = path.resolve(__dirname, '..');
const shared = process.env.ECS_SHARED_DIR || path.join(path.dirname(root), 'shared');
const dockerScript = path.join(shared, 'tools', 'docker-test-env.sh');
const hostInstaller = path.join(shared, 'tools', 'code-server-install.sh');
const sharedFix = 'put shared/ beside the checkout (or set ECS_SHARED_DIR), then npm test';
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
/** The one command that gives a run as a non-root user what only root can install or start. */
const asRoot = 'sudo npm test';

const DOCKER_VARS = [
  'DOCKER_HOST',
  'DOCKER_TEST_REGISTRY',
  'DOCKER_TEST_REGISTRY_PASSWORD',
  'DOCKER_TEST_BASE_IMAGE',
];

/** `export NAME=value` lines (docker-test-env.sh, the code-server installer) → {NAME: value}. */
function parseExports(text) {
  const vars = {};
  for (const m of text.matchAll(/^export ([A-Z_]+)=(.*)$/gm)) vars[m[1]] = m[2].replace(/^'(.*)'$/, '$1');
  return vars;
}

/** Whether a Docker Engine answers /_ping on this unix socket. */
function enginePing(dockerHost) {
  const socketPath = dockerHost && dockerHost.startsWith('unix://') ? dockerHost.slice(7) : undefined;
  if (!socketPath || !fs.existsSync(socketPath)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const req = http.get({ socketPath, path: '/_ping', timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

/**
 * The Docker test engine for this run: {env, started} or {missing}. `started` is true only when this
 * run brought it up (then stopDocker() takes it down).
 */
async function prepareDocker(say) {
  if (DOCKER_VARS.every((v) => process.env[v])) return { env: {}, started: false };
  if (!fs.existsSync(dockerScript))
    return { missing: `${path.relative(root, dockerScript)} not found (set ECS_SHARED_DIR)` };
  // One already up (a developer's, or another run's): reuse it, and leave it running.
  const known = parseExports(spawnSync('bash', [dockerScript, 'env'], { encoding: 'utf8' }).stdout || '');
  if (DOCKER_VARS.every((v) => known[v]) && (await enginePing(known.DOCKER_HOST)))
    return { env: known, started: false };
  if (!isRoot) return { missing: 'the Docker test engine runs as root (docker-test-env.sh)' };
  say(
    'starting the Docker test engine and registry (../shared/tools/docker-test-env.sh up; stopped at the end)',
  );
  const up = await new Promise((resolve) => {
    const child = spawn('bash', [dockerScript, 'up'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => resolve({ code, out }));
  });
  const env = parseExports(up.out);
  if (up.code !== 0 || !DOCKER_VARS.every((v) => env[v]))
    return { missing: `docker-test-env.sh up failed (exit ${up.code})`, started: up.code === 0 };
  return { env, started: true };
}

function stopDocker(say) {
  say('stopping the Docker test engine and registry this run started (docker-test-env.sh down)');
  spawnSync('bash', [dockerScript, 'down'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

function codeServerBin() {
  return [
    process.env.CODE_SERVER_BIN,
    path.join(root, '.tools/code-server/node_modules/.bin/code-server'),
  ].find((c) => c && fs.existsSync(c));
}

function chromiumBin() {
  const bin = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
  return fs.existsSync(bin) ? bin : undefined;
}

/** code-server and Chromium: {env} when both are there (installed now if needed), else {missing}. */
async function prepareCodeServer(say) {
  if (codeServerBin() && chromiumBin()) return { env: {} };
  const what = [!codeServerBin() && 'code-server', !chromiumBin() && 'Chromium']
    .filter(Boolean)
    .join(' and ');
  say(`${what} not installed: scripts/install-code-server.sh (npm, apt as root; 1-2 minutes, once)`);
  const r = await new Promise((resolve) => {
    const child = spawn('bash', [path.join(root, 'scripts/install-code-server.sh')], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => resolve({ code, out }));
  });
  const env = parseExports(r.out);
  if (env.CODE_SERVER_BIN) process.env.CODE_SERVER_BIN = env.CODE_SERVER_BIN;
  if (r.code === 0 && codeServerBin() && chromiumBin()) return { env };
  if (!fs.existsSync(hostInstaller))
    return {
      missing: `${what} not installed: ${path.relative(root, hostInstaller)} not found`,
      fix: sharedFix,
    };
  if (!isRoot) return { missing: `${what} not installed: installing it needs apt, as root`, fix: asRoot };
  return {
    missing: `${what} not installed: the install failed (exit ${r.code})`,
    fix: 'bash scripts/install-code-server.sh (to see why it fails), then npm test',
  };
}

/**
 * Makes ready what the wanted suites need. Returns the variables to give the suites, the things
 * that could not be made ready (`notRun`), and stop() for what this run started.
 */
async function prepareTestHosts(suites, say) {
  const env = {};
  const notRun = [];
  let dockerStarted = false;
  if (suites.some((s) => ['integration', 'host', 'ui'].includes(s))) {
    const docker = await prepareDocker(say);
    dockerStarted = Boolean(docker.started);
    if (docker.missing) {
      notRun.push({
        what: 'the Docker tests (build and push in integration, the deploy rollout in host, the Deploy step in ui)',
        why: docker.missing,
        fix: !fs.existsSync(dockerScript)
          ? sharedFix
          : isRoot
            ? `bash ${path.relative(root, dockerScript)} up (to see why it fails), then npm test`
            : asRoot,
      });
    } else Object.assign(env, docker.env);
  }
  if (suites.some((s) => ['host', 'ui'].includes(s))) {
    const host = await prepareCodeServer(say);
    if (host.missing) {
      notRun.push({
        what: (([one, two]) => (two ? `the ${one} and ${two} suites` : `the ${one} suite`))(
          suites.filter((s) => ['host', 'ui'].includes(s)),
        ),
        why: host.missing,
        fix: host.fix,
      });
    } else Object.assign(env, host.env);
  }
  return {
    env,
    notRun,
    stop: () => {
      if (dockerStarted) stopDocker(say);
      dockerStarted = false;
    },
  };
}

module.exports = { prepareTestHosts, parseExports };
