/**
 * `npm run bench:explorer-host`: a 2,000-service cluster expanded in the REAL extension host
 * (code-server's node extension host, as the host suite uses) against the fake AWS in its own process
 * answering every call after 50 ms. Prints, per run and as medians: the time to the first rows, to all
 * 2,000, the ratio to the ideal (21 round trips: 20 ListServices pages in sequence plus the last
 * page's describes), the render time, the gap between a page's answer and the next page's request,
 * and the machine's load. Figures, not a timed test: nothing fails on a slow machine.
 *   BENCH_RUNS (default 5 timed expansions after a warm-up), BENCH_LATENCY_MS (default 50),
 *   ECS_BENCH_PROFILE=1 (a CPU profile of the extension host over the timed runs: the top self-time
 *   functions are printed, the .cpuprofile is kept; builds the development bundle so that names are
 *   readable), ECS_BENCH_NO_BUILD=1 (measure dist/ as built), ECS_BENCH_EXTENSION_PATH=<folder> (measure
 *   another build, e.g. a checkout of main built with `node scripts/esbuild.js --production`).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { median } from '../activation/activationBench';
import { selfTimeByOwner, selfTimes, type CpuProfile } from '../cpuProfile';
import { locateChromium } from '../../host/harness/browser';
import { locateCodeServer, startCodeServer } from '../../host/harness/codeServer';
import { runExtensionTestsInBrowser } from '../../host/harness/extensionTests';
import { fakeAwsEnv, locateFakeAwsCli, startFakeAws } from '../../host/harness/fakeAws';
import { repoRoot } from '../../host/harness/paths';
import { exitWhenDone } from '../../host/harness/processes';
import type { ExplorerHostResult } from './probe';

const SERVICES = 2000; // probe.ts lists a cluster this big
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const PROFILE = process.env.ECS_BENCH_PROFILE === '1';
/** 20 ListServices pages of 100 in sequence, plus the describe round of the last page. */
const IDEAL_ROUND_TRIPS = 21;

const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

async function main(): Promise<number> {
  const bin = locateCodeServer();
  const chromium = locateChromium();
  const cli = locateFakeAwsCli();
  if (!bin || !chromium || !cli) {
    console.log(
      'bench:explorer-host needs code-server, Chromium (npm run install-code-server) and out/test/fakeAws',
    );
    return 1;
  }
  const other = process.env.ECS_BENCH_EXTENSION_PATH;
  const extensionPath = path.resolve(other ?? repoRoot);
  if (!process.env.ECS_BENCH_NO_BUILD && !other) {
    const args = PROFILE ? ['scripts/esbuild.js'] : ['scripts/esbuild.js', '--production'];
    const built = spawnSync(process.execPath, args, { cwd: repoRoot, stdio: 'inherit' });
    if (built.status !== 0) return 1;
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-bench-explorer-host-'));
  const results = path.join(scratch, 'results');
  const workspace = path.join(scratch, 'workspace');
  fs.mkdirSync(results, { recursive: true });
  fs.mkdirSync(workspace, { recursive: true });
  const fake = await startFakeAws(cli, { fleet: 'none', logFile: path.join(scratch, 'fake-aws.log') });
  let result: ExplorerHostResult | undefined;
  const loadBefore = load();
  try {
    const server = await startCodeServer({
      bin,
      userDataDir: path.join(scratch, 'user-data'),
      extensionsDir: path.join(scratch, 'extensions'),
      env: {
        ...fakeAwsEnv(fake.url, path.join(scratch, 'aws')),
        ECS_BENCH_RESULT_DIR: results,
        BENCH_RUNS: String(RUNS),
        BENCH_LATENCY_MS: String(LATENCY_MS),
        ECS_BENCH_PROFILE: PROFILE ? '1' : '0',
      },
    });
    try {
      const code = await runExtensionTestsInBrowser({
        url: server.url,
        chromium,
        folder: workspace,
        extensionDevelopmentPaths: [extensionPath],
        extensionTestsPath: path.join(__dirname, 'probe'),
        echo: () => undefined,
        timeoutMs: 10 * 60_000,
      });
      const file = fs.readdirSync(results).find((f) => f.endsWith('.json'));
      if (!file) throw new Error(`the probe reported nothing (exit ${code})`);
      result = JSON.parse(fs.readFileSync(path.join(results, file), 'utf8')) as ExplorerHostResult;
    } finally {
      await server.stop();
    }
  } finally {
    await fake.stop();
  }
  if (result.error) {
    console.log(`bench:explorer-host: ${result.error}`);
    fs.rmSync(scratch, { recursive: true, force: true });
    return 1;
  }
  const ideal = IDEAL_ROUND_TRIPS * LATENCY_MS;
  console.log(
    `\n${extensionPath}: a ${SERVICES}-service cluster expanded in code-server's extension host, ${LATENCY_MS} ms per call` +
      ` (ideal ${IDEAL_ROUND_TRIPS} round trips = ${ideal} ms)`,
  );
  result.runs.forEach((r, i) => {
    console.log(
      `run ${String(i + 1).padStart(2)}: first ${r.firstRows} rows ${r.firstMs.toFixed(0)} ms,` +
        ` all ${r.allMs.toFixed(0)} ms (ratio ${(r.allMs / ideal).toFixed(2)}), ${r.updates} updates` +
        ` rendered in ${r.renderMs.toFixed(0)} ms, page gap mean ${r.gapMeanMs.toFixed(1)} ms` +
        ` (max ${r.gapMaxMs.toFixed(1)}; in the host ${r.hostGapMeanMs.toFixed(1)} ms,` +
        ` ${r.responsesInGapMean.toFixed(1)} other responses), CPU ${r.cpuMs.toFixed(0)} ms`,
    );
  });
  const m = (pick: (r: ExplorerHostResult['runs'][number]) => number) => median(result.runs.map(pick));
  console.log(`\nmedian of ${result.runs.length} runs:`);
  console.log(`  first rows:      ${m((r) => r.firstMs).toFixed(0)} ms`);
  console.log(`  all ${SERVICES}:       ${m((r) => r.allMs).toFixed(0)} ms`);
  console.log(`  ratio to ideal:  ${(m((r) => r.allMs) / ideal).toFixed(2)}`);
  console.log(`  render (all updates): ${m((r) => r.renderMs).toFixed(0)} ms`);
  console.log(`  page gap (answer → next request): ${m((r) => r.gapMeanMs).toFixed(1)} ms`);
  console.log(`  extension host CPU: ${m((r) => r.cpuMs).toFixed(0)} ms`);
  console.log(
    `  load average (1, 5, 15 min): before ${loadBefore}, after ${load()}, ${os.cpus().length} CPUs`,
  );

  if (result.profileFile) {
    const profile = JSON.parse(fs.readFileSync(result.profileFile, 'utf8')) as CpuProfile;
    const { totalMs, byFunction } = selfTimes(profile);
    const kept = path.join(repoRoot, 'out', path.basename(result.profileFile));
    fs.copyFileSync(result.profileFile, kept);
    console.log(
      `\nCPU profile of the extension host over the timed runs (${totalMs.toFixed(0)} ms): ${kept}`,
    );
    console.log('self time by owner:');
    for (const s of selfTimeByOwner(profile).slice(0, 12))
      console.log(`  ${s.ms.toFixed(0).padStart(7)} ms  ${s.name}`);
    console.log('top self time by function:');
    for (const s of byFunction.slice(0, 30)) console.log(`  ${s.ms.toFixed(1).padStart(8)} ms  ${s.name}`);
  }
  fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  return 0;
}

main().then(
  (code) => void exitWhenDone(code),
  (e: unknown) => {
    console.error(e);
    void exitWhenDone(1);
  },
);
