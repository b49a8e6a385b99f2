/**
 * `npm run bench:metrics`: a cluster of 500 services with CloudWatch metrics, 50 ms per call.
 * Lists the services (as the explorer does), then decorates them with utilization, and prints the
 * GetMetricData calls (target: 1 per 500 services — one call with two SEARCH expressions per
 * cluster; a search returns ≤ 500 series) and the time to decorate every service node (target:
 * ≤ 2 round trips after the services are listed; 1 is the ideal). Figures, not asserts.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { ECSClient } from '@aws-sdk/client-ecs';
import { createEcsGateway } from '../../src/aws/ecsGateway';
import { createMetricsGateway } from '../../src/aws/metricsGateway';
import { createMetricsDecorator } from '../../src/metrics/decorateServices';
import { FakeAwsProcess } from './fakeAwsProcess';

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const SERVICES = Number(process.env.BENCH_SERVICES ?? 500);

async function main(): Promise<void> {
  const fake = await FakeAwsProcess.start(['--latency', String(LATENCY_MS)]);
  const credentials = { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' };
  const ecsClient = new ECSClient({ region: 'us-east-1', endpoint: fake.url, credentials });
  const cwClient = new CloudWatchClient({ region: 'us-east-1', endpoint: fake.url, credentials });
  try {
    // cluster-01 has Container Insights on: every service has series.
    await fake.admin('POST', 'fleet', { clusters: 1, servicesPerCluster: SERVICES, tasksPerService: 1 });
    const ecs = createEcsGateway(ecsClient, { concurrency: () => 8 });
    const decorate = createMetricsDecorator({
      metrics: () => createMetricsGateway(cwClient),
      now: () => Date.now(),
      timeoutMs: 10_000,
    });
    // Warm-up (connections, SDK code paths) on a second, small run of the same path.
    await decorate('cluster-01', (await ecs.listServices('cluster-01')).items.slice(0, 5));

    await fake.resetStats();
    const listStarted = performance.now();
    const { items } = await ecs.listServices('cluster-01');
    const listedAt = performance.now();
    const decorations = await decorate('cluster-01', items);
    const decoratedAt = performance.now();
    const stats = await fake.stats();

    // The same again, as a refresh of the cluster node does (sockets and SDK code paths warm).
    const refreshStarted = performance.now();
    await decorate('cluster-01', items);
    const refreshMs = performance.now() - refreshStarted;

    const withUtilization = [...decorations.values()].filter((d) => d.cpuPercent !== undefined).length;
    const calls = stats.byOperation['GetMetricData'] ?? 0;
    const decorateMs = decoratedAt - listedAt;
    console.log(
      `\nDecorate a cluster of ${items.length} services with utilization (${LATENCY_MS} ms per call)`,
    );
    console.log(`  services listed:          ${items.length} in ${(listedAt - listStarted).toFixed(0)} ms`);
    console.log(`  with CPU/memory:          ${withUtilization}`);
    console.log(
      `  GetMetricData calls:      ${calls} (${(calls / Math.max(1, items.length / 500)).toFixed(1)} per 500 services, target 1; one call, 2 SEARCH queries, per cluster of ≤ 500)`,
    );
    console.log(`  peak GetMetricData:       ${stats.peakByOperation['GetMetricData'] ?? 0} in flight`);
    console.log(
      `  time to decorate:         ${decorateMs.toFixed(0)} ms = ${(decorateMs / LATENCY_MS).toFixed(2)} round trips (target ≤ 2)`,
    );
    console.log(
      `  on refresh:               ${refreshMs.toFixed(0)} ms = ${(refreshMs / LATENCY_MS).toFixed(2)} round trips`,
    );
  } finally {
    ecsClient.destroy();
    cwClient.destroy();
    await fake.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
