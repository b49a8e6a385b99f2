/**
 * `npm run bench:activation`: cold activations of the production bundle in the real extension host
 * (code-server's node extension host, as the host suite uses), one fresh window (so one fresh
 * extension host) per run. Prints each run, the median and p95, activate()'s own share, the bytes
 * parsed at activation and every chunk's size. Exits non-zero when activation loaded a chunk that
 * must stay lazy, or when the activation bundle holds a module that must stay lazy
 * (scripts/bundles.js: LAZY_MODULES). Figures, not a timed test: nothing fails on a slow machine.
 *   BENCH_RUNS (default 10), BENCH_FLOOR=0 (no empty-extension floor), ECS_BENCH_NO_BUILD=1 (measure
 *   dist/ as built),
 *   ECS_BENCH_EXTENSION_PATH=<folder> (measure another build, e.g. a checkout of main: figures only),
 *   ECS_BENCH_PROFILE=1 (a CPU profile of the extension host across each activate(): prints the
 *   self time by owner and function, summed over the runs; the profiler slows what it samples).
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
import { selfTimeByOwner, selfTimes, type CpuProfile, type SelfTime } from '../cpuProfile';
import type { ProbeResult } from './probe';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
/** BENCH_FLOOR=0: skip the empty extension measured after each run (halves the bench's time). */
const FLOOR = process.env.BENCH_FLOOR !== '0';

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

/**
 * The floor: an extension whose activate() does nothing, measured in the same host between our runs,
 * so that what is the host's own cost (and the machine's load) is told apart from ours.
 */
function writeEmptyExtension(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const manifest = {
    name: 'empty-extension',
    publisher: 'ecs-fargate-bench',
    version: '0.0.1',
    engines: { vscode: '^1.100.0' },
    main: './extension.js',
    activationEvents: [],
  };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest));
  fs.writeFileSync(path.join(dir, 'extension.js'), 'exports.activate = () => ({ activationMs: 0 });\n');
  return dir;
}

let extensionRoot = repoRoot;

function fileBytes(relative: string): number {
  return fs.statSync(path.join(extensionRoot, relative)).size;
}

async function main(): Promise<number> {
  const bin = locateCodeServer();
  const chromium = locateChromium();
  if (!bin || !chromium) {
    console.log('bench:activation needs code-server and Chromium (npm run install-code-server)');
    return 1;
  }
  const other = process.env.ECS_BENCH_EXTENSION_PATH;
  const extensionPath = path.resolve(other ?? repoRoot);
  extensionRoot = extensionPath;
  if (!process.env.ECS_BENCH_NO_BUILD && !other) {
    const built = spawnSync(process.execPath, ['scripts/esbuild.js', '--production'], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
    if (built.status !== 0) return 1;
  }
  const { publisher, name } = readPackageJson(extensionPath);
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
      // The probe activates whichever of these the window has (ours, or the floor's empty extension).
      ECS_BENCH_EXTENSION_ID: `${publisher}.${name},ecs-fargate-bench.empty-extension`,
      ECS_BENCH_PROFILE: process.env.ECS_BENCH_PROFILE === '1' ? '1' : '0',
    },
  });
  const floorPath = FLOOR ? writeEmptyExtension(path.join(scratch, 'empty-extension')) : undefined;
  /** One fresh window (a fresh extension host) with `devPath` under development; the probe's result. */
  const measure = async (devPath: string, label: string): Promise<ProbeResult> => {
    const before = new Set(fs.readdirSync(results));
    const code = await runExtensionTestsInBrowser({
      url: server.url,
      chromium,
      folder: workspace,
      extensionDevelopmentPaths: [devPath],
      extensionTestsPath: path.join(__dirname, 'probe'),
      echo: () => undefined,
      timeoutMs: 120_000,
    });
    const file = fs.readdirSync(results).find((f) => !before.has(f) && f.endsWith('.json'));
    if (code !== 0 || !file) throw new Error(`${label}: the probe reported nothing (exit ${code})`);
    const result = JSON.parse(fs.readFileSync(path.join(results, file), 'utf8')) as ProbeResult;
    if (result.error) throw new Error(`${label}: ${result.error}`);
    if (result.wasActive) throw new Error(`${label}: the extension was active before the probe`);
    return result;
  };
  const runs: ProbeResult[] = [];
  const floor: ProbeResult[] = [];
  const profiles: CpuProfile[] = [];
  try {
    // Run 0 warms the disk cache and code-server's own first-window work; it is not counted.
    for (let i = 0; i <= RUNS; i++) {
      const label = i === 0 ? 'warm-up' : `run ${String(i).padStart(2)}`;
      const result = await measure(extensionPath, label);
      const empty = floorPath ? await measure(floorPath, `${label} (floor)`) : undefined;
      if (i > 0) runs.push(result);
      if (i > 0 && result.profileFile) {
        profiles.push(JSON.parse(fs.readFileSync(result.profileFile, 'utf8')) as CpuProfile);
        // Kept for Chrome DevTools (the scratch folder goes).
        fs.copyFileSync(result.profileFile, path.join(repoRoot, 'out', `activation-${i}.cpuprofile`));
      }
      if (i > 0 && empty) floor.push(empty);
      console.log(
        `${label}: ${result.activationMs.toFixed(1)} ms` +
          ` (CPU ${result.activationCpuMs.toFixed(1)} ms, activate() body ${result.activateBodyMs?.toFixed(1) ?? '?'} ms)` +
          (empty ? `; empty extension ${empty.activationMs.toFixed(1)} ms` : ''),
      );
    }
  } finally {
    await server.stop();
    fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  }

  const ms = runs.map((r) => r.activationMs);
  const body = runs.flatMap((r) => (r.activateBodyMs === undefined ? [] : [r.activateBodyMs]));
  console.log(`\ncold activation of ${extensionPath} (${runs.length} runs, code-server's extension host)`);
  console.log(`  machine load (1-min average) ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} CPUs`);
  console.log(`  median: ${median(ms).toFixed(1)} ms   p95: ${percentile(ms, 95).toFixed(1)} ms`);
  console.log(`  min/max: ${Math.min(...ms).toFixed(1)} / ${Math.max(...ms).toFixed(1)} ms`);
  const cpu = runs.map((r) => r.activationCpuMs);
  console.log(`  CPU time of the extension host meanwhile: median ${median(cpu).toFixed(1)} ms`);
  if (body.length) console.log(`  of which activate() itself: median ${median(body).toFixed(1)} ms`);
  if (floor.length) {
    const empty = floor.map((r) => r.activationMs);
    console.log(
      `  the host's floor (an extension that does nothing, same windows): median ${median(empty).toFixed(1)} ms,` +
        ` p95 ${percentile(empty, 95).toFixed(1)} ms; ours above it: median ${(median(ms) - median(empty)).toFixed(1)} ms`,
    );
  }

  if (profiles.length) printProfiles(profiles);

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

  if (other) {
    console.log(`\n(${other}: figures only, its bundles are not checked)`);
    return 0;
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

/** Self time across activate(), summed over the profiled runs and shown per run. */
function printProfiles(profiles: readonly CpuProfile[]): void {
  const sum = (lists: SelfTime[][]): SelfTime[] => {
    const totals = new Map<string, number>();
    for (const list of lists) for (const s of list) totals.set(s.name, (totals.get(s.name) ?? 0) + s.ms);
    return [...totals.entries()].map(([name, ms]) => ({ name, ms })).sort((a, b) => b.ms - a.ms);
  };
  const n = profiles.length;
  console.log(
    `\nCPU profile across activate() (${n} runs; ms per run, the mean; out/activation-N.cpuprofile):`,
  );
  console.log('self time by owner:');
  for (const s of sum(profiles.map(selfTimeByOwner)).slice(0, 10))
    console.log(`  ${(s.ms / n).toFixed(1).padStart(7)} ms  ${s.name}`);
  console.log('top self time by function:');
  for (const s of sum(profiles.map((p) => selfTimes(p).byFunction)).slice(0, 25))
    console.log(`  ${(s.ms / n).toFixed(2).padStart(7)} ms  ${s.name}`);
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
