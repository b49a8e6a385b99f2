// The `ui` suite: the packaged extension (.vsix) installed in code-server (VS Code 1.100.3's web
// workbench), the fake AWS endpoint's demo fleet behind it, and Debian's Chromium driven by
// playwright-core doing what a person does (scenario.ts). Writes test-results/ui.json, PNG
// screenshots per step into test-results/screenshots/, and fails when the workbench shows an
// error notification that mentions the extension.
// Knobs: ECS_UI_VSIX (use this .vsix; otherwise <name>-<version>.vsix at the repo root, packaged
// when missing or older than the sources), ECS_FAKE_AWS_CLI, CODE_SERVER_BIN, CHROMIUM_BIN,
// ECS_UI_STEPS (a comma-separated list of step slugs: run only those).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { launchBrowser, locateChromium, type Browser } from '../host/harness/browser';
import {
  installExtension,
  locateCodeServer,
  startCodeServer,
  type CodeServer,
} from '../host/harness/codeServer';
import { dockerEnvForHost } from '../host/harness/dockerEnv';
import { copyPristineExample } from '../host/harness/examples';
import { fakeAwsEnv, locateFakeAwsCli, startFakeAws, type FakeAws } from '../host/harness/fakeAws';
import { readPackageJson, repoRoot, screenshotsDir, type PackageJson } from '../host/harness/paths';
import { isCi } from '../support/ci';
import { exitWhenDone, onInterrupt, StepTimer } from '../host/harness/processes';
import { errorSummary, missingPrerequisite, writeSuiteResults } from '../host/harness/results';
import { steps, type ScenarioContext } from './scenario';
import { Workbench, type Toast } from './workbench';

const suite = 'ui';
const t0 = Date.now();
const log = (message: string): void =>
  console.log(`[ui ${((Date.now() - t0) / 1000).toFixed(1)}s] ${message}`);

function fail(message: string): number {
  console.log(`${suite}: FAILED: ${message}`);
  writeSuiteResults(suite, { passed: 0, failed: 1, skipped: 0 });
  return 1;
}

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return fs.readdirSync(p).reduce((m, e) => Math.max(m, newestMtime(path.join(p, e))), st.mtimeMs);
}

/** The .vsix to install: ECS_UI_VSIX, or the repo's, packaged now when missing or stale. */
function ensureVsix(manifest: PackageJson): { vsix?: string; error?: string } {
  if (process.env.ECS_UI_VSIX) return { vsix: path.resolve(process.env.ECS_UI_VSIX) };
  const vsix = path.join(repoRoot, `${manifest.name}-${manifest.version}.vsix`);
  const inputs = ['package.json', 'src', 'media', 'README.md', '.vscodeignore', 'scripts/esbuild.js'].map(
    (p) => path.join(repoRoot, p),
  );
  const newestInput = Math.max(...inputs.map(newestMtime));
  if (fs.existsSync(vsix) && fs.statSync(vsix).mtimeMs >= newestInput) {
    log(`using ${path.basename(vsix)} (newer than its sources)`);
    return { vsix };
  }
  log(`packaging ${path.basename(vsix)}: npm run build, then vsce package`);
  const build = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0)
    return { error: '`npm run build` failed: the extension bundle (dist/) could not be built' };
  // A test package, never published: no repository URL, license file or README link rewriting needed
  // (`npm run package` is where those are checked).
  const pack = spawnSync(
    'npx',
    [
      'vsce',
      'package',
      '--no-dependencies',
      '--allow-missing-repository',
      '--skip-license',
      '--no-rewrite-relative-links',
      '-o',
      vsix,
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
  );
  if (pack.status !== 0 || !fs.existsSync(vsix)) {
    const output = `${pack.stdout}\n${pack.stderr}`.trim().split('\n').slice(-15).join('\n');
    return {
      error: `packaging the extension failed (npx vsce package): package.json may be incomplete for a .vsix\n${output}`,
    };
  }
  return { vsix };
}

function mentionsExtension(toast: Toast, manifest: PackageJson): boolean {
  const text = `${toast.message} ${toast.source}`.toLowerCase();
  const names = [manifest.displayName, `${manifest.publisher}.${manifest.name}`, manifest.name];
  return names.some((n) => !!n && text.includes(n.toLowerCase()));
}

async function main(): Promise<number> {
  const timer = new StepTimer();
  const bin = locateCodeServer();
  const chromium = locateChromium();
  // Each step is a test, and so is the closing check for error notifications.
  const tests = steps.length + 1;
  if (!bin)
    return missingPrerequisite(
      suite,
      'code-server not installed (run scripts/install-code-server.sh)',
      tests,
    );
  if (!chromium)
    return missingPrerequisite(
      suite,
      'chromium not found (/usr/bin/chromium; scripts/install-code-server.sh installs it)',
      tests,
    );

  const packaged = await timer.time('package', () => Promise.resolve(ensureVsix(readPackageJson())));
  if (!packaged.vsix) return fail(packaged.error ?? 'no .vsix');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-ui-'));
  // code-server, the fake and the browser stop themselves on a signal (they register their own cleanup).
  const removeScratch = (): void =>
    fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  const release = onInterrupt(removeScratch);
  const userDataDir = path.join(scratch, 'user-data');
  const extensionsDir = path.join(scratch, 'extensions');
  const workspace = path.join(scratch, 'flask-app');
  // The sample as committed: not what a person did in examples/ while trying the extension.
  copyPristineExample('flask-app', workspace);

  // The manifest of what is really installed (the .vsix may come from elsewhere).
  let installOutput: string;
  try {
    installOutput = await timer.time('install vsix', () =>
      Promise.resolve(installExtension(bin, packaged.vsix!, userDataDir, extensionsDir)),
    );
  } catch (e) {
    removeScratch();
    const stderr = (e as { stderr?: string }).stderr ?? '';
    return fail(`code-server --install-extension failed: ${(e as Error).message.split('\n')[0]} ${stderr}`);
  }
  log(installOutput.trim().split('\n').pop() ?? '');
  const installed = fs
    .readdirSync(extensionsDir)
    .find((d) => fs.existsSync(path.join(extensionsDir, d, 'package.json')));
  if (!installed) {
    removeScratch();
    return fail(`the .vsix did not install (code-server said: ${installOutput.trim() || 'nothing'})`);
  }
  const manifest = readPackageJson(path.join(extensionsDir, installed));

  let fake: FakeAws | undefined;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  const stopAll = async (): Promise<void> => {
    await browser?.close();
    await server?.stop();
    await fake?.stop();
  };
  const results: { title: string; status: 'passed' | 'failed' | 'skipped'; detail?: string }[] = [];
  try {
    // Deploy builds and pushes for real: the Docker test engine and registry go to the extension.
    const docker = await timer.time('Docker test env', dockerEnvForHost);
    if (docker.unavailable) log(`no Docker test environment (${docker.unavailable}): the deploy step skips`);
    const env: Record<string, string> = { ...docker.env };
    const cli = locateFakeAwsCli();
    if (cli) {
      fake = await timer.time('fake AWS', () =>
        startFakeAws(cli, { fleet: 'demo', logFile: path.join(scratch, 'fake-aws.log') }),
      );
      Object.assign(env, fakeAwsEnv(fake.url, path.join(scratch, 'aws')));
      log(`fake AWS (demo fleet) at ${fake.url}`);
    } else if (isCi()) {
      return fail('the fake AWS endpoint is not built (out/test/fakeAws/cli.js)');
    } else {
      log('out/test/fakeAws/cli.js not built: the extension sees no AWS');
    }
    server = await timer.time('code-server', () =>
      startCodeServer({
        bin,
        userDataDir,
        extensionsDir,
        env,
        // xterm's DOM renderer: the terminal's rows are text the exec step can read
        settings: { 'terminal.integrated.gpuAcceleration': 'off' },
      }),
    );
    log(`code-server on ${server.url} (pid ${server.pid})`);
    browser = await timer.time('chromium', () => launchBrowser(chromium));
    browser.page.on('pageerror', (e) => log(`page error: ${e.message.split('\n')[0]}`));

    fs.rmSync(screenshotsDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    const wb = new Workbench(browser.page, screenshotsDir);
    log(`screenshots: ${screenshotsDir}`);
    const ctx: ScenarioContext = {
      wb,
      baseUrl: server.url,
      workspace,
      manifest,
      fakeAwsUrl: fake?.url,
      docker: docker.unavailable ? { unavailable: docker.unavailable } : { env: docker.env },
      state: {},
      log: (m) => log(`  ${m}`),
    };
    const errorToasts = new Map<string, Toast>();
    const checkToasts = async (): Promise<Toast[]> => {
      const fresh: Toast[] = [];
      for (const t of await wb.toasts().catch((): Toast[] => [])) {
        if (t.severity !== 'error') continue;
        const key = `${t.source}|${t.message}`;
        if (!errorToasts.has(key)) fresh.push(t);
        errorToasts.set(key, t);
      }
      for (const t of fresh) log(`  error notification: ${t.message} (${t.source || 'no source'})`);
      return fresh.filter((t) => mentionsExtension(t, manifest));
    };

    const passed = new Set<string>();
    // ECS_UI_STEPS=slug,slug: only those steps and the steps they need (a developer's quick run).
    const only = process.env.ECS_UI_STEPS?.split(',').map((s) => s.trim());
    const wanted = new Set<string>();
    const want = (slug: string): void => {
      if (wanted.has(slug)) return;
      wanted.add(slug);
      for (const n of steps.find((s) => s.slug === slug)?.needs ?? []) want(n);
    };
    for (const slug of only ?? []) want(slug);
    for (const step of steps) {
      if (only && !wanted.has(step.slug) && step.slug !== 'workbench') {
        results.push({ title: step.title, status: 'skipped', detail: 'not in ECS_UI_STEPS' });
        continue;
      }
      const missing = (step.needs ?? []).filter((n) => !passed.has(n));
      if (missing.length > 0) {
        results.push({ title: step.title, status: 'skipped', detail: `needs ${missing.join(', ')}` });
        log(`SKIP ${step.title} (needs ${missing.join(', ')})`);
        continue;
      }
      const skip = step.skipUnless?.(ctx);
      if (skip !== undefined) {
        if (isCi()) {
          results.push({ title: step.title, status: 'failed', detail: skip });
          log(`FAIL ${step.title}: ${skip} (CI must run it)`);
        } else {
          results.push({ title: step.title, status: 'skipped', detail: skip });
          log(`SKIP ${step.title} (${skip})`);
        }
        continue;
      }
      const started = Date.now();
      try {
        await step.run(ctx);
        const extensionErrors = await checkToasts();
        if (extensionErrors.length > 0) {
          throw new Error(`error notification: ${extensionErrors.map((t) => t.message).join(' | ')}`);
        }
        const shot = await wb.screenshot(step.slug);
        passed.add(step.slug);
        results.push({ title: step.title, status: 'passed' });
        log(`PASS ${step.title} (${((Date.now() - started) / 1000).toFixed(1)} s) → ${path.basename(shot)}`);
      } catch (e) {
        const message = (e instanceof Error ? e.message : String(e)).split('\n').slice(0, 12).join('\n');
        const shot = await wb.screenshot(`${step.slug}-FAILED`).catch(() => '');
        await wb.dismissOverlays(); // so that the independent steps after it can still run
        results.push({ title: step.title, status: 'failed', detail: message });
        log(
          `FAIL ${step.title} (${((Date.now() - started) / 1000).toFixed(1)} s): ${message} → ${path.basename(shot)}`,
        );
      }
      timer.steps.push({ name: step.slug, seconds: (Date.now() - started) / 1000 });
    }
    // The whole run: no error notification that names the extension was ever on screen.
    await checkToasts();
    const fromExtension = [...errorToasts.values()].filter((t) => mentionsExtension(t, manifest));
    const title = 'no error notification mentions the extension';
    if (fromExtension.length === 0) {
      results.push({ title, status: 'passed' });
      log(`PASS ${title}`);
    } else {
      results.push({ title, status: 'failed', detail: fromExtension.map((t) => t.message).join(' | ') });
      log(`FAIL ${title}: ${fromExtension.map((t) => t.message).join(' | ')}`);
    }
    if (browser.blocked.length > 0) log(`non-loopback requests aborted: ${browser.blocked.length}`);
  } finally {
    await stopAll();
    release();
  }

  const counts = {
    passed: results.filter((r) => r.status === 'passed').length,
    failed: results.filter((r) => r.status === 'failed').length,
    skipped: results.filter((r) => r.status === 'skipped').length,
    failures: results
      .filter((r) => r.status === 'failed')
      .map((r) => ({ title: r.title, error: errorSummary(r.detail ?? 'failed') })),
  };
  writeSuiteResults(suite, counts);
  log(
    `${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped; screenshots in ${screenshotsDir}`,
  );
  console.log(timer.report(suite));
  if (counts.failed === 0)
    fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  else log(`code-server log and user data kept in ${scratch}`);
  return counts.failed > 0 ? 1 : 0;
}

main().then(
  (code) => void exitWhenDone(code),
  (e: unknown) => {
    console.error(e);
    writeSuiteResults(suite, { passed: 0, failed: 1, skipped: 0 });
    void exitWhenDone(1);
  },
);
