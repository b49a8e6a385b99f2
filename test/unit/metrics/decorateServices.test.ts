import * as assert from 'node:assert/strict';
import type { Service } from '@aws-sdk/client-ecs';
import type { MetricsGateway, Utilization } from '../../../src/aws/metricsGateway';
import {
  combineDecorators,
  createMetricsDecorator,
  METRICS_NOTES,
} from '../../../src/metrics/decorateServices';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const services = (...names: string[]): Service[] =>
  names.map((serviceName) => ({ serviceName, status: 'ACTIVE' }));

function denied(): Error {
  const err = new Error(
    'User: arn:aws:iam::123456789012:user/test is not authorized to perform: cloudwatch:GetMetricData',
  );
  err.name = 'AccessDenied';
  return err;
}

/** A hand-written gateway: records calls, answers from a table or with a scripted behaviour. */
function gateway(
  answer: (
    cluster: string,
    names: readonly string[],
    signal?: AbortSignal,
  ) => Promise<Map<string, Utilization>>,
): MetricsGateway & { calls: Array<{ cluster: string; names: readonly string[] }> } {
  const calls: Array<{ cluster: string; names: readonly string[] }> = [];
  return {
    calls,
    serviceUtilization(cluster, names, options) {
      calls.push({ cluster, names });
      return answer(cluster, names, options?.signal);
    },
    serviceSeries() {
      return Promise.reject(new Error('not used'));
    },
  };
}

describe('decorateServices (utilization)', function () {
  it('asks once per cluster for all its active services and maps utilization and no-data', async () => {
    const gw = gateway(() =>
      Promise.resolve(
        new Map<string, Utilization>([
          ['api', { cpuPercent: 23.4, memoryPercent: 41 }],
          ['worker', {}],
          ['cpu-only', { cpuPercent: 5 }],
        ]),
      ),
    );
    const decorate = createMetricsDecorator({ metrics: () => gw, now: () => NOW });
    const result = await decorate('prod', [
      ...services('api', 'worker', 'cpu-only', 'missing'),
      { serviceName: 'old', status: 'DRAINING' },
    ]);
    assert.deepEqual(gw.calls, [{ cluster: 'prod', names: ['api', 'worker', 'cpu-only', 'missing'] }]);
    assert.deepEqual(result.get('api'), { cpuPercent: 23.4, memoryPercent: 41 });
    assert.deepEqual(result.get('worker'), { metricsNote: METRICS_NOTES.noData });
    assert.deepEqual(result.get('missing'), { metricsNote: METRICS_NOTES.noData });
    assert.deepEqual(result.get('cpu-only'), { cpuPercent: 5 });
    assert.equal(result.has('old'), false);
    assert.equal(METRICS_NOTES.noData, 'no data (Container Insights or metrics missing)');
  });

  it('makes no call for a cluster without services', async () => {
    const gw = gateway(() => Promise.resolve(new Map<string, Utilization>()));
    const result = await createMetricsDecorator({ metrics: () => gw, now: () => NOW })('empty', []);
    assert.equal(result.size, 0);
    assert.equal(gw.calls.length, 0);
  });

  it('stops waiting after the timeout, renders without metrics and says so (and aborts the request)', async () => {
    let aborted = false;
    const gw = gateway(
      (_c, _n, signal) =>
        new Promise((_, reject) => {
          signal?.addEventListener('abort', () => {
            aborted = true;
            reject(new Error('aborted'));
          });
        }),
    );
    // The gateway never answers: returning at all is the timeout at work (no wall-clock bound).
    const result = await createMetricsDecorator({ metrics: () => gw, now: () => NOW, timeoutMs: 50 })(
      'slow',
      services('a', 'b'),
    );
    assert.deepEqual(result.get('a'), { metricsNote: METRICS_NOTES.timeout(50) });
    assert.match(result.get('b')?.metricsNote ?? '', /took longer than 0.05 s/);
    assert.ok(aborted, 'the abandoned request is aborted');
  });

  it('explains a missing cloudwatch:GetMetricData permission', async () => {
    const gw = gateway(() => Promise.reject(denied()));
    const result = await createMetricsDecorator({ metrics: () => gw, now: () => NOW })('prod', services('a'));
    assert.deepEqual(result.get('a'), { metricsNote: 'no permission: cloudwatch:GetMetricData' });
  });

  it('turns any other failure into a short note, never a rejection', async () => {
    const gw = gateway(() => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:1\nstack…')));
    const result = await createMetricsDecorator({ metrics: () => gw, now: () => NOW })('prod', services('a'));
    assert.deepEqual(result.get('a'), {
      metricsNote: 'metrics unavailable: connect ECONNREFUSED 127.0.0.1:1',
    });
    const throwing = createMetricsDecorator({
      metrics: () => {
        throw new Error('factory destroyed');
      },
      now: () => NOW,
    });
    assert.match((await throwing('prod', services('a'))).get('a')?.metricsNote ?? '', /factory destroyed/);
  });

  it('returns nothing when the caller aborts', async () => {
    const controller = new AbortController();
    const gw = gateway(
      (_c, _n, signal) =>
        new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted')))),
    );
    const pending = createMetricsDecorator({ metrics: () => gw, now: () => NOW })(
      'prod',
      services('a'),
      controller.signal,
    );
    controller.abort();
    assert.equal((await pending).size, 0);
  });

  it('combineDecorators merges utilization and scaling per service and survives a throwing one', async () => {
    const metrics = createMetricsDecorator({
      metrics: () =>
        gateway(() => Promise.resolve(new Map([['api', { cpuPercent: 10, memoryPercent: 20 }]]))),
      now: () => NOW,
    });
    const scaling = () =>
      Promise.resolve(new Map([['api', { scaling: { min: 1, max: 4, policies: ['cpu70'] } }]]));
    const broken = () => Promise.reject(new Error('bug'));
    const combined = combineDecorators(metrics, undefined, scaling, broken);
    const result = await combined('prod', services('api', 'web'));
    assert.deepEqual(result.get('api'), {
      cpuPercent: 10,
      memoryPercent: 20,
      scaling: { min: 1, max: 4, policies: ['cpu70'] },
    });
    assert.deepEqual(result.get('web'), { metricsNote: METRICS_NOTES.noData });
  });
});
