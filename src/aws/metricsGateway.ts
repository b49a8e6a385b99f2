/**
 * What the extension asks of CloudWatch metrics, over one CloudWatchClient: service utilization for
 * the explorer and a service's series for the metrics chart. Editor-free.
 *
 * Utilization of a cluster's services is ONE GetMetricData call with two metric math SEARCH
 * expressions (CPU and memory over {AWS/ECS,ClusterName,ServiceName} for that cluster): each returns
 * one result per matching series, all with the query's Id, told apart by a dynamic label
 * (${PROP('Dim.ServiceName')}). A search returns at most 500 series, so more than 500 services, or a
 * search that came back full (stale series of deleted services count too), falls back to MetricStat
 * queries (2 per service, ≤ 250 services per call, in parallel) for the services it did not return.
 * NextToken pages are followed.
 */
import type { CloudWatchClient, MetricDataQuery, MetricDataResult } from '@aws-sdk/client-cloudwatch';
import { RANGES, type SeriesRange } from '../metrics/ranges';
import { sdk } from './sdkModules';

export const CLOUDWATCH_LIMITS = {
  /** MetricDataQueries per GetMetricData call. */
  queriesPerCall: 500,
} as const;

/** MetricStat fallback: queries per service (CPU + memory), so services per call is 250. */
export const SERVICES_PER_CALL = CLOUDWATCH_LIMITS.queriesPerCall / 2;

/** Time series one SEARCH expression returns at most. */
export const SEARCH_MAX_SERIES = 500;

/** The label CloudWatch gives each series of a search: its ServiceName dimension value. */
export const SERVICE_NAME_LABEL = "${PROP('Dim.ServiceName')}";

/**
 * A value as a quoted search term: inside double quotes (exact match), with `\`, `"` and `'`
 * backslash-escaped (the whole search string is itself single-quoted in the expression).
 */
export function searchTerm(value: string): string {
  return `"${value.replace(/[\\"']/g, (c) => `\\${c}`)}"`;
}

/** The SEARCH expression for one AWS/ECS service metric of every service of `cluster`. */
export function serviceSearchExpression(metric: string, cluster: string, periodSeconds: number): string {
  return `SEARCH('{AWS/ECS,ClusterName,ServiceName} MetricName=${searchTerm(metric)} ClusterName=${searchTerm(cluster)}', 'Average', ${periodSeconds})`;
}

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
  /** Runs GetMetricData to the last page; returns every result (a search gives several per Id). */
  async function fetchResults(
    queries: MetricDataQuery[],
    start: number,
    end: number,
    signal?: AbortSignal,
  ): Promise<MetricDataResult[]> {
    const results: MetricDataResult[] = [];
    let token: string | undefined;
    do {
      const out = await client.send(
        new (sdk.cloudwatch().GetMetricDataCommand)({
          MetricDataQueries: queries,
          StartTime: new Date(start),
          EndTime: new Date(end),
          ScanBy: 'TimestampAscending',
          ...(token ? { NextToken: token } : {}),
        }),
        { abortSignal: signal },
      );
      results.push(...(out.MetricDataResults ?? []));
      token = out.NextToken;
    } while (token);
    return results;
  }

  /** Each query's points (oldest first), keyed by `key(result)` (default: the Id). */
  async function fetch(
    queries: MetricDataQuery[],
    start: number,
    end: number,
    signal?: AbortSignal,
    key: (result: MetricDataResult) => string | undefined = (r) => r.Id,
  ): Promise<Map<string, Point[]>> {
    const points = new Map<string, Point[]>();
    for (const result of await fetchResults(queries, start, end, signal)) add(points, key(result), result);
    for (const list of points.values()) list.sort((a, b) => a.t - b.t);
    return points;
  }

  const utilization = (cpu: number | undefined, memory: number | undefined): Utilization => ({
    ...(cpu === undefined ? {} : { cpuPercent: cpu }),
    ...(memory === undefined ? {} : { memoryPercent: memory }),
  });

  /** MetricStat queries, 2 per service, ≤ 250 services per call, the calls in parallel. */
  async function byMetricStat(
    cluster: string,
    services: readonly string[],
    start: number,
    end: number,
    result: Map<string, Utilization>,
    signal?: AbortSignal,
  ): Promise<void> {
    await Promise.all(
      chunk(services, SERVICES_PER_CALL).map(async (batch) => {
        const queries = batch.flatMap((service, i) => [
          query(`c${i}`, 'AWS/ECS', 'CPUUtilization', cluster, service, 60),
          query(`m${i}`, 'AWS/ECS', 'MemoryUtilization', cluster, service, 60),
        ]);
        const points = await fetch(queries, start, end, signal);
        batch.forEach((service, i) => {
          result.set(service, utilization(points.get(`c${i}`)?.at(-1)?.v, points.get(`m${i}`)?.at(-1)?.v));
        });
      }),
    );
  }

  /**
   * Two SEARCH expressions in one call. Returns the services it may have missed because a search
   * came back full (empty when the results are complete).
   */
  async function bySearch(
    cluster: string,
    services: readonly string[],
    start: number,
    end: number,
    result: Map<string, Utilization>,
    signal?: AbortSignal,
  ): Promise<string[]> {
    const search = (id: string, metric: string): MetricDataQuery => ({
      Id: id,
      Expression: serviceSearchExpression(metric, cluster, 60),
      Label: SERVICE_NAME_LABEL,
      ReturnData: true,
    });
    const results = await fetchResults(
      [search('cpu', 'CPUUtilization'), search('memory', 'MemoryUtilization')],
      start,
      end,
      signal,
    );
    const points = new Map<string, Point[]>();
    const series = { cpu: new Set<string>(), memory: new Set<string>() };
    for (const r of results) {
      if ((r.Id !== 'cpu' && r.Id !== 'memory') || r.Label === undefined) continue;
      series[r.Id].add(r.Label);
      add(points, `${r.Id}\n${r.Label}`, r);
    }
    const newest = (id: string, service: string) => {
      const list = points.get(`${id}\n${service}`);
      if (!list?.length) return undefined;
      return list.reduce((a, b) => (b.t > a.t ? b : a)).v;
    };
    const full = series.cpu.size >= SEARCH_MAX_SERIES || series.memory.size >= SEARCH_MAX_SERIES;
    const missed: string[] = [];
    for (const service of services) {
      if (full && !(series.cpu.has(service) && series.memory.has(service))) missed.push(service);
      else result.set(service, utilization(newest('cpu', service), newest('memory', service)));
    }
    return missed;
  }

  return {
    async serviceUtilization(cluster, services, options = {}) {
      const end = floorMinute(options.now ?? Date.now());
      const start = end - 5 * 60_000;
      const result = new Map<string, Utilization>();
      const unique = [...new Set(services)];
      if (unique.length === 0) return result;
      const rest =
        unique.length > SEARCH_MAX_SERIES
          ? unique
          : await bySearch(cluster, unique, start, end, result, options.signal);
      if (rest.length > 0) await byMetricStat(cluster, rest, start, end, result, options.signal);
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

function add(points: Map<string, Point[]>, key: string | undefined, result: MetricDataResult): void {
  if (key === undefined) return;
  let list = points.get(key);
  if (!list) points.set(key, (list = []));
  const times = result.Timestamps ?? [];
  const values = result.Values ?? [];
  for (let i = 0; i < Math.min(times.length, values.length); i++) {
    list.push({ t: times[i]!.getTime(), v: values[i]! });
  }
}
