/**
 * What one SDK call costs in CPU, for `npm run bench:explorer` (docs/performance.md §3): 300
 * DescribeServices of 10 services (about 24 KB each), one at a time against the fake, in three ways,
 * alternated over three rounds:
 * - the SDK's default: the middleware stack resolved again on every call (a call with options);
 * - the stack resolved once per command class (`cacheMiddleware`, a call without options);
 * - the product's client (src/aws/clientFactory.ts) called with `{ abortSignal }` as the gateways
 *   do, which requestAbort.ts turns into a call on the cached stack.
 * Prints the median CPU per call of each. Figures, not asserts.
 */
import { DescribeServicesCommand, ECSClient, ListServicesCommand } from '@aws-sdk/client-ecs';
import { clientFactoryAgainst } from '../support/explorerExpansion';
import type { FakeAwsProcess } from './fakeAwsProcess';

const CALLS = 300;
const ROUNDS = 3;
const REGION = 'us-east-1';
const credentials = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' };

type Send = (command: DescribeServicesCommand) => Promise<unknown>;

async function cpuPerCall(send: Send, cluster: string, services: string[]): Promise<number> {
  const cpu = process.cpuUsage();
  for (let i = 0; i < CALLS; i++) await send(new DescribeServicesCommand({ cluster, services }));
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / 1000 / CALLS;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

export async function printSdkCallCost(
  fake: FakeAwsProcess,
  cluster: string,
  latencyMs: number,
): Promise<void> {
  // CPU is what is measured here: the fake answers at once, and gets its latency back at the end.
  await fake.admin('POST', 'faults', { latencyMs: 0 });
  const signal = new AbortController().signal;
  const perCall = new ECSClient({ region: REGION, endpoint: fake.url, credentials });
  const cached = new ECSClient({ region: REGION, endpoint: fake.url, credentials, cacheMiddleware: true });
  const factory = clientFactoryAgainst({ url: fake.url, region: REGION });
  const product = factory.ecs();
  const page = await product.send(new ListServicesCommand({ cluster, maxResults: 10 }));
  const services = page.serviceArns ?? [];
  const ways: Array<[string, Send]> = [
    ['stack resolved on every call (the SDK default)', (c) => perCall.send(c, { abortSignal: signal })],
    ['stack resolved once (cacheMiddleware, no options)', (c) => cached.send(c)],
    ["the product's client with { abortSignal }", (c) => product.send(c, { abortSignal: signal })],
  ];
  const figures = new Map<string, number[]>(ways.map(([name]) => [name, []]));
  try {
    for (const [, send] of ways) await cpuPerCall(send, cluster, services); // warm-up: JIT, sockets
    for (let round = 0; round < ROUNDS; round++)
      for (const [name, send] of ways) figures.get(name)?.push(await cpuPerCall(send, cluster, services));
  } finally {
    await fake.admin('POST', 'faults', { latencyMs });
    perCall.destroy();
    cached.destroy();
    factory.destroy();
  }
  console.log(
    `\nCPU per DescribeServices call (10 services, one call at a time, ${CALLS} calls × ${ROUNDS} rounds, median)`,
  );
  const base = median(figures.get(ways[0]![0]) ?? []);
  for (const [name, xs] of figures) {
    const m = median(xs);
    console.log(`  ${name.padEnd(52)} ${m.toFixed(2)} ms (${(m / base).toFixed(2)}×)`);
  }
}
