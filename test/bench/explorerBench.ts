/**
 * `npm run bench:explorer`: how fast the explorer lists big accounts, against the fake AWS with a
 * fixed latency per call. Prints calls by operation, peak concurrency, wall time and the ratio to
 * the ideal critical path (the sequential page chain plus one describe round); then the demo fleet
 * under throttling (explorerFaultsBench.ts). Figures, not asserts.
 */
import { DescribeServicesCommand, ECSClient, ListServicesCommand } from '@aws-sdk/client-ecs';
import { createEcsGateway, type EcsGateway } from '../../src/aws/ecsGateway';
import { runFaultBench } from './explorerFaultsBench';
import { FakeAwsProcess } from './fakeAwsProcess';

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
/** With N describes in flight, 200 DescribeServices need at least 200/N rounds after the first page. */
const concurrencyBound = (describes: number, n: number) => (1 + Math.ceil(describes / n)) * LATENCY_MS;
/** 2,000 services: 20 ListServices pages of 100 listed in sequence, plus the describe round of the last page. */
const PAGE_CHAIN_ROUND_TRIPS = 21;

function clientFor(fake: FakeAwsProcess): ECSClient {
  return new ECSClient({
    region: 'us-east-1',
    endpoint: fake.url,
    credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' },
  });
}

async function measure(
  fake: FakeAwsProcess,
  label: string,
  idealRoundTrips: number,
  work: () => Promise<number>,
) {
  await fake.resetStats();
  const started = performance.now();
  const items = await work();
  const ms = performance.now() - started;
  const ideal = idealRoundTrips * LATENCY_MS;
  const stats = await fake.stats();
  const ops = Object.fromEntries(Object.entries(stats.byOperation).filter(([op]) => !op.includes(':')));
  const peaks = Object.keys(ops)
    .map((op) => `${op} ${stats.peakByOperation[op] ?? 0}`)
    .join(', ');
  console.log(`\n${label}`);
  console.log(`  items:            ${items}`);
  console.log(
    `  calls:            ${Object.entries(ops)
      .map(([op, n]) => `${op} ${n}`)
      .join(', ')}`,
  );
  console.log(`  peak in flight:   ${peaks} (overall ${stats.peakConcurrency})`);
  console.log(`  wall time:        ${ms.toFixed(0)} ms`);
  console.log(`  ideal path:       ${idealRoundTrips} round trips = ${ideal} ms`);
  console.log(`  ratio to ideal:   ${(ms / ideal).toFixed(2)}`);
  return ms;
}

/** What the AWS Toolkit does: pages of 10, one DescribeServices per page, strictly in sequence. */
async function naiveListServices(client: ECSClient, cluster: string): Promise<number> {
  let nextToken: string | undefined;
  let count = 0;
  do {
    const page = await client.send(new ListServicesCommand({ cluster, maxResults: 10, nextToken }));
    const arns = page.serviceArns ?? [];
    if (arns.length > 0) {
      const described = await client.send(new DescribeServicesCommand({ cluster, services: arns }));
      count += described.services?.length ?? 0;
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return count;
}

async function expandFleet(gateway: EcsGateway): Promise<number> {
  const clusters = await gateway.listClusters();
  const expanded = await Promise.all(clusters.items.map((c) => gateway.listServices(c.clusterName ?? '')));
  return expanded.reduce((sum, r) => sum + r.items.length, clusters.items.length);
}

async function main() {
  console.log(
    `Explorer benchmark: fake AWS latency ${LATENCY_MS} ms per call, concurrency ${CONCURRENCY} per API action`,
  );

  const big = await FakeAwsProcess.start(['--latency', String(LATENCY_MS)]);
  // The fake's own speed (it was a test's wall-clock bound; a figure belongs here).
  const fleetStarted = performance.now();
  await big.admin('POST', 'fleet', { clusters: 1, servicesPerCluster: 2000, tasksPerService: 2 });
  console.log(
    `fake AWS: a fleet of 2,000 services × 2 tasks built in ${(performance.now() - fleetStarted).toFixed(0)} ms (one admin call)`,
  );
  const cluster = 'cluster-01';
  const client = clientFor(big);
  const gateway = createEcsGateway(client, { concurrency: () => CONCURRENCY });
  const ours = await measure(
    big,
    `Expand one cluster of 2,000 services (${cluster})`,
    PAGE_CHAIN_ROUND_TRIPS,
    async () => {
      const r = await gateway.listServices(cluster);
      return r.items.length;
    },
  );
  console.log(
    `  bound by concurrency ${CONCURRENCY}: ${concurrencyBound(200, CONCURRENCY)} ms (ratio to it ${(ours / concurrencyBound(200, CONCURRENCY)).toFixed(2)})`,
  );
  for (const n of [16, 32]) {
    const wider = createEcsGateway(client, { concurrency: () => n });
    const ms = await measure(
      big,
      `Same cluster with ecsFargate.maxConcurrentRequests = ${n}`,
      PAGE_CHAIN_ROUND_TRIPS,
      async () => {
        const r = await wider.listServices(cluster);
        return r.items.length;
      },
    );
    // The page chain is sequential whatever the concurrency: the bound is the longer of the two.
    const bound = Math.max(PAGE_CHAIN_ROUND_TRIPS * LATENCY_MS, concurrencyBound(200, n));
    console.log(`  bound by concurrency ${n}: ${bound} ms (ratio to it ${(ms / bound).toFixed(2)})`);
  }
  const naive = await measure(
    big,
    'Same cluster, AWS Toolkit style (pages of 10, describe each page in turn)',
    PAGE_CHAIN_ROUND_TRIPS,
    () => naiveListServices(client, cluster),
  );
  console.log(`  speed-up of ours over the page-of-10 chain: ${(naive / ours).toFixed(1)}x`);
  client.destroy();
  await big.stop();

  const fleet = await FakeAwsProcess.start(['--latency', String(LATENCY_MS)]);
  await fleet.admin('POST', 'fleet', { clusters: 20, servicesPerCluster: 50, tasksPerService: 2 });
  const fleetClient = clientFor(fleet);
  // ListClusters → DescribeClusters → ListServices → DescribeServices, each level all in parallel.
  const fleetMs = await measure(fleet, 'List 20 clusters and expand all of them (20 × 50 services)', 4, () =>
    expandFleet(createEcsGateway(fleetClient, { concurrency: () => CONCURRENCY })),
  );
  // ListClusters + DescribeClusters, then the first ListServices round, then 100 describes N at a time.
  const fleetBound = (3 + Math.ceil(100 / CONCURRENCY)) * LATENCY_MS;
  console.log(
    `  bound by concurrency ${CONCURRENCY}: ${fleetBound} ms (ratio to it ${(fleetMs / fleetBound).toFixed(2)})`,
  );
  fleetClient.destroy();
  await fleet.stop();

  await runFaultBench(LATENCY_MS);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
