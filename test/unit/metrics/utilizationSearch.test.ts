import * as assert from 'node:assert/strict';
import type {
  CloudWatchClient,
  GetMetricDataCommand,
  GetMetricDataOutput,
  MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import {
  createMetricsGateway,
  SEARCH_MAX_SERIES,
  SERVICE_NAME_LABEL,
  searchTerm,
  serviceSearchExpression,
} from '../../../src/aws/metricsGateway';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 30);
const T = (minutesAgo: number) => new Date(Date.UTC(2026, 0, 15, 12, 0) - minutesAgo * 60_000);

/** A CloudWatchClient stand-in: records each GetMetricData input, answers from a script. */
function client(answer: (input: GetMetricDataCommand['input']) => GetMetricDataOutput) {
  const inputs: Array<GetMetricDataCommand['input']> = [];
  const fake = {
    send(command: GetMetricDataCommand) {
      inputs.push(command.input);
      return Promise.resolve(answer(command.input));
    },
  };
  return { inputs, client: fake as unknown as CloudWatchClient };
}

const series = (id: string, label: string, values: number[]): MetricDataResult => ({
  Id: id,
  Label: label,
  Timestamps: values.map((_, i) => T(values.length - i)),
  Values: values,
  StatusCode: 'Complete',
});

describe('MetricsGateway.serviceUtilization with SEARCH expressions', () => {
  it('quotes search terms, escaping backslashes and both quotes', () => {
    assert.equal(searchTerm('prod'), '"prod"');
    assert.equal(searchTerm(`a "b" c's \\d`), `"a \\"b\\" c\\'s \\\\d"`);
    assert.equal(
      serviceSearchExpression('MemoryUtilization', 'prod', 60),
      `SEARCH('{AWS/ECS,ClusterName,ServiceName} MetricName="MemoryUtilization" ClusterName="prod"', 'Average', 60)`,
    );
  });

  it('sends one call with two searches and maps each series by its label', async () => {
    const cw = client(() => ({
      MetricDataResults: [
        series('cpu', 'api', [10, 11, 12]),
        series('cpu', 'web', [40]),
        series('memory', 'api', [50, 51]),
        series('memory', 'stray', [1]), // a service not asked for
        series('memory', 'web', []), // a series without datapoints in the window
      ],
    }));
    const result = await createMetricsGateway(cw.client).serviceUtilization(
      'prod',
      ['api', 'web', 'idle', 'api'],
      { now: NOW },
    );
    assert.equal(cw.inputs.length, 1);
    const queries = cw.inputs[0]?.MetricDataQueries ?? [];
    assert.deepEqual(
      queries.map((q) => [q.Id, q.Label, q.MetricStat]),
      [
        ['cpu', SERVICE_NAME_LABEL, undefined],
        ['memory', SERVICE_NAME_LABEL, undefined],
      ],
    );
    assert.deepEqual(
      new Map(result),
      new Map([
        ['api', { cpuPercent: 12, memoryPercent: 51 }],
        ['web', { cpuPercent: 40 }],
        ['idle', {}],
      ]),
    );
  });

  it('asks MetricStat only for the services a full search did not return', async () => {
    const full = Array.from({ length: SEARCH_MAX_SERIES }, (_, i) => `old-${i}`);
    const cw = client((input) => {
      const queries = input.MetricDataQueries ?? [];
      if (queries[0]?.Expression)
        return {
          MetricDataResults: [
            ...full.map((name) => series('cpu', name, [1])),
            ...['api', ...full.slice(1)].map((name) => series('memory', name, [2])),
          ],
        };
      return { MetricDataResults: queries.map((q) => series(q.Id!, q.Id!, [q.Id!.startsWith('c') ? 7 : 8])) };
    });
    const result = await createMetricsGateway(cw.client).serviceUtilization(
      'prod',
      ['old-0', 'old-1', 'api'],
      { now: NOW },
    );
    assert.equal(cw.inputs.length, 2);
    const fallback = cw.inputs[1]?.MetricDataQueries ?? [];
    assert.deepEqual(
      fallback.map((q) => q.MetricStat?.Metric?.Dimensions?.[1]?.Value),
      ['old-0', 'old-0', 'api', 'api'],
      'old-0 and api each lack one of the two series',
    );
    assert.deepEqual(result.get('old-1'), { cpuPercent: 1, memoryPercent: 2 });
    assert.deepEqual(result.get('api'), { cpuPercent: 7, memoryPercent: 8 });
  });

  it('goes straight to MetricStat batches over 500 services', async () => {
    const names = Array.from({ length: 501 }, (_, i) => `svc-${i}`);
    const cw = client(() => ({ MetricDataResults: [] }));
    const result = await createMetricsGateway(cw.client).serviceUtilization('prod', names, { now: NOW });
    assert.equal(cw.inputs.length, 3);
    assert.ok(cw.inputs.every((i) => i.MetricDataQueries?.every((q) => q.Expression === undefined)));
    assert.equal(result.size, 501);
  });

  it('makes no call for no services', async () => {
    const cw = client(() => ({}));
    assert.equal((await createMetricsGateway(cw.client).serviceUtilization('prod', [])).size, 0);
    assert.equal(cw.inputs.length, 0);
  });
});
