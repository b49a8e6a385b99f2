#!/usr/bin/env node
// `npm start`: the extension, built from this checkout, in a real VS Code (code-server 4.100.3 =
// VS Code 1.100.3) on http://127.0.0.1, with examples/flask-app as the workspace.
//   npm start                uses your own AWS credentials/profile (AWS_PROFILE, ~/.aws), as VS Code would
//   npm start -- --demo      (or ECS_DEMO=1) a local FAKE AWS with a demo fleet: nothing touches real AWS
//   npm start -- --demo --demo-reset   the demo from scratch: its fake AWS state and workspace are
//                            kept in .tools/demo/ between runs (a role you created is still there)
//   options: --port N (default 8080, or a free one if taken), --folder DIR, --no-build
// Ctrl-C stops everything it started (code-server and the fake, each in its own process group).
// The workspace is a copy of examples/flask-app under .tools/ (one for the demo, one for your own AWS),
// made once from git and then kept: what you do in it never reaches examples/ nor the tests.
//
// How the extension is loaded: the workbench URL carries ?payload=[["extensionDevelopmentPath", repo]],
// the same option `code --extensionDevelopmentPath` takes (code-server refuses it on its command line,
// its web workbench reads it from the URL). Chosen over installing a .vsix because it runs the repo's
// dist/ directly: `npm run watch` + "Developer: Reload Window" shows a change without packaging or
// reinstalling, and it works before package.json is complete enough for `vsce package`. The catch:
// open the printed URL (with the payload); a bare http://127.0.0.1:PORT/ has no extension loaded.
'use strict';
const { spawn, spawnSync } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { copyPristineExample, demoStateFile, resetDemo, startWorkspaces } = require('./examples');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const demoReset = flag('--demo-reset');
const demo = flag('--demo') || demoReset || process.env.ECS_DEMO === '1';
const folder = path.resolve(
  option('--folder') || path.join(startWorkspaces[demo ? 'demo' : 'aws'], 'flask-app'),
);
const state = path.join(root, '.tools', 'dev-host'); // kept between runs: settings, UI state
const say = (m) => console.log(`[start] ${m}`);

function portFree(port) {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).status < 500) return true;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

/** Children in their own process group, stopped as a group on exit. */
const groups = [];
/** code-server's private TMPDIR: the IPC sockets its group leaves behind when stopped go with it. */
let serverTmp;
function spawnGroup(cmd, argv, opts) {
  const child = spawn(cmd, argv, { ...opts, detached: true });
  groups.push(child.pid);
  return child;
}
let stopping = false;
function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const pid of groups) {
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      /* gone */
    }
  }
  setTimeout(() => {
    for (const pid of groups) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    if (serverTmp) fs.rmSync(serverTmp, { recursive: true, force: true });
    process.exit(code);
  }, 1500);
}
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(s, () => {
    say('stopping...');
    stopAll(0);
  });
}

function codeServerBin() {
  const candidates = [
    process.env.CODE_SERVER_BIN,
    path.join(root, '.tools/code-server/node_modules/.bin/code-server'),
  ];
  return candidates.find((c) => c && fs.existsSync(c));
}

/** The registry Deploy pushes to in the demo (undefined: none answered). */
let demoRegistry;

async function startFake(env) {
  say('demo: compiling the fake AWS endpoint (tsc)');
  // tsc emits even when some other file has type errors: those are shown only if the fake is not built.
  const tsc = spawnSync('npx', ['tsc', '-p', 'tsconfig.json', '--outDir', 'out'], {
    cwd: root,
    encoding: 'utf8',
  });
  const cli = path.join(root, 'out/test/fakeAws/cli.js');
  if (!fs.existsSync(cli)) {
    console.error(`${tsc.stdout}${tsc.stderr}`);
    throw new Error(`${cli} is not built: the demo needs the fake AWS endpoint`);
  }
  // The fake keeps its account in demoStateFile (saved on every change), so a restart finds it again.
  const child = spawnGroup(
    process.execPath,
    [cli, '--port', '0', '--fleet', 'demo', '--state', demoStateFile],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`the fake AWS printed no URL: ${seen}`)), 20000);
    child.stdout.on('data', (d) => {
      seen += d;
      // The fake says whether it loaded the saved state or started afresh (a corrupt or old file).
      for (const m of String(d).matchAll(/^fake-aws: (.*)$/gm)) say(`demo: ${m[1]}`);
      const m = /FAKE_AWS_URL=(\S+)/.exec(seen);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.on('exit', (c) => reject(new Error(`the fake AWS exited (${c}): ${seen}`)));
  });
  child.stdout.resume();
  const awsDir = path.join(state, 'demo-aws');
  fs.mkdirSync(awsDir, { recursive: true });
  fs.writeFileSync(path.join(awsDir, 'config'), '[default]\nregion = us-east-1\n');
  fs.writeFileSync(
    path.join(awsDir, 'credentials'),
    '[default]\naws_access_key_id = AKIAFAKEECSDEMO00000\naws_secret_access_key = fake-demo-secret\n',
  );
  Object.assign(env, {
    AWS_ENDPOINT_URL: url,
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIAFAKEECSDEMO00000',
    AWS_SECRET_ACCESS_KEY: 'fake-demo-secret',
    AWS_CONFIG_FILE: path.join(awsDir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(awsDir, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    ECS_FAKE_AWS_URL: url,
  });
  delete env.AWS_PROFILE;
  delete env.AWS_SESSION_TOKEN;
  demoRegistry = await connectDemoRegistry(url);
  return url;
}

/**
 * The fake ECR hands out tokens for a registry that does not exist, so Deploy's push needs a real one
 * to go to: the Docker test registry when its variables are set, else a local `registry:2` on port
 * 5000 if one answers. The fake is told to hand out tokens and URIs for it.
 */
async function connectDemoRegistry(fakeUrl) {
  const endpoint = process.env.DOCKER_TEST_REGISTRY || process.env.ECS_DEMO_REGISTRY || '127.0.0.1:5000';
  const answers = await fetch(`http://${endpoint}/v2/`, { signal: AbortSignal.timeout(1500) })
    .then(() => true)
    .catch(() => false);
  if (!answers) return undefined;
  const body = {
    endpoint,
    user: process.env.DOCKER_TEST_REGISTRY_USER || 'AWS',
    // A registry without auth ignores it; the test registry needs its own.
    password: process.env.DOCKER_TEST_REGISTRY_PASSWORD || 'demo',
  };
  const response = await fetch(new URL('/__fake/ecr/registry', fakeUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return response.ok ? endpoint : undefined;
}

/** The extension's bundle (scripts/esbuild.js), quietly: its output only when it fails. */
function build() {
  const started = Date.now();
  const r = spawnSync(process.execPath, ['scripts/esbuild.js'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) {
    console.error(`${r.stdout}${r.stderr}`);
    throw new Error('building the extension failed (node scripts/esbuild.js)');
  }
  say(`built the extension into dist/ (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

/** The workspace to open: --folder, or this mode's copy of the sample (made from git the first time). */
function prepareWorkspace() {
  if (option('--folder')) return;
  if (fs.existsSync(folder)) {
    say(`workspace: ${path.relative(root, folder)} (kept from the last run)`);
    return;
  }
  const how = copyPristineExample('flask-app', folder);
  say(`workspace: ${path.relative(root, folder)} (a fresh copy of examples/flask-app from ${how})`);
}

async function main() {
  if (demoReset) {
    resetDemo();
    say('demo: --demo-reset: starting from the demo fleet and a fresh workspace');
  }
  if (!flag('--no-build')) build();
  prepareWorkspace();
  let bin = codeServerBin();
  if (!bin) {
    say('code-server is not installed: scripts/install-code-server.sh (1-2 minutes, once)');
    const r = spawnSync('bash', [path.join(root, 'scripts/install-code-server.sh')], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error('installing code-server failed');
    bin = codeServerBin();
    if (!bin) throw new Error(`code-server not found after the install: ${r.stdout}`);
  }

  const env = { ...process.env };
  let fakeUrl;
  if (demo) fakeUrl = await startFake(env);

  const wanted = Number(option('--port') || process.env.PORT || 8080);
  const port = (await portFree(wanted)) ? wanted : await freePort();
  if (port !== wanted) say(`port ${wanted} is taken: using ${port}`);
  const userDataDir = path.join(state, 'user-data');
  const extensionsDir = path.join(state, 'extensions');
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  if (!fs.existsSync(settingsFile)) {
    fs.writeFileSync(
      settingsFile,
      JSON.stringify(
        {
          'workbench.startupEditor': 'none',
          'telemetry.telemetryLevel': 'off',
          'update.mode': 'none',
          'extensions.autoCheckUpdates': false,
          'extensions.autoUpdate': false,
          'git.openRepositoryInParentFolders': 'never',
        },
        null,
        2,
      ),
    );
  }
  const logFile = path.join(state, 'code-server.log');
  const out = fs.openSync(logFile, 'a');
  serverTmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-start-'));
  const server = spawnGroup(
    bin,
    [
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
    ],
    {
      stdio: ['ignore', out, out],
      env: {
        ...env,
        XDG_CONFIG_HOME: path.join(state, 'xdg-config'),
        XDG_DATA_HOME: path.join(state, 'xdg-data'),
        EXTENSIONS_GALLERY: '{}',
        TMPDIR: serverTmp,
      },
    },
  );
  server.on('exit', (code) => {
    if (!stopping) {
      say(`code-server exited (${code}); see ${logFile}`);
      stopAll(1);
    }
  });
  const base = `http://127.0.0.1:${port}`;
  if (!(await waitForHttp(`${base}/healthz`, 60000)))
    throw new Error(`code-server did not start; see ${logFile}`);

  const authority = `127.0.0.1:${port}`;
  const payload = [
    ['extensionDevelopmentPath', `vscode-remote://${authority}${root}`],
    ['skipWelcome', 'true'],
  ];
  // '/' and ':' may stay as they are in a query: the URL stays readable.
  const q = (v) => encodeURIComponent(v).replace(/%2F/g, '/').replace(/%3A/g, ':');
  const url = `${base}/?folder=${q(folder)}&payload=${q(JSON.stringify(payload))}`;
  console.log('');
  if (demo) {
    console.log('  DEMO MODE: the extension talks to a local FAKE AWS endpoint with a made-up fleet');
    console.log(`  (${fakeUrl}); nothing here is your AWS account.`);
    console.log(
      demoRegistry
        ? `  Deploy and Push push to the local registry at ${demoRegistry}.`
        : '  Deploy and Push need a registry to push to: `docker run -d -p 5000:5000 registry:2`, then restart.',
    );
  } else {
    const profile = process.env.AWS_PROFILE ? `profile "${process.env.AWS_PROFILE}"` : 'your default profile';
    console.log(
      `  AWS: your own credentials (${profile}, ~/.aws). For a demo without AWS: npm start -- --demo`,
    );
  }
  console.log('');
  console.log('  Open VS Code with the extension loaded from this checkout:');
  console.log('');
  console.log(`    ${url}`);
  console.log('');
  console.log(`  Workspace: ${folder}`);
  console.log('  After `npm run watch` rebuilds, run "Developer: Reload Window". Ctrl-C stops everything.');
  console.log('');
}

main().catch((e) => {
  console.error(`[start] ${e.message}`);
  stopAll(1);
});
