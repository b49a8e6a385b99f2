/**
 * `npm run bench:context` (node out/test/bench/contextBench.js): how fast our build context reaches
 * the daemon, against the Docker CLI. The context has 20,000 small files plus a 200 MB node_modules
 * that .dockerignore excludes; the Dockerfile is a no-op (`FROM` the test base image), so the time
 * is the context walk and upload plus a trivial build. Both sides use the classic builder
 * (DOCKER_BUILDKIT=0 for the CLI). Reports medians, the ratio ours/CLI, and our peak RSS.
 * Needs DOCKER_HOST (or root, to start ../shared/tools/docker-test-env.sh). Figures, not asserts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createBuildContext } from '../../src/docker/buildContext';
import { connectDocker } from '../../src/docker/dockerClient';
import { nodeEndpointHost, resolveDockerEndpoint } from '../../src/docker/dockerEndpoint';
import { buildImage } from '../../src/docker/imageBuilder';

const SMALL_FILES = Number(process.env.BENCH_FILES ?? 20_000);
const IGNORED_MB = Number(process.env.BENCH_IGNORED_MB ?? 200);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

function ensureDocker(): void {
  if (process.env.DOCKER_HOST && process.env.DOCKER_TEST_BASE_IMAGE) return;
  const script = path.join(
    process.env.ECS_SHARED_DIR ?? path.resolve(__dirname, '../../../..', 'shared'),
    'tools',
    'docker-test-env.sh',
  );
  const out = execFileSync('bash', [script, 'up'], { encoding: 'utf8' });
  for (const m of out.matchAll(/^export ([A-Z_]+)=(.*)$/gm)) if (m[1]) process.env[m[1]] = m[2] ?? '';
}

function makeContext(root: string, baseImage: string): void {
  fs.writeFileSync(path.join(root, 'Dockerfile'), `FROM ${baseImage}\n`);
  fs.writeFileSync(path.join(root, '.dockerignore'), 'node_modules\n');
  const content = 'x'.repeat(200);
  for (let i = 0; i < SMALL_FILES; i++) {
    const dir = path.join(root, 'src', `d${Math.floor(i / 200)}`);
    if (i % 200 === 0) fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `f${i}.txt`), content);
  }
  const block = Buffer.alloc(1024 * 1024, 7);
  for (let i = 0; i < IGNORED_MB; i++) {
    const dir = path.join(root, 'node_modules', `pkg${Math.floor(i / 10)}`, 'lib');
    if (i % 10 === 0) fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `blob${i}.bin`), block);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function main(): Promise<void> {
  ensureDocker();
  const baseImage = process.env.DOCKER_TEST_BASE_IMAGE ?? 'local/busybox:latest';
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ecs-context-bench-'));
  try {
    const t0 = performance.now();
    makeContext(root, baseImage);
    console.log(
      `context: ${SMALL_FILES} files of 200 B + ${IGNORED_MB} MB ignored node_modules (made in ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
    const connection = connectDocker(resolveDockerEndpoint(nodeEndpointHost(process.env)));
    console.log(`docker: ${connection.endpoint.description}`);
    const rssBefore = process.memoryUsage().rss;
    // The archive alone, read as fast as it comes (no daemon): our share of the time.
    const packStarted = performance.now();
    let packed = 0;
    for await (const chunk of createBuildContext({ contextDir: root }).stream)
      packed += (chunk as Buffer).length;
    console.log(
      `ours, archive only: ${(performance.now() - packStarted).toFixed(0)} ms for ${(packed / 1e6).toFixed(1)} MB`,
    );
    /** Until the daemon had the context: only the runs whose step-1 event arrived. */
    const ours: number[] = [];
    let withoutStep1 = 0;
    const oursWhole: number[] = [];
    const cli: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      let receivedAt = 0;
      await buildImage(
        connection,
        { contextDir: root, dockerfile: path.join(root, 'Dockerfile'), tags: ['ecs-bench/context:ours'] },
        {
          // The daemon starts step 1 only once the whole context has arrived.
          onStep: (step) => {
            if (step.current === 1 && receivedAt === 0) receivedAt = performance.now();
          },
        },
      );
      oursWhole.push(performance.now() - started);
      if (receivedAt > 0) ours.push(receivedAt - started);
      else withoutStep1++; // never counted as context time: the whole build is another figure

      const cliStarted = performance.now();
      const result = spawnSync('docker', ['build', '-q', '-t', 'ecs-bench/context:cli', root], {
        env: { ...process.env, DOCKER_BUILDKIT: '0' },
        encoding: 'utf8',
      });
      if (result.status !== 0) throw new Error(`docker build failed: ${result.stderr}`);
      cli.push(performance.now() - cliStarted);
    }
    const peakRssMb = process.resourceUsage().maxRSS / 1024;
    const oursWholeMs = median(oursWhole);
    const cliMs = median(cli);
    if (ours.length > 0) {
      const left = withoutStep1 > 0 ? `; ${withoutStep1} of ${RUNS} runs sent no step-1 event, left out` : '';
      console.log(
        `ours: median ${median(ours).toFixed(0)} ms until the daemon had the context (runs: ${ours.map((v) => v.toFixed(0)).join(', ')}${left})`,
      );
    } else {
      console.log(
        `ours: time until the daemon had the context NOT MEASURED: the daemon sent no step-1 event in any of ${RUNS} runs (see the whole build below)`,
      );
    }
    console.log(
      `docker CLI: median ${cliMs.toFixed(0)} ms for the whole no-op build (runs: ${cli.map((v) => v.toFixed(0)).join(', ')})`,
    );
    console.log(`ours, whole no-op build: median ${oursWholeMs.toFixed(0)} ms`);
    console.log(`ratio ours/CLI (whole build, like for like): ${(oursWholeMs / cliMs).toFixed(2)}`);
    console.log(
      `our peak RSS: ${peakRssMb.toFixed(0)} MB (RSS before the builds: ${(rssBefore / 1024 / 1024).toFixed(0)} MB)`,
    );
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
