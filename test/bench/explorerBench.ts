/**
 * `npm run bench:explorer`: how fast the explorer lists big accounts, against the fake AWS with a
 * fixed latency per call. Prints calls by operation, peak concurrency, wall time and the ratio to
 * the ideal critical path (the sequential page chain plus one describe round). Figures, not asserts.
 */
import { DescribeServicesCommand, ECSClient, ListServicesCommand } from '@aws-sdk/client-ecs';
import { createEcsGateway, type EcsGateway } from '../../src/aws/ecsGateway';
import { buildFleet } from '../fakeAws/fleet';
import { FakeAws } from '../fakeAws/server';

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);

function clientFor(fake: FakeAws): ECSClient {
  return new ECSClient({
    region: fake.region,
    endpoint: fake.url,
    credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' },
  });
}

async function measure(fake: FakeAws, label: string, idealRoundTrips: number, work: () => Promise<number>) {
  fake.stats.reset();
  const started = performance.now();
  const items = await work();
  const ms = performance.now() - started;
  const ideal = idealRoundTrips * LATENCY_MS;
  const ops = fake.stats.byOperation();
  const peaks = Object.keys(ops)
    .map((op) => `${op} ${fake.stats.peakConcurrency(op)}`)
    .join(', ');
  console.log(`\n${label}`);
  console.log(`  items:            ${items}`);
  console.log(`  calls:            ${Object.entries(ops).map(([op, n]) => `${op} ${n}`).join(', ')}`);
  console.log(`  peak in flight:   ${peaks} (overall ${fake.stats.peakConcurrency()})`);
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
  console.log(`Explorer benchmark: fake AWS latency ${LATENCY_MS} ms per call, concurrency ${CONCURRENCY} per API action`);

  const big = await FakeAws.start({ latencyMs: LATENCY_MS });
  buildFleet(big.ecs, { clusters: 1, servicesPerCluster: 2000, tasksPerService: 2 });
  const cluster = 'cluster-01';
  const client = clientFor(big);
  const gateway = createEcsGateway(client, { concurrency: () => CONCURRENCY });
  // 20 pages listed in sequence, plus the describe round of the last page.
  const ours = await measure(big, `Expand one cluster of 2,000 services (${cluster})`, 21, async () => {
    const r = await gateway.listServices(cluster);
    return r.items.length;
  });
  const naive = await measure(big, 'Same cluster, AWS Toolkit style (pages of 10, describe each page in turn)', 21, () =>
    naiveListServices(client, cluster),
  );
  console.log(`  speed-up of ours over the page-of-10 chain: ${(naive / ours).toFixed(1)}x`);
  client.destroy();
  await big.close();

  const fleet = await FakeAws.start({ latencyMs: LATENCY_MS });
  buildFleet(fleet.ecs, { clusters: 20, servicesPerCluster: 50, tasksPerService: 2 });
  const fleetClient = clientFor(fleet);
  // ListClusters → DescribeClusters → ListServices → DescribeServices, each level all in parallel.
  await measure(fleet, 'List 20 clusters and expand all of them (20 × 50 services)', 4, () =>
    expandFleet(createEcsGateway(fleetClient, { concurrency: () => CONCURRENCY })),
  );
  fleetClient.destroy();
  await fleet.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
