/**
 * `npm run bench:logs`: following a service's logs through the fake AWS in its own process, with a
 * fixed latency per call, in polling mode (the worst case: Live Tail pushes, polling must ask).
 * 1. 60,000 events over 60 s into the 3 streams of a 3-task service (PutLogEvents, batches every
 *    100 ms), while the service is followed: events received, lost (target 0), duplicated
 *    (target 0), and the latency from the put to the line appended (p50 ≤ 1.5 s, p99 ≤ 3 s).
 * 2. A burst of 100,000 events through the formatter and the line batcher: lines per second
 *    (target ≥ 50,000/s).
 * Environment: BENCH_LATENCY_MS (50), BENCH_SECONDS (60), BENCH_EVENTS (60000).
 */
import { CloudWatchLogsClient, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ECSClient } from '@aws-sdk/client-ecs';
import { createEcsGateway } from '../../src/aws/ecsGateway';
import { createLogsGateway } from '../../src/aws/logsGateway';
import { createTaskDefinitionGateway } from '../../src/aws/taskDefinitionGateway';
import { LineFormatter } from '../../src/logs/formatLine';
import { LineBatcher } from '../../src/logs/lineBatcher';
import { followLogs } from '../../src/logs/serviceFollower';
import type { FollowItem, LogEvent, LogSource } from '../../src/logs/types';
import { FakeAwsProcess } from './fakeAwsProcess';

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 60_000);
const BURST = 100_000;
const STREAMS = 3;
const TICK_MS = 100;
const CREDENTIALS = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' };

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

async function followBenchmark(): Promise<boolean> {
  const fake = await FakeAwsProcess.start(['--latency', String(LATENCY_MS)]);
  const region = 'us-east-1';
  const logsClient = new CloudWatchLogsClient({ region, endpoint: fake.url, credentials: CREDENTIALS });
  const putClient = new CloudWatchLogsClient({ region, endpoint: fake.url, credentials: CREDENTIALS });
  const ecsClient = new ECSClient({ region, endpoint: fake.url, credentials: CREDENTIALS });
  try {
    // A service of 3 running tasks whose task definition logs with awslogs (group /ecs/svc-0001).
    await fake.admin('POST', 'fleet', { clusters: 1, servicesPerCluster: 1, tasksPerService: STREAMS });
    const tasks = await fake.admin<Array<{ id: string; service?: string }>>(
      'GET',
      'ecs/tasks?cluster=cluster-01',
    );
    const group = '/ecs/svc-0001';
    const streams = tasks.filter((t) => t.service === 'svc-0001').map((t) => `ecs/svc-0001/${t.id}`);
    if (streams.length !== STREAMS) throw new Error(`expected ${STREAMS} tasks, got ${streams.length}`);
    await fake.admin('POST', 'logs/groups', { name: group });
    for (const name of streams) await fake.admin('POST', 'logs/streams', { group, name });

    const logs = createLogsGateway(logsClient, { region });
    const deps = {
      ecs: createEcsGateway(ecsClient, { concurrency: () => 8 }),
      taskDefinitions: createTaskDefinitionGateway(ecsClient),
      logs: (r: string) => (r === region ? logs : undefined),
      region,
    };

    // The channel side, without the editor: formatter → batcher → a sink that notes when lines land.
    const received = new Map<string, number>();
    const latencies: number[] = [];
    let waiting: number[] = [];
    let appends = 0;
    let duplicated = 0;
    const formatter = new LineFormatter({ timestamps: 'local', showSource: true });
    const batcher = new LineBatcher(
      {
        append: () => {
          appends++;
          const now = Date.now();
          for (const t of waiting) latencies.push(now - t);
          waiting = [];
        },
        replace: () => {
          const now = Date.now();
          for (const t of waiting) latencies.push(now - t);
          waiting = [];
        },
      },
      { maxLines: 10_000 },
    );
    const notices: string[] = [];
    const sink = (item: FollowItem): void => {
      if (item.kind === 'notice') {
        notices.push(`[${item.code}] ${item.text}`);
        batcher.push(formatter.notice(item));
        return;
      }
      for (const e of item.events) {
        const seen = received.get(e.message);
        if (seen !== undefined) duplicated++;
        received.set(e.message, (seen ?? 0) + 1);
        waiting.push(e.timestamp);
        batcher.push(formatter.event(e));
      }
    };
    const controller = new AbortController();
    const following = followLogs(
      { kind: 'service', cluster: 'cluster-01', service: 'svc-0001' },
      deps,
      sink,
      { mode: 'polling' },
      controller.signal,
    );
    await sleep(2500); // the follow has read the (empty) history and polls
    await fake.resetStats();

    console.log(
      `\nFollow a 3-task service by polling (fake AWS ${LATENCY_MS} ms per call): ${EVENTS} events over ${SECONDS} s into ${STREAMS} streams`,
    );
    const put: string[] = [];
    const ticks = (SECONDS * 1000) / TICK_MS;
    const perStream = EVENTS / STREAMS;
    const started = Date.now();
    let putFailures = 0;
    const putters = streams.map(async (stream, s) => {
      for (let tick = 0; tick < ticks; tick++) {
        await sleep(started + tick * TICK_MS - Date.now());
        const count = Math.floor(((tick + 1) * perStream) / ticks) - Math.floor((tick * perStream) / ticks);
        const timestamp = Date.now();
        const batch = Array.from({ length: count }, (_, i) => ({
          timestamp,
          message: `s${s}-t${tick}-${i} GET /api/orders/${tick * 100 + i} 200 12ms`,
        }));
        for (let attempt = 0; ; attempt++) {
          try {
            await putClient.send(
              new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: batch }),
            );
            break;
          } catch (error) {
            if (attempt >= 3) throw error;
            putFailures++;
          }
        }
        put.push(...batch.map((e) => e.message));
      }
    });
    await Promise.all(putters);
    const putSeconds = (Date.now() - started) / 1000;
    const drainUntil = Date.now() + 10_000;
    while (received.size < put.length && Date.now() < drainUntil) await sleep(100);
    await sleep(2000); // anything late or duplicated would show now
    controller.abort();
    await following;
    batcher.dispose();
    const stats = await fake.stats();

    const lost = put.filter((m) => !received.has(m)).length;
    const extra = [...received.keys()].filter((m) => !m.startsWith('s')).length;
    latencies.sort((a, b) => a - b);
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    const ops = Object.entries(stats.byOperation)
      .map(([op, n]) => `${op} ${n}`)
      .join(', ');
    console.log(
      `  put:              ${put.length} events in ${putSeconds.toFixed(1)} s (${putFailures} put retries)`,
    );
    console.log(
      `  received:         ${received.size} distinct events${extra ? ` (${extra} unexpected)` : ''}`,
    );
    console.log(`  lost:             ${lost}   (target 0)`);
    console.log(`  duplicated:       ${duplicated}   (target 0)`);
    console.log(`  latency p50:      ${p50} ms   (target ≤ 1500 ms)`);
    console.log(`  latency p99:      ${p99} ms   (target ≤ 3000 ms)`);
    console.log(`  latency max:      ${latencies.at(-1) ?? Number.NaN} ms`);
    console.log(`  channel appends:  ${appends} (${(appends / putSeconds).toFixed(1)} per second)`);
    console.log(`  calls:            ${ops}`);
    console.log(`  notices:          ${notices.join(' | ')}`);
    return lost === 0 && duplicated === 0 && p50 <= 1500 && p99 <= 3000;
  } finally {
    logsClient.destroy();
    putClient.destroy();
    ecsClient.destroy();
    await fake.stop();
  }
}

function burstBenchmark(): boolean {
  const source = (i: number): LogSource => ({
    key: `g\u0000s${i}`,
    region: 'us-east-1',
    group: '/ecs/web',
    stream: `ecs/web/${i}`,
    container: 'web',
    taskId: `${i}`.padStart(32, '0'),
    label: `web/${`${i}`.padStart(8, '0')}`,
  });
  const sources = [source(1), source(2), source(3)];
  const now = Date.now();
  const events: LogEvent[] = Array.from({ length: BURST }, (_, i) => ({
    source: sources[i % 3]!,
    timestamp: now + Math.floor(i / 10),
    message:
      i % 50 === 0
        ? `\x1b[32mINFO\x1b[0m request ${i} handled in ${i % 97} ms`
        : `{"level":"info","msg":"request handled","id":${i},"path":"/api/orders/${i}","ms":${i % 97}}`,
  }));
  let bytes = 0;
  let appends = 0;
  const batcher = new LineBatcher(
    {
      append: (text) => {
        bytes += text.length;
        appends++;
      },
      replace: (text) => {
        bytes = text.length;
        appends++;
      },
    },
    { maxLines: 10_000 },
  );
  const formatter = new LineFormatter({ timestamps: 'local', showSource: true });
  const started = performance.now();
  // As the followers deliver them: batches of events per poll or Live Tail update.
  for (let i = 0; i < events.length; i += 500) {
    for (const e of events.slice(i, i + 500)) batcher.push(formatter.event(e));
  }
  batcher.dispose();
  const ms = performance.now() - started;
  const perSecond = BURST / (ms / 1000);
  console.log(`\nBurst: ${BURST} events through the formatter and the line batcher`);
  console.log(`  time:             ${ms.toFixed(0)} ms`);
  console.log(`  lines per second: ${Math.round(perSecond)}   (target ≥ 50,000)`);
  console.log(`  channel writes:   ${appends} (the channel keeps ${bytes} characters)`);
  return perSecond >= 50_000;
}

async function main(): Promise<void> {
  const followOk = await followBenchmark();
  const burstOk = burstBenchmark();
  console.log(`\n${followOk && burstOk ? 'All targets met.' : 'Some targets were missed.'}`);
  if (!followOk || !burstOk) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
