/**
 * `npm run bench:memory` (issue 16 item 4): the heap of a Node process running the extension's own
 * code, in process, with the real SDK against the fake AWS (in its own process, so its memory is not
 * counted). Every figure is `heapUsed` after two full garbage collections (node --expose-gc).
 * 1. Expanding a cluster of 2,000 services the way the tree does (the cluster node lists
 *    progressively, every row rendered), then expanding the SAME node again twice (a collapse and
 *    expand, or a refresh, re-lists it): the heap must stay flat, no growth from re-listing.
 * 2. Following a 3-task service (3 streams) by polling while 1,000 lines per second go into each
 *    stream, through the formatter and the channel's line batcher (ecsFargate.logs.maxLines 10,000):
 *    the heap sampled every 30 s must stay flat once the channel is full.
 * Figures, not asserts. Environment: BENCH_FOLLOW_SECONDS (600, the 10 minutes),
 * BENCH_LINES_PER_SECOND (1000 per stream), BENCH_LATENCY_MS (20), BENCH_RELISTS (3),
 * BENCH_ONLY (expand | follow).
 */
import { CloudWatchLogsClient, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ECSClient } from '@aws-sdk/client-ecs';
import { createEcsGateway } from '../../src/aws/ecsGateway';
import { createLogsGateway } from '../../src/aws/logsGateway';
import { createTaskDefinitionGateway } from '../../src/aws/taskDefinitionGateway';
import { ClusterNode, listClusterNodes } from '../../src/explorer/nodes/clusterNode';
import type { ChildrenProgress, ExplorerNode } from '../../src/explorer/nodes/explorerNode';
import { LoadingNode } from '../../src/explorer/nodes/loadingNode';
import { LineFormatter } from '../../src/logs/formatLine';
import { LineBatcher } from '../../src/logs/lineBatcher';
import { followLogs } from '../../src/logs/serviceFollower';
import type { FollowItem } from '../../src/logs/types';
import { FakeAwsProcess } from './fakeAwsProcess';

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 20);
const FOLLOW_SECONDS = Number(process.env.BENCH_FOLLOW_SECONDS ?? 600);
const LINES_PER_SECOND = Number(process.env.BENCH_LINES_PER_SECOND ?? 1000);
const RELISTS = Number(process.env.BENCH_RELISTS ?? 3);
const SAMPLE_EVERY_MS = 30_000;
const STREAMS = 3;
const TICK_MS = 100;
const CREDENTIALS = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' };
const region = 'us-east-1';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

function collect(): () => void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc (npm run bench:memory does)');
  return gc;
}

/** heapUsed in MiB after two full collections (the second frees what finalizers released). */
async function heapMiB(): Promise<number> {
  const gc = collect();
  gc();
  await sleep(50);
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

const mib = (n: number) => `${n.toFixed(1)} MiB`;
const delta = (n: number) => `${n >= 0 ? '+' : ''}${n.toFixed(1)} MiB`;

/** Expands the node as the tree does: asks again on every change, renders every row, until no "Loading more…". */
async function expand(node: ClusterNode): Promise<ExplorerNode[]> {
  let done: (rows: ExplorerNode[]) => void = () => undefined;
  const finished = new Promise<ExplorerNode[]>((resolve) => (done = resolve));
  const render = async () => {
    const rows = await node.getChildren(undefined, progress);
    for (const row of rows) row.view();
    if (!rows.some((r) => r instanceof LoadingNode)) done(rows);
  };
  const progress: ChildrenProgress = {
    changed: () => void render(),
    problem: (_node, error) => {
      throw error;
    },
  };
  await render();
  return finished;
}

async function expansionBench(): Promise<void> {
  const fake = await FakeAwsProcess.start(['--latency', String(LATENCY_MS)]);
  const client = new ECSClient({ region, endpoint: fake.url, credentials: CREDENTIALS });
  try {
    await fake.admin('POST', 'fleet', { clusters: 1, servicesPerCluster: 2000, tasksPerService: 2 });
    const gateway = createEcsGateway(client, { concurrency: () => 10 });
    await gateway.listClusters(); // the SDK client and its connections exist before the baseline
    const before = await heapMiB();
    const [node] = await listClusterNodes({ ecs: gateway, region, now: () => Date.now() });
    if (!(node instanceof ClusterNode)) throw new Error('no cluster in the fake');
    console.log(`\nExpand a cluster of 2,000 services (fake AWS ${LATENCY_MS} ms per call), heap after GC`);
    console.log(`  before:              ${mib(before)}`);
    let rows = await expand(node);
    const first = await heapMiB();
    console.log(`  after expanding:     ${mib(first)} (${delta(first - before)}; ${rows.length} rows held)`);
    const after: number[] = [];
    for (let i = 2; i <= RELISTS + 1; i++) {
      rows = await expand(node); // the tree drops the previous rows for the new ones
      after.push(await heapMiB());
      console.log(
        `  after expansion #${i}: ${mib(after.at(-1)!)} (${delta(after.at(-1)! - first)} from the first)`,
      );
    }
    console.log(
      `  growth from re-listing: ${delta(after.at(-1)! - first)} over ${RELISTS} re-listings (${rows.length} rows held)`,
    );
  } finally {
    client.destroy();
    await fake.stop();
  }
}

async function followBench(): Promise<void> {
  const fake = await FakeAwsProcess.start(['--latency', String(LATENCY_MS)]);
  const logsClient = new CloudWatchLogsClient({ region, endpoint: fake.url, credentials: CREDENTIALS });
  const putClient = new CloudWatchLogsClient({ region, endpoint: fake.url, credentials: CREDENTIALS });
  const ecsClient = new ECSClient({ region, endpoint: fake.url, credentials: CREDENTIALS });
  const controller = new AbortController();
  try {
    await fake.admin('POST', 'fleet', { clusters: 1, servicesPerCluster: 1, tasksPerService: STREAMS });
    const tasks = await fake.admin<Array<{ id: string; service?: string }>>(
      'GET',
      'ecs/tasks?cluster=cluster-01',
    );
    const group = '/ecs/svc-0001';
    const streams = tasks.filter((t) => t.service === 'svc-0001').map((t) => `ecs/svc-0001/${t.id}`);
    await fake.admin('POST', 'logs/groups', { name: group });
    for (const name of streams) await fake.admin('POST', 'logs/streams', { group, name });
    const logs = createLogsGateway(logsClient, { region });
    const deps = {
      ecs: createEcsGateway(ecsClient, { concurrency: () => 8 }),
      taskDefinitions: createTaskDefinitionGateway(ecsClient),
      logs: (r: string) => (r === region ? logs : undefined),
      region,
    };
    // The channel's side without the editor: what LogChannels does with each item.
    let lines = 0;
    const formatter = new LineFormatter({ timestamps: 'local', showSource: true });
    const batcher = new LineBatcher(
      { append: () => undefined, replace: () => undefined },
      { maxLines: 10_000 },
    );
    const sink = (item: FollowItem): void => {
      if (item.kind === 'notice') return batcher.push(formatter.notice(item));
      for (const e of item.events) batcher.push(formatter.event(e));
      lines += item.events.length;
    };
    const following = followLogs(
      { kind: 'service', cluster: 'cluster-01', service: 'svc-0001' },
      deps,
      sink,
      { mode: 'polling' },
      controller.signal,
    );
    await sleep(2500); // the follow has read the (empty) history and polls
    const baseline = await heapMiB();
    console.log(
      `\nFollow 3 streams by polling, ${LINES_PER_SECOND} lines/s into each (${STREAMS * LINES_PER_SECOND}/s in all) for ${FOLLOW_SECONDS} s, heap after GC`,
    );
    console.log(`  following, no lines yet: ${mib(baseline)}`);
    const started = Date.now();
    const perTick = (LINES_PER_SECOND * TICK_MS) / 1000;
    let put = 0;
    const putters = streams.map(async (stream, s) => {
      for (let tick = 0; Date.now() - started < FOLLOW_SECONDS * 1000; tick++) {
        await sleep(started + tick * TICK_MS - Date.now());
        const timestamp = Date.now();
        const logEvents = Array.from({ length: perTick }, (_, i) => ({
          timestamp,
          message: `s${s}-t${tick}-${i} GET /api/orders/${tick * 100 + i} 200 12ms user=${(tick * 7 + i) % 997}`,
        }));
        await putClient
          .send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents }))
          .then(() => (put += logEvents.length))
          .catch(() => undefined); // a lost batch changes the load a little, not the figure
      }
    });
    const samples: Array<{ seconds: number; heap: number; lines: number }> = [];
    const sampling = (async () => {
      for (let next = SAMPLE_EVERY_MS; next <= FOLLOW_SECONDS * 1000; next += SAMPLE_EVERY_MS) {
        await sleep(started + next - Date.now());
        const heap = await heapMiB();
        samples.push({ seconds: Math.round((Date.now() - started) / 1000), heap, lines });
        console.log(
          `  ${String(samples.at(-1)!.seconds).padStart(4)} s: ${mib(heap)}  (${lines} lines so far)`,
        );
      }
    })();
    await Promise.all([...putters, sampling]);
    controller.abort();
    await following;
    batcher.dispose();
    // Flat: compare the last sample with the first one after the channel filled (10,000 lines).
    const full = samples.find((s) => s.lines >= 10_000) ?? samples[0];
    const last = samples.at(-1);
    if (full && last && last !== full) {
      const minutes = (last.seconds - full.seconds) / 60;
      console.log(
        `  growth after the channel filled: ${delta(last.heap - full.heap)} over ${minutes.toFixed(1)} min (${((last.heap - full.heap) / minutes).toFixed(2)} MiB/min); ${last.lines} lines followed`,
      );
    }
  } finally {
    controller.abort();
    logsClient.destroy();
    putClient.destroy();
    ecsClient.destroy();
    await fake.stop();
  }
}

async function main(): Promise<void> {
  collect();
  // The SDK's notice that releases after January 2027 need Node 22 is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  console.log(`Memory benchmark (node ${process.version}; heapUsed after GC)`);
  // BENCH_ONLY=expand or follow: one of the two.
  if (process.env.BENCH_ONLY !== 'follow') await expansionBench();
  if (process.env.BENCH_ONLY !== 'expand') await followBench();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
