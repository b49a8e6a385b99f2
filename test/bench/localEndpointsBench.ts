/**
 * `npm run bench:local-endpoints`: the task metadata endpoint's latency as a container sees it.
 * A three-container task's endpoint server answers `${ECS_CONTAINER_METADATA_URI_V4}` and `/task`
 * over keep-alive HTTP, BENCH_RUNS times each (after a warm-up), next to a bare node:http server
 * answering the same bytes (the floor: what HTTP itself costs on this machine). Prints p50 and p99
 * of each and the ratio; figures, not asserts. Target: p50 ≤ 2 ms (issue 13).
 * `measureMetadataLatency` is exported for `bench:local`.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MetadataTask } from '../../src/workflows/local/endpoints/metadataTask';
import { taskMetadata } from '../../src/workflows/local/endpoints/metadataShapes';
import { startTaskEndpoints } from '../../src/workflows/local/endpoints/taskEndpoints';

const RUNS = Number(process.env.BENCH_RUNS ?? 2000);
const WARMUP = 200;
const TARGET_P50_MS = 2;

const TASK: MetadataTask = {
  taskArn: 'arn:aws:ecs:local:000000000000:task/local/0123456789abcdef0123456789abcdef',
  cluster: 'local',
  family: 'local-three',
  revision: 1,
  desiredStatus: 'RUNNING',
  knownStatus: 'RUNNING',
  cpu: '256',
  memory: '512',
  network: { ipv4Address: '172.18.0.2', subnetCidr: '172.18.0.0/16', gateway: '172.18.0.1' },
  containers: ['init', 'sidecar', 'app'].map((name, i) => ({
    name,
    image: 'local/busybox:latest',
    imageId: `sha256:${'a'.repeat(64)}`,
    dockerId: `${i}`.repeat(64),
    dockerName: `ecs-local-local-three-01234567-${name}`,
    knownStatus: name === 'init' ? 'STOPPED' : 'RUNNING',
    ...(name === 'init' ? { exitCode: 0 } : {}),
    ...(name === 'sidecar' ? { health: { status: 'HEALTHY' as const } } : {}),
    startedAt: new Date(),
  })),
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function timeGets(url: string, runs: number): Promise<{ p50: number; p99: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const once = () =>
    new Promise<void>((resolve, reject) => {
      http
        .get(url, { agent }, (res) => {
          res.resume();
          res.on('end', () =>
            res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`)),
          );
        })
        .on('error', reject);
    });
  for (let i = 0; i < WARMUP; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await once();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  agent.destroy();
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99) };
}

export interface MetadataLatency {
  readonly container: { p50: number; p99: number };
  readonly task: { p50: number; p99: number };
  readonly bare: { p50: number; p99: number };
}

/** The endpoint's latency for `/` and `/task`, and a bare server's for the same `/task` bytes. */
export async function measureMetadataLatency(runs = RUNS, host = '127.0.0.1'): Promise<MetadataLatency> {
  const endpoints = await startTaskEndpoints({ task: () => TASK, listen: { host } });
  const bytes = JSON.stringify(taskMetadata(TASK));
  const bare = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(bytes);
  });
  await new Promise<void>((resolve) => bare.listen(0, host, resolve));
  try {
    const uri = endpoints.envFor('app').ECS_CONTAINER_METADATA_URI_V4 ?? '';
    return {
      container: await timeGets(uri, runs),
      task: await timeGets(`${uri}/task`, runs),
      bare: await timeGets(`http://${host}:${(bare.address() as AddressInfo).port}/`, runs),
    };
  } finally {
    await endpoints.close();
    await new Promise<void>((resolve) => {
      bare.close(() => resolve());
      bare.closeAllConnections();
    });
  }
}

async function main(): Promise<void> {
  const m = await measureMetadataLatency();
  const f = (n: number) => n.toFixed(3);
  console.log(
    `Task metadata endpoint v4 latency (${RUNS} keep-alive GETs each, 3-container task, node ${process.version})`,
  );
  console.log(
    `  \${ECS_CONTAINER_METADATA_URI_V4}        p50 ${f(m.container.p50)} ms   p99 ${f(m.container.p99)} ms`,
  );
  console.log(`  \${ECS_CONTAINER_METADATA_URI_V4}/task   p50 ${f(m.task.p50)} ms   p99 ${f(m.task.p99)} ms`);
  console.log(`  bare node:http, same /task bytes        p50 ${f(m.bare.p50)} ms   p99 ${f(m.bare.p99)} ms`);
  console.log(
    `  /task ÷ bare: p50 ×${(m.task.p50 / m.bare.p50).toFixed(2)}, p99 ×${(m.task.p99 / m.bare.p99).toFixed(2)}`,
  );
  console.log(`  target p50 ≤ ${TARGET_P50_MS} ms: ${m.task.p50 <= TARGET_P50_MS ? 'met' : 'NOT met'}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
