/**
 * What the extension asks of CloudWatch metrics, over one CloudWatchClient: service utilization for
 * the explorer (one GetMetricData per ≤ 250 services, 2 queries each, within the 500-query limit;
 * NextToken pages followed) and a service's series for the metrics chart. Editor-free.
 */
import {
  GetMetricDataCommand,
  type CloudWatchClient,
  type MetricDataQuery,
  type MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import { RANGES, type SeriesRange } from '../metrics/ranges';

export const CLOUDWATCH_LIMITS = {
  /** MetricDataQueries per GetMetricData call. */
  queriesPerCall: 500,
} as const;

/** Queries per service for utilization (CPU + memory), so services per call is 250. */
export const SERVICES_PER_CALL = CLOUDWATCH_LIMITS.queriesPerCall / 2;

export interface Utilization {
  /** 1-minute average of the newest minute with data in the last 5 minutes; undefined: no datapoints. */
  readonly cpuPercent?: number;
  readonly memoryPercent?: number;
}

export interface UtilizationOptions {
  /** Epoch milliseconds (default Date.now()). */
  readonly now?: number;
  readonly signal?: AbortSignal;
}

export type { SeriesRange } from '../metrics/ranges';

export interface Point {
  /** Epoch milliseconds, the period's start. */
  readonly t: number;
  readonly v: number;
}

export interface ServiceSeries {
  readonly range: SeriesRange;
  readonly start: number;
  readonly end: number;
  readonly periodSeconds: number;
  /** Oldest first. */
  readonly cpu: readonly Point[];
  readonly memory: readonly Point[];
  /** ECS/ContainerInsights RunningTaskCount; empty when Container Insights is off. */
  readonly runningTasks: readonly Point[];
}

export interface MetricsGateway {
  /** Utilization of each named service (keyed by name); services without datapoints map to {}. */
  serviceUtilization(
    cluster: string,
    services: readonly string[],
    options?: UtilizationOptions,
  ): Promise<Map<string, Utilization>>;
  serviceSeries(
    cluster: string,
    service: string,
    range: SeriesRange,
    options?: UtilizationOptions,
  ): Promise<ServiceSeries>;
}

function query(
  id: string,
  namespace: string,
  metric: string,
  cluster: string,
  service: string,
  period: number,
): MetricDataQuery {
  return {
    Id: id,
    MetricStat: {
      Metric: {
        Namespace: namespace,
        MetricName: metric,
        Dimensions: [
          { Name: 'ClusterName', Value: cluster },
          { Name: 'ServiceName', Value: service },
        ],
      },
      Period: period,
      Stat: 'Average',
    },
    ReturnData: true,
  };
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Round to whole minutes, so repeated calls ask for the same, complete periods. */
const floorMinute = (ms: number) => Math.floor(ms / 60_000) * 60_000;

export function createMetricsGateway(client: CloudWatchClient): MetricsGateway {
  /** Runs GetMetricData to the last page; returns each query's points (oldest first). */
  async function fetch(
    queries: MetricDataQuery[],
    start: number,
    end: number,
    signal?: AbortSignal,
  ): Promise<Map<string, Point[]>> {
    const points = new Map<string, Point[]>();
    let token: string | undefined;
    do {
      const out = await client.send(
        new GetMetricDataCommand({
          MetricDataQueries: queries,
          StartTime: new Date(start),
          EndTime: new Date(end),
          ScanBy: 'TimestampAscending',
          ...(token ? { NextToken: token } : {}),
        }),
        { abortSignal: signal },
      );
      for (const result of out.MetricDataResults ?? []) add(points, result);
      token = out.NextToken;
    } while (token);
    for (const list of points.values()) list.sort((a, b) => a.t - b.t);
    return points;
  }

  return {
    async serviceUtilization(cluster, services, options = {}) {
      const end = floorMinute(options.now ?? Date.now());
      const start = end - 5 * 60_000;
      const result = new Map<string, Utilization>();
      const batches = chunk([...new Set(services)], SERVICES_PER_CALL);
      await Promise.all(
        batches.map(async (batch) => {
          const queries = batch.flatMap((service, i) => [
            query(`c${i}`, 'AWS/ECS', 'CPUUtilization', cluster, service, 60),
            query(`m${i}`, 'AWS/ECS', 'MemoryUtilization', cluster, service, 60),
          ]);
          const points = await fetch(queries, start, end, options.signal);
          batch.forEach((service, i) => {
            const cpu = points.get(`c${i}`)?.at(-1)?.v;
            const memory = points.get(`m${i}`)?.at(-1)?.v;
            result.set(service, {
              ...(cpu === undefined ? {} : { cpuPercent: cpu }),
              ...(memory === undefined ? {} : { memoryPercent: memory }),
            });
          });
        }),
      );
      return result;
    },

    async serviceSeries(cluster, service, range, options = {}) {
      const { ms, periodSeconds } = RANGES[range];
      const end = floorMinute(options.now ?? Date.now());
      const start = end - ms;
      const points = await fetch(
        [
          query('cpu', 'AWS/ECS', 'CPUUtilization', cluster, service, periodSeconds),
          query('memory', 'AWS/ECS', 'MemoryUtilization', cluster, service, periodSeconds),
          query('tasks', 'ECS/ContainerInsights', 'RunningTaskCount', cluster, service, periodSeconds),
        ],
        start,
        end,
        options.signal,
      );
      return {
        range,
        start,
        end,
        periodSeconds,
        cpu: points.get('cpu') ?? [],
        memory: points.get('memory') ?? [],
        runningTasks: points.get('tasks') ?? [],
      };
    },
  };
}

function add(points: Map<string, Point[]>, result: MetricDataResult): void {
  if (!result.Id) return;
  let list = points.get(result.Id);
  if (!list) points.set(result.Id, (list = []));
  const times = result.Timestamps ?? [];
  const values = result.Values ?? [];
  for (let i = 0; i < Math.min(times.length, values.length); i++) {
    list.push({ t: times[i]!.getTime(), v: values[i]! });
  }
}
