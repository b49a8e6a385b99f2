import * as assert from 'node:assert/strict';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  createMetricsGateway,
  SEARCH_MAX_SERIES,
  SERVICE_NAME_LABEL,
  SERVICES_PER_CALL,
  serviceSearchExpression,
} from '../../../src/aws/metricsGateway';
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

  function cluster(name: string, services: number, prefix = 'svc-'): string[] {
    fake.ecs.createCluster(name, { containerInsights: true });
    const names: string[] = [];
    for (let i = 0; i < services; i++) {
      const service = `${prefix}${String(i).padStart(3, '0')}`;
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

  it('decorates a 500-service cluster with exactly 1 GetMetricData call (2 SEARCH queries)', async () => {
    const names = cluster('big', 500);
    fake.cloudwatch.setServiceSeries('big', 'svc-123', { cpu: 12, memory: 34 });
    fake.cloudwatch.markNoData('big', 'svc-456');
    const requests: unknown[] = [];
    client.middlewareStack.add(
      (next) => async (args) => {
        requests.push((args.input as { MetricDataQueries?: unknown }).MetricDataQueries);
        return next(args);
      },
      { step: 'initialize' },
    );
    const result = await createMetricsGateway(client).serviceUtilization('big', names, { now: NOW });
    assert.equal(fake.stats.calls('GetMetricData'), 1);
    assert.deepEqual(requests, [
      [
        {
          Id: 'cpu',
          Expression: serviceSearchExpression('CPUUtilization', 'big', 60),
          Label: SERVICE_NAME_LABEL,
          ReturnData: true,
        },
        {
          Id: 'memory',
          Expression: serviceSearchExpression('MemoryUtilization', 'big', 60),
          Label: SERVICE_NAME_LABEL,
          ReturnData: true,
        },
      ],
    ]);
    assert.equal(result.size, 500);
    for (const name of names) {
      if (name === 'svc-456') continue;
      const at = NOW - 90_000; // the newest complete minute
      assert.deepEqual(
        result.get(name),
        {
          cpuPercent: fake.cloudwatch.valueAt('AWS/ECS', 'CPUUtilization', 'big', name, at),
          memoryPercent: fake.cloudwatch.valueAt('AWS/ECS', 'MemoryUtilization', 'big', name, at),
        },
        name,
      );
    }
    assert.ok(Math.abs((result.get('svc-123')?.cpuPercent ?? 0) - 12) <= 10);
    assert.deepEqual(result.get('svc-456'), {}, 'no data');
  });

  it('only maps series of the asked cluster, and asked services, by their ServiceName label', async () => {
    cluster('prod', 3);
    cluster('prod-2', 3); // same service names, another cluster: a prefix of no concern
    fake.cloudwatch.setServiceSeries('prod', 'svc-001', { cpu: 5, memory: 5 });
    fake.cloudwatch.setServiceSeries('prod-2', 'svc-001', { cpu: 95, memory: 95 });
    const result = await createMetricsGateway(client).serviceUtilization(
      'prod',
      ['svc-001', 'svc-002', 'gone'],
      { now: NOW },
    );
    assert.deepEqual([...result.keys()].sort(), ['gone', 'svc-001', 'svc-002']);
    assert.ok((result.get('svc-001')?.cpuPercent ?? 100) <= 15);
    assert.deepEqual(result.get('gone'), {}, 'a service without series');
  });

  it('escapes a cluster name with quotes, a backslash and spaces in the SEARCH expression', async () => {
    const odd = `my "odd" cluster's \\ name`;
    assert.equal(
      serviceSearchExpression('CPUUtilization', odd, 60),
      `SEARCH('{AWS/ECS,ClusterName,ServiceName} MetricName="CPUUtilization" ClusterName="my \\"odd\\" cluster\\'s \\\\ name"', 'Average', 60)`,
    );
    const names = cluster(odd, 4);
    cluster('my', 4); // a cluster named like the first word must not match
    fake.cloudwatch.setServiceSeries('my', 'svc-000', { cpu: 99, memory: 99 });
    fake.cloudwatch.setServiceSeries(odd, 'svc-000', { cpu: 20, memory: 30 });
    const result = await createMetricsGateway(client).serviceUtilization(odd, names, { now: NOW });
    assert.equal(fake.stats.calls('GetMetricData'), 1);
    assert.equal([...result.values()].filter((u) => u.cpuPercent !== undefined).length, 4);
    assert.equal(
      result.get('svc-000')?.cpuPercent,
      fake.cloudwatch.valueAt('AWS/ECS', 'CPUUtilization', odd, 'svc-000', NOW - 90_000),
    );
  });

  it('falls back to MetricStat batches (≤ 250 services per call) over 500 services', async () => {
    const names = cluster('huge', 600);
    fake.cloudwatch.markNoData('huge', 'svc-599');
    const result = await createMetricsGateway(client).serviceUtilization('huge', names, { now: NOW });
    assert.equal(SEARCH_MAX_SERIES, 500);
    assert.equal(SERVICES_PER_CALL, 250);
    assert.equal(fake.stats.calls('GetMetricData'), 3);
    assert.equal(result.size, 600);
    assert.equal([...result.values()].filter((u) => u.cpuPercent !== undefined).length, 599);
    assert.deepEqual(result.get('svc-599'), {});
  });

  it('asks MetricStat for the services a full search (500 series) did not return', async () => {
    // 520 services have series, but only 10 are asked for (the explorer lists ACTIVE ones only):
    // a search capped at 500 series may miss some of them.
    const all = cluster('stale', 520);
    const asked = [...all.slice(0, 5), ...all.slice(-5)];
    const result = await createMetricsGateway(client).serviceUtilization('stale', asked, { now: NOW });
    assert.equal(fake.stats.calls('GetMetricData'), 2, 'the search, then one MetricStat batch');
    assert.equal(result.size, 10);
    for (const name of asked) {
      assert.equal(
        result.get(name)?.memoryPercent,
        fake.cloudwatch.valueAt('AWS/ECS', 'MemoryUtilization', 'stale', name, NOW - 90_000),
        name,
      );
    }
  });

  it('follows NextToken pages (search results split across pages)', async () => {
    const names = cluster('paged', 30);
    fake.cloudwatch.maxDatapointsPerPage = 70;
    const result = await createMetricsGateway(client).serviceUtilization('paged', names, { now: NOW });
    assert.ok(fake.stats.calls('GetMetricData') > 1);
    assert.equal([...result.values()].filter((u) => u.memoryPercent !== undefined).length, 30);
    assert.deepEqual(result.get('svc-013'), {
      cpuPercent: fake.cloudwatch.valueAt('AWS/ECS', 'CPUUtilization', 'paged', 'svc-013', NOW - 90_000),
      memoryPercent: fake.cloudwatch.valueAt(
        'AWS/ECS',
        'MemoryUtilization',
        'paged',
        'svc-013',
        NOW - 90_000,
      ),
    });
  });

  it('the fake rejects SEARCH shapes it does not implement instead of returning nothing', async () => {
    await assert.rejects(
      client.send(
        new GetMetricDataCommand({
          MetricDataQueries: [{ Id: 'q', Expression: "SEARCH('{AWS/ECS} CPU', 'Average', 60)" }],
          StartTime: new Date(NOW - 300_000),
          EndTime: new Date(NOW),
        }),
      ),
      (err: Error) => /^InvalidParameterValue/.test(err.name),
    );
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
