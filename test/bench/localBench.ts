/**
 * `npm run bench:local` (node out/test/bench/localBench.js): the three-container task of the tests
 * (init → SUCCESS → sidecar with a health check → HEALTHY → app publishing a port), from the call to
 * "every container RUNNING and the sidecar HEALTHY", run by Run Locally and by hand with the Docker
 * CLI (network create; run init, docker wait; run the sidecar with --health-*; poll its health every
 * 100 ms; run the app) in the same run, alternating. Both use a 1 s health-check interval: the
 * first check fires one interval after the sidecar starts, so that wait dominates both figures.
 * Also our process memory (RSS, heap) while a task runs. Needs DOCKER_HOST (or root, to start
 * ../shared/tools/docker-test-env.sh). Figures, not asserts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { connectDocker } from '../../src/docker/dockerClient';
import { dockerGatewayOf } from '../../src/docker/dockerGateway';
import { nodeEndpointHost, resolveDockerEndpoint } from '../../src/docker/dockerEndpoint';
import { runLocalTask } from '../../src/workflows/local/runLocalTask';
import { SIDECAR_PORT, threeContainerTask } from '../support/localTasks';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PORT = Number(process.env.BENCH_PORT ?? 18_480);

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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const docker = (...args: string[]): string => execFileSync('docker', args, { encoding: 'utf8' }).trim();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The same containers by hand; resolves with the time to "all RUNNING, sidecar HEALTHY". */
async function byHand(image: string, run: number): Promise<number> {
  const net = `bench-local-cli-${process.pid}-${run}`;
  const name = (c: string) => `${net}-${c}`;
  const started = performance.now();
  try {
    docker('network', 'create', '--label', 'bench.local=cli', net);
    docker('run', '-d', '--name', name('init'), '--network', net, image, 'sh', '-c', 'echo init done');
    const code = docker('wait', name('init'));
    if (code !== '0') throw new Error(`init exited ${code}`);
    docker(
      'run',
      '-d',
      '--name',
      name('sidecar'),
      '--network',
      net,
      '--network-alias',
      'sidecar',
      '--health-cmd',
      `wget -qO- http://localhost:${SIDECAR_PORT}/ || exit 1`,
      '--health-interval',
      '1s',
      '--health-timeout',
      '2s',
      '--health-retries',
      '3',
      image,
      'sh',
      '-c',
      `mkdir -p /s && echo "hello from the sidecar" > /s/index.html && exec httpd -f -p ${SIDECAR_PORT} -h /s`,
    );
    while (docker('inspect', '-f', '{{.State.Health.Status}}', name('sidecar')) !== 'healthy')
      await sleep(100);
    docker(
      'run',
      '-d',
      '--name',
      name('app'),
      '--network',
      net,
      '-p',
      `127.0.0.1:${PORT}:${PORT}`,
      image,
      'sh',
      '-c',
      `mkdir -p /w && wget -qO /w/index.html http://sidecar:${SIDECAR_PORT}/ && exec httpd -f -p ${PORT} -h /w`,
    );
    while (docker('inspect', '-f', '{{.State.Status}}', name('app')) !== 'running') await sleep(100);
    return performance.now() - started;
  } finally {
    spawnSync('docker', ['rm', '-f', name('init'), name('sidecar'), name('app')]);
    spawnSync('docker', ['network', 'rm', net]);
  }
}

async function main(): Promise<void> {
  ensureDocker();
  const image = process.env.DOCKER_TEST_BASE_IMAGE ?? 'local/busybox:latest';
  const gateway = dockerGatewayOf(connectDocker(resolveDockerEndpoint(nodeEndpointHost(process.env))));
  await gateway.ensurePauseImage('ecs-fargate.local.task'); // imported once, as on a user's first run
  const ours: number[] = [];
  const cli: number[] = [];
  const memory: Array<{ rss: number; heap: number }> = [];
  const before = process.memoryUsage();
  for (let run = 0; run < RUNS; run++) {
    cli.push(await byHand(image, run));
    const started = performance.now();
    const handle = await runLocalTask(
      { docker: gateway, owner: `bench-${process.pid}` },
      { taskDefinition: threeContainerTask(image, PORT), source: 'bench', healthCheckIntervalSeconds: 1 },
    );
    const task = await handle.running;
    ours.push(performance.now() - started);
    if (task.status !== 'RUNNING') throw new Error(`the local task stopped: ${task.stoppedReason ?? ''}`);
    await sleep(1000); // a second of running: log pumps, events and the reconcile are all live
    const m = process.memoryUsage();
    memory.push({ rss: m.rss, heap: m.heapUsed });
    await handle.stop();
  }
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  const o = median(ours);
  const c = median(cli);
  console.log(`three-container task to all RUNNING/HEALTHY, ${RUNS} runs, health interval 1 s`);
  console.log(
    `  Run Locally   median ${o.toFixed(0)} ms  (runs: ${ours.map((v) => v.toFixed(0)).join(', ')})`,
  );
  console.log(
    `  docker CLI    median ${c.toFixed(0)} ms  (runs: ${cli.map((v) => v.toFixed(0)).join(', ')})`,
  );
  console.log(
    `  ratio ours/CLI ${(o / c).toFixed(2)} (target ≤ 1.1; the 1 s health-check wait dominates both)`,
  );
  const peak = memory.reduce((a, b) => (b.rss > a.rss ? b : a), memory[0] ?? { rss: 0, heap: 0 });
  console.log(
    `  memory while a task runs: RSS ${mb(peak.rss)} (process before the runs: ${mb(before.rss)}), heap ${mb(peak.heap)} (before: ${mb(before.heapUsed)})`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
