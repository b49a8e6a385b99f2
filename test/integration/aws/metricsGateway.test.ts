import * as assert from 'node:assert/strict';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { createMetricsGateway, SERVICES_PER_CALL } from '../../../src/aws/metricsGateway';
import { ManualClock } from '../../fakeAws/clock';
import { FakeAws } from '../../fakeAws/server';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 30);

describe('MetricsGateway against the fake CloudWatch endpoint (real SDK client)', function () {
  let fake: FakeAws;
  let client: CloudWatchClient;

  beforeEach(async () => {
    fake = await FakeAws.start({ clock: new ManualClock(NOW) });
    client = new CloudWatchClient({
      region: fake.region,
      endpoint: fake.url,
      maxAttempts: 1,
      credentials: { accessKeyId: 'AKIDMETRICS', secretAccessKey: 'metrics-secret' },
    });
  });
  afterEach(async () => {
    client.destroy();
    await fake.close();
  });

  function cluster(name: string, services: number): string[] {
    fake.ecs.createCluster(name, { containerInsights: true });
    const names: string[] = [];
    for (let i = 0; i < services; i++) {
      const service = `svc-${String(i).padStart(3, '0')}`;
      fake.ecs.createService(name, service, { desiredCount: 0 });
      names.push(service);
    }
    return names;
  }

  it('fetches the utilization of a 40-service cluster in one GetMetricData call', async () => {
    const names = cluster('prod', 40);
    fake.cloudwatch.setServiceSeries('prod', 'svc-007', { cpu: 42, memory: 61 });
    const result = await createMetricsGateway(client).serviceUtilization('prod', names, { now: NOW });
    assert.equal(fake.stats.calls('GetMetricData'), 1);
    assert.equal(result.size, 40);
    for (const name of names) {
      const u = result.get(name);
      assert.ok(u?.cpuPercent !== undefined && u.memoryPercent !== undefined, name);
      assert.ok(u.cpuPercent >= 0 && u.cpuPercent <= 100);
    }
    const expected = fake.cloudwatch.valueAt('AWS/ECS', 'CPUUtilization', 'prod', 'svc-007', NOW - 90_000);
    assert.equal(result.get('svc-007')?.cpuPercent, expected, 'the newest complete minute');
    assert.ok(Math.abs((result.get('svc-007')?.cpuPercent ?? 0) - 42) <= 10);
  });

  it('splits 300 services into 2 calls (≤ 500 queries each)', async () => {
    const names = cluster('big', 300);
    const result = await createMetricsGateway(client).serviceUtilization('big', names, { now: NOW });
    assert.equal(SERVICES_PER_CALL, 250);
    assert.equal(fake.stats.calls('GetMetricData'), 2);
    assert.equal([...result.values()].filter((u) => u.cpuPercent !== undefined).length, 300);
  });

  it('follows NextToken pages', async () => {
    const names = cluster('paged', 30);
    fake.cloudwatch.maxDatapointsPerPage = 70;
    const result = await createMetricsGateway(client).serviceUtilization('paged', names, { now: NOW });
    assert.ok(fake.stats.calls('GetMetricData') > 1);
    assert.equal([...result.values()].filter((u) => u.memoryPercent !== undefined).length, 30);
  });

  it('maps services without datapoints to an empty utilization', async () => {
    const names = cluster('quiet', 3);
    fake.cloudwatch.markNoData('quiet', 'svc-001');
    fake.ecs.createCluster('off');
    fake.ecs.createService('off', 'api', { desiredCount: 0 });
    const gateway = createMetricsGateway(client);
    const result = await gateway.serviceUtilization('quiet', names, { now: NOW });
    assert.deepEqual(result.get('svc-001'), {});
    assert.ok(result.get('svc-000')?.cpuPercent !== undefined);
    assert.deepEqual((await gateway.serviceUtilization('off', ['api'], { now: NOW })).get('api'), {});
  });

  it('rejects more than 500 queries like CloudWatch does', async () => {
    const queries = Array.from({ length: 501 }, (_, i) => ({
      Id: `q${i}`,
      MetricStat: {
        Metric: { Namespace: 'AWS/ECS', MetricName: 'CPUUtilization' },
        Period: 60,
        Stat: 'Average',
      },
    }));
    await assert.rejects(
      client.send(
        new GetMetricDataCommand({
          MetricDataQueries: queries,
          StartTime: new Date(NOW - 300_000),
          EndTime: new Date(NOW),
        }),
      ),
      (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.match(err.name, /^Validation(Error|Exception)$/);
        assert.match(err.message, /less than or equal to 500/);
        assert.equal(err.$metadata?.httpStatusCode, 400);
        return true;
      },
    );
  });

  it('surfaces AccessDenied when cloudwatch:GetMetricData is not allowed', async () => {
    const names = cluster('locked', 2);
    fake.faults.denyOperation('GetMetricData');
    await assert.rejects(
      createMetricsGateway(client).serviceUtilization('locked', names, { now: NOW }),
      (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.match(err.name, /^AccessDenied/);
        assert.match(err.message, /GetMetricData/);
        assert.equal(err.$metadata?.httpStatusCode, 403);
        return true;
      },
    );
  });

  it('returns a service series for the chart: CPU, memory and the running task count', async () => {
    cluster('prod', 1);
    fake.cloudwatch.setServiceSeries('prod', 'svc-000', { cpu: 30, memory: 50, tasks: 3 });
    const series = await createMetricsGateway(client).serviceSeries('prod', 'svc-000', '6h', { now: NOW });
    assert.equal(fake.stats.calls('GetMetricData'), 1);
    assert.equal(series.periodSeconds, 300);
    assert.equal(series.cpu.length, 72);
    assert.equal(series.memory.length, 72);
    assert.deepEqual(new Set(series.runningTasks.map((p) => p.v)), new Set([3]));
    assert.ok(
      series.cpu.every((p, i) => i === 0 || p.t > series.cpu[i - 1]!.t),
      'oldest first',
    );
  });
});
