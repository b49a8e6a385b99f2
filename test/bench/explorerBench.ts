/**
 * `npm run bench:explorer`: how fast the explorer lists big accounts, against the fake AWS with a
 * fixed latency per call. Prints calls by operation, peak concurrency, wall time and the ratio to
 * the ideal critical path (the sequential page chain plus one describe round); then the demo fleet
 * under throttling (explorerFaultsBench.ts). Figures, not asserts.
 */
import { DescribeServicesCommand, type ECSClient, ListServicesCommand } from '@aws-sdk/client-ecs';
import { createEcsGateway, type EcsGateway } from '../../src/aws/ecsGateway';
import { ClusterNode, listClusterNodes } from '../../src/explorer/nodes/clusterNode';
import type { ChildrenProgress } from '../../src/explorer/nodes/explorerNode';
import { LoadingNode } from '../../src/explorer/nodes/loadingNode';
import { settingDefaults } from '../../src/shared/settingDefaults';
import { chainGaps } from '../fakeAws/stats';
import { clientFactoryAgainst } from '../support/explorerExpansion';
import { runFaultBench } from './explorerFaultsBench';
import { printSdkCallCost } from './sdkCallCost';
import { FakeAwsProcess } from './fakeAwsProcess';

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? settingDefaults.maxConcurrentRequests);
/** With N describes in flight, 200 DescribeServices need at least 200/N rounds after the first page. */
const concurrencyBound = (describes: number, n: number) => (1 + Math.ceil(describes / n)) * LATENCY_MS;
/** 2,000 services: 20 ListServices pages of 100 listed in sequence, plus the describe round of the last page. */
const PAGE_CHAIN_ROUND_TRIPS = 21;

/** The product's ECS client (src/aws/clientFactory.ts: retry policy, cached middleware stack). */
function clientFor(fake: FakeAwsProcess): ECSClient {
  return clientFactoryAgainst({ url: fake.url, region: 'us-east-1' }).ecs();
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

/**
 * Issue 16 item 2, as the tree shows it: the cluster node lists its services progressively and,
 * like VS Code, the bench asks for the children again on every change event and renders each row
 * (NodeView). Prints the time to the first 100 rows (ideal: the first page and its describes, 2
 * round trips) and to all 2,000 (ideal: 21 round trips), and their ratios.
 */
async function progressiveServices(fake: FakeAwsProcess, client: ECSClient, cluster: string, n: number) {
  const gateway = createEcsGateway(client, { concurrency: () => n });
  await gateway.listServices(cluster); // warm: connections open, code compiled
  await fake.resetStats();
  const [node] = await listClusterNodes({ ecs: gateway, region: 'us-east-1', now: () => Date.now() });
  if (!(node instanceof ClusterNode)) throw new Error(`no cluster ${cluster} in the fake`);
  const started = performance.now();
  let updates = 0;
  let allMs: number | undefined;
  let done = (): void => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const render = async () => {
    const rows = await node.getChildren(undefined, progress);
    for (const row of rows) row.view();
    if (allMs === undefined && !rows.some((r) => r instanceof LoadingNode)) {
      allMs = performance.now() - started;
      done();
    }
    return rows;
  };
  const progress: ChildrenProgress = {
    changed: () => {
      updates++;
      void render();
    },
    problem: (_node, error) => {
      throw error;
    },
  };
  const first = await render();
  const firstMs = performance.now() - started;
  const firstRows = first.filter((r) => r.id.includes('/service:')).length;
  await finished;
  const all = allMs ?? 0;
  const ideal = PAGE_CHAIN_ROUND_TRIPS * LATENCY_MS;
  const stats = await fake.stats();
  console.log(`\nThe tree expands ${cluster} (2,000 services) at concurrency ${n}, rendering each update`);
  console.log(
    `  first ${firstRows} rows:  ${firstMs.toFixed(0)} ms (ideal 2 round trips = ${2 * LATENCY_MS} ms, ratio ${(firstMs / (2 * LATENCY_MS)).toFixed(2)})`,
  );
  console.log(
    `  all rows:         ${all.toFixed(0)} ms (ideal ${ideal} ms, ratio ${(all / ideal).toFixed(2)})`,
  );
  console.log(
    `  calls:            ListServices ${stats.byOperation['ListServices'] ?? 0}, DescribeServices ${stats.byOperation['DescribeServices'] ?? 0}; ${updates} updates`,
  );
  const gaps = chainGaps(await fake.events(), 'ListServices');
  console.log(
    `  page chain:       each page requested ${gaps.mean.toFixed(1)} ms (mean; max ${gaps.max.toFixed(1)} ms) after the previous page's answer`,
  );
  console.log(
    `  describe bound:   ${Math.max(ideal, concurrencyBound(200, n))} ms (${n} DescribeServices in flight; a page is 10)`,
  );
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
  // BENCH_ONLY=progressive: only these figures (the default concurrency, and the former default 8).
  for (const n of [CONCURRENCY, 8]) await progressiveServices(big, client, cluster, n);
  if (process.env.BENCH_ONLY === 'progressive') {
    client.destroy();
    await big.stop();
    return;
  }
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
  await printSdkCallCost(big, cluster, LATENCY_MS);
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
