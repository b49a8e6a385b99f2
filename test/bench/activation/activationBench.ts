/**
 * `npm run bench:activation`: cold activations of the production bundle in the real extension host
 * (code-server's node extension host, as the host suite uses), one fresh window (so one fresh
 * extension host) per run. Prints each run, the median and p95, activate()'s own share, the bytes
 * parsed at activation and every chunk's size. Exits non-zero when activation loaded a chunk that
 * must stay lazy, or when the activation bundle holds a module that must stay lazy
 * (scripts/bundles.js: LAZY_MODULES). Figures, not a timed test: nothing fails on a slow machine.
 *   BENCH_RUNS (default 10), ECS_BENCH_NO_BUILD=1 (measure dist/ as built).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { locateChromium } from '../../host/harness/browser';
import { locateCodeServer, startCodeServer } from '../../host/harness/codeServer';
import { runExtensionTestsInBrowser } from '../../host/harness/extensionTests';
import { fakeAwsEnv } from '../../host/harness/fakeAws';
import { readPackageJson, repoRoot } from '../../host/harness/paths';
import { exitWhenDone } from '../../host/harness/processes';
import type { ProbeResult } from './probe';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);

// scripts/bundles.js is CommonJS without types: the one place that says what goes in which chunk.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const bundles = require(path.join(repoRoot, 'scripts', 'bundles.js')) as {
  activationViolations(production: boolean): Promise<string[]>;
  ACTIVATION_FILES: string[];
};

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nearest-rank percentile (p95 of 10 runs is the slowest run). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

function fileBytes(relative: string): number {
  return fs.statSync(path.join(repoRoot, relative)).size;
}

async function main(): Promise<number> {
  const bin = locateCodeServer();
  const chromium = locateChromium();
  if (!bin || !chromium) {
    console.log('bench:activation needs code-server and Chromium (npm run install-code-server)');
    return 1;
  }
  if (!process.env.ECS_BENCH_NO_BUILD) {
    const built = spawnSync(process.execPath, ['scripts/esbuild.js', '--production'], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
    if (built.status !== 0) return 1;
  }
  const { publisher, name } = readPackageJson();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-bench-activation-'));
  const results = path.join(scratch, 'results');
  const workspace = path.join(scratch, 'workspace'); // empty: nothing activates the extension first
  fs.mkdirSync(results, { recursive: true });
  fs.mkdirSync(workspace, { recursive: true });
  const server = await startCodeServer({
    bin,
    userDataDir: path.join(scratch, 'user-data'),
    extensionsDir: path.join(scratch, 'extensions'),
    env: {
      // AWS config files of their own; nothing at activation may talk to AWS (port 9: discard).
      ...fakeAwsEnv('http://127.0.0.1:9', path.join(scratch, 'aws')),
      ECS_BENCH_RESULT_DIR: results,
      ECS_BENCH_EXTENSION_ID: `${publisher}.${name}`,
    },
  });
  const runs: ProbeResult[] = [];
  try {
    // Run 0 warms the disk cache and code-server's own first-window work; it is not counted.
    for (let i = 0; i <= RUNS; i++) {
      const before = new Set(fs.readdirSync(results));
      const code = await runExtensionTestsInBrowser({
        url: server.url,
        chromium,
        folder: workspace,
        extensionDevelopmentPaths: [repoRoot],
        extensionTestsPath: path.join(__dirname, 'probe'),
        echo: () => undefined,
        timeoutMs: 120_000,
      });
      const file = fs.readdirSync(results).find((f) => !before.has(f));
      if (code !== 0 || !file) throw new Error(`run ${i}: the probe reported nothing (exit ${code})`);
      const result = JSON.parse(fs.readFileSync(path.join(results, file), 'utf8')) as ProbeResult;
      if (result.error) throw new Error(`run ${i}: ${result.error}`);
      if (result.wasActive) throw new Error(`run ${i}: the extension was active before the probe`);
      if (i > 0) runs.push(result);
      console.log(
        `${i === 0 ? 'warm-up' : `run ${String(i).padStart(2)}`}: ${result.activationMs.toFixed(1)} ms` +
          ` (CPU ${result.activationCpuMs.toFixed(1)} ms, activate() body ${result.activateBodyMs?.toFixed(1) ?? '?'} ms)`,
      );
    }
  } finally {
    await server.stop();
    fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }

  const ms = runs.map((r) => r.activationMs);
  const body = runs.flatMap((r) => (r.activateBodyMs === undefined ? [] : [r.activateBodyMs]));
  console.log(`\ncold activation (${runs.length} runs, production bundle, code-server's extension host)`);
  console.log(`  median: ${median(ms).toFixed(1)} ms   p95: ${percentile(ms, 95).toFixed(1)} ms`);
  console.log(`  min/max: ${Math.min(...ms).toFixed(1)} / ${Math.max(...ms).toFixed(1)} ms`);
  const cpu = runs.map((r) => r.activationCpuMs);
  console.log(`  CPU time of the extension host meanwhile: median ${median(cpu).toFixed(1)} ms`);
  if (body.length) console.log(`  of which activate() itself: median ${median(body).toFixed(1)} ms`);

  const loaded = new Set(runs.flatMap((r) => r.loadedAtActivation));
  const settled = new Set(runs.flatMap((r) => r.loadedAfterSettling));
  const parsed = [...loaded].reduce((sum, f) => sum + fileBytes(f), 0);
  console.log(`\nparsed at activation: ${kib(parsed)} (${[...loaded].join(', ')})`);
  console.log('chunks in dist/:');
  for (const file of fs
    .readdirSync(path.join(repoRoot, 'dist'))
    .filter((f) => f.endsWith('.js'))
    .sort()) {
    const at = loaded.has(`dist/${file}`) ? '  (loaded at activation)' : '';
    console.log(`  dist/${file.padEnd(28)} ${kib(fileBytes(`dist/${file}`)).padStart(9)}${at}`);
  }

  const problems = [
    ...[...settled]
      .filter((f) => !bundles.ACTIVATION_FILES.includes(f))
      .map((f) => `${f} was loaded at activation (it must load on first use)`),
    ...(await bundles.activationViolations(true)),
  ];
  for (const p of problems) console.log(`FAIL: ${p}`);
  if (problems.length === 0) console.log('\nlazy chunks: none loaded at activation');
  return problems.length ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => void exitWhenDone(code),
    (e: unknown) => {
      console.error(e);
      void exitWhenDone(1);
    },
  );
}
