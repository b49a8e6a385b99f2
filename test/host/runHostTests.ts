// The `host` suite: runs test/host/suite (mocha) inside a REAL VS Code extension host through the
// standard @vscode/test-electron runTests().
//   ECS_TEST_HOST=code-server (default): code-server 4.100.3 = VS Code 1.100.3's server + web workbench,
//     driven by Debian's Chromium; runTests() starts test/host/bin/code-server-shim as its "VS Code".
//     The extension host is VS Code's real node extension host in its remote setup
//     (vscode.env.uiKind is Web and remoteName is set), not the Electron desktop app.
//   ECS_TEST_HOST=desktop: test-electron downloads VS Code 1.100.3 (needs the internet and a display).
// Starts the fake AWS endpoint first and hands its URL and test credentials to the extension host;
// opens an empty temp workspace (the suite copies examples/flask-app in, see suite/index.ts); writes
// test-results/host.json from the counts the in-host suite reports.
// Other knobs: ECS_TEST_EXTENSION_PATH (test another extension folder: used to test this harness),
// ECS_TEST_NO_BUILD=1 (skip `node scripts/esbuild.js`), VERBOSE=1 (every workbench console line),
// DOCKER_HOST + DOCKER_TEST_* (docker-test-env.sh: passed to the host, started when missing),
// ECS_HOST_TIMEOUT_MS (default 10 min).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { countHostSuiteTests } from './harness/countTests';
import { dockerEnvForHost } from './harness/dockerEnv';
import { copyPristineExample } from './harness/examples';
import { locateChromium } from './harness/browser';
import { codeServerVersion, locateCodeServer } from './harness/codeServer';
import { fakeAwsEnv, locateFakeAwsCli, startFakeAws, type FakeAws } from './harness/fakeAws';
import { isCi } from '../support/ci';
import { repoRoot } from './harness/paths';
import { exitWhenDone, onInterrupt, sleep, StepTimer } from './harness/processes';
import { missingPrerequisite, writeSuiteResults, type Counts } from './harness/results';

const suite = 'host';
const desktopVersion = '1.100.3'; // the VS Code inside code-server 4.100.3; engines.vscode is ^1.100.0

function fail(message: string): number {
  console.log(`${suite}: FAILED: ${message}`);
  writeSuiteResults(suite, { passed: 0, failed: 1, skipped: 0 });
  return 1;
}

async function main(): Promise<number> {
  const timer = new StepTimer();
  const hostKind = process.env.ECS_TEST_HOST ?? 'code-server';
  if (hostKind !== 'code-server' && hostKind !== 'desktop') {
    return fail(`ECS_TEST_HOST must be code-server or desktop, not ${hostKind}`);
  }
  const extensionPath = path.resolve(process.env.ECS_TEST_EXTENSION_PATH ?? repoRoot);
  const suiteDir = path.join(repoRoot, 'out', 'test', 'host', 'suite');
  const extensionTestsPath = path.join(suiteDir, 'index');
  if (!fs.existsSync(`${extensionTestsPath}.js`))
    return fail(`${extensionTestsPath}.js missing: compile first`);

  let hostLabel = `VS Code ${desktopVersion} desktop (downloaded by @vscode/test-electron)`;
  let vscodeExecutablePath: string | undefined;
  if (hostKind === 'code-server') {
    const bin = locateCodeServer();
    // Outside CI the suite's tests are reported as skipped, each of them.
    if (!bin)
      return missingPrerequisite(
        suite,
        'code-server not installed (run scripts/install-code-server.sh)',
        await countHostSuiteTests(suiteDir),
      );
    if (!locateChromium())
      return missingPrerequisite(
        suite,
        'chromium not found (/usr/bin/chromium; scripts/install-code-server.sh installs it)',
        await countHostSuiteTests(suiteDir),
      );
    vscodeExecutablePath = path.join(repoRoot, 'test', 'host', 'bin', 'code-server-shim');
    hostLabel = `code-server ${codeServerVersion(bin)} (web workbench in Chromium, node extension host)`;
  }

  if (extensionPath === repoRoot && !process.env.ECS_TEST_NO_BUILD) {
    const built = await timer.time('build', () =>
      Promise.resolve(
        spawnSync(process.execPath, ['scripts/esbuild.js'], { cwd: repoRoot, stdio: 'inherit' }),
      ),
    );
    if (built.status !== 0) return fail('the extension bundle did not build (node scripts/esbuild.js)');
  }

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-host-'));
  const userDataDir = path.join(scratch, 'user-data');
  const extensionsDir = path.join(scratch, 'extensions');
  const workspace = path.join(scratch, 'workspace');
  const resultsFile = path.join(scratch, 'host-results.json');
  // Opened empty: the suite copies the example in once it runs (test/host/suite/index.ts), so that
  // the example's task definition does not activate the extension before the suite can watch it.
  // The example is the sample as committed, not what a person did in examples/ while trying it.
  const example = path.join(scratch, 'example');
  copyPristineExample('flask-app', example);
  fs.mkdirSync(workspace, { recursive: true });

  let fake: FakeAws | undefined; // stops itself on a signal (its process group registers a cleanup)
  let hostRun: Promise<number> | undefined;
  const release = onInterrupt(async () => {
    // test-electron forwards the signal to the shim: wait for it to stop code-server and exit.
    if (hostRun) await Promise.race([hostRun, sleep(15_000)]);
    fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  });
  const env: Record<string, string> = {};
  // The deploy rollout test builds and pushes for real: the Docker test engine and registry
  // (docker-test-env.sh; .ci/run exports them, else started here as the Docker integration tests
  // do). Their variables go to the host; when they cannot start, the tests that need them are told
  // why (they skip, or fail with CI=true).
  const docker = await timer.time('Docker test env', dockerEnvForHost);
  Object.assign(env, docker.env);
  if (docker.unavailable)
    console.log(`${suite}: no Docker test environment (${docker.unavailable}): tests that need it skip`);
  const cli = locateFakeAwsCli();
  if (cli) {
    fake = await timer.time('fake AWS', () =>
      startFakeAws(cli, { fleet: 'demo', logFile: path.join(scratch, 'fake-aws.log') }),
    );
    Object.assign(env, fakeAwsEnv(fake.url, path.join(scratch, 'aws')));
    console.log(`${suite}: fake AWS at ${fake.url}`);
  } else if (isCi()) {
    return fail('the fake AWS endpoint is not built (out/test/fakeAws/cli.js)');
  } else {
    // Still keep the extension away from the developer's real ~/.aws.
    const { AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE } = fakeAwsEnv(
      'http://127.0.0.1:9',
      path.join(scratch, 'aws'),
    );
    Object.assign(env, { AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, AWS_REGION: 'us-east-1' });
    console.log(`${suite}: out/test/fakeAws/cli.js not built: tests that need the fake AWS skip`);
  }
  Object.assign(env, {
    ECS_TEST_RESULTS_FILE: resultsFile,
    ECS_TEST_USER_DATA_DIR: userDataDir,
    ECS_TEST_EXTENSION_PATH: extensionPath,
    ECS_TEST_WORKSPACE: workspace,
    ...(fs.existsSync(example) ? { ECS_TEST_EXAMPLE: example } : {}),
    ECS_TEST_HOST: hostKind,
  });

  console.log(`${suite}: starting in ${hostLabel}`);
  let exitCode: number;
  try {
    hostRun = timer.time('extension host run', () =>
      runTests({
        ...(vscodeExecutablePath ? { vscodeExecutablePath } : { version: desktopVersion }),
        extensionDevelopmentPath: extensionPath,
        extensionTestsPath,
        launchArgs: [
          workspace,
          `--user-data-dir=${userDataDir}`,
          `--extensions-dir=${extensionsDir}`,
          '--disable-extensions',
        ],
        extensionTestsEnv: env,
      }).catch((e: unknown) => {
        console.log(`${suite}: ${e instanceof Error ? e.message : String(e)}`);
        return 1;
      }),
    );
    exitCode = await hostRun;
  } finally {
    await fake?.stop();
    release();
  }

  let counts: Counts & { metrics?: Record<string, unknown> } = { passed: 0, failed: 1, skipped: 0 };
  const reported = fs.existsSync(resultsFile);
  if (reported) {
    counts = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as typeof counts;
  } else {
    console.log(`${suite}: the in-host suite reported no counts (exit ${exitCode}): counted as 1 failure`);
  }
  if (exitCode !== 0 && counts.failed === 0) counts.failed = 1;
  writeSuiteResults(suite, counts);
  console.log(`${suite}: ${reported ? 'ran in' : 'did not run in'} ${hostLabel}`);
  if (counts.metrics) console.log(`${suite}: metrics ${JSON.stringify(counts.metrics)}`);
  console.log(timer.report(suite));
  if (counts.failed === 0)
    fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  else console.log(`${suite}: logs kept in ${scratch}`);
  return counts.failed === 0 ? 0 : 1;
}

main().then(
  (code) => void exitWhenDone(code),
  (e: unknown) => {
    console.error(e);
    writeSuiteResults(suite, { passed: 0, failed: 1, skipped: 0 });
    void exitWhenDone(1);
  },
);
