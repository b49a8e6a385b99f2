/**
 * CloudWatch (metrics) as a service module of the fake endpoint. @aws-sdk/client-cloudwatch 3.11xx
 * speaks awsJson1_0 (X-Amz-Target GraniteServiceVersion20100801.<Operation>, content type
 * application/x-amz-json-1.0) with the awsQueryCompatible trait: it sends `x-amzn-query-mode: true`
 * and reads the query-protocol error code from the `x-amzn-query-error: Code;Sender` header.
 */
import type { GetMetricDataInput, MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { AwsError } from '../errors';
import { awsJsonProtocol } from '../protocols/awsJson';
import type { CallContext, HttpReply, Protocol, ServiceModule } from '../services';
import { CLOUDWATCH_LIMITS, type FakeCloudWatch } from './fakeCloudWatch';
import { dynamicLabel, parseSearch, SEARCH_MAX_SERIES } from './search';

export const CLOUDWATCH_TARGET_PREFIX = 'GraniteServiceVersion20100801';

function queryCompatibleProtocol(): Protocol {
  const base = awsJsonProtocol('com.amazonaws.cloudwatch', 'application/x-amz-json-1.0');
  return {
    ...base,
    error(err: AwsError, ctx: CallContext): HttpReply {
      const reply = base.error(err, ctx);
      return {
        ...reply,
        headers: { ...reply.headers, 'x-amzn-query-error': `${err.code};${err.faultType}` },
      };
    },
  };
}

const validation = (message: string) => new AwsError('ValidationError', message);
const invalidParameter = (message: string) => new AwsError('InvalidParameterValue', message);

/** Epoch seconds on the wire (the JSON protocol's timestamps), or an ISO string. */
function epochMs(value: unknown, name: string): number {
  if (typeof value === 'number') return value * 1000;
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return Date.parse(value);
  throw validation(
    `1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`,
  );
}

/** Pages count series (a SEARCH query expands to several), not queries. */
interface Page {
  readonly query: number;
  readonly offset: number;
}

/** One time series to return: a MetricStat query, or one series matched by a SEARCH. */
interface Series {
  readonly id: string;
  readonly label: string;
  readonly namespace: string;
  readonly metric: string;
  readonly cluster: string;
  readonly service: string;
  readonly periodSeconds: number;
  /** The series' value at a period start; undefined: no such series (no datapoints). */
  readonly valueAt: ((t: number) => number) | undefined;
}

function decodeToken(token: string): Page {
  const match = /^p(\d+)\.(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8'));
  if (!match) throw new AwsError('InvalidNextToken', 'The service cannot process the token.');
  return { query: Number(match[1]), offset: Number(match[2]) };
}

const encodeToken = (page: Page) => Buffer.from(`p${page.query}.${page.offset}`).toString('base64');

function checkQueries(queries: readonly MetricDataQuery[]): void {
  if (queries.length === 0)
    throw validation('The parameter MetricDataQueries must contain at least one query.');
  if (queries.length > CLOUDWATCH_LIMITS.maxQueries)
    throw validation(
      `1 validation error detected: Value at 'metricDataQueries' failed to satisfy constraint: Member must have length less than or equal to ${CLOUDWATCH_LIMITS.maxQueries}`,
    );
  const ids = new Set<string>();
  for (const q of queries) {
    if (!q.Id || !/^[a-z][a-zA-Z0-9_]*$/.test(q.Id))
      throw validation(`The value ${q.Id ?? 'null'} for parameter MetricDataQueries.member.Id is invalid.`);
    if (ids.has(q.Id))
      throw validation(`The value ${q.Id} for parameter MetricDataQueries.member.Id is duplicated.`);
    ids.add(q.Id);
    if (q.Expression !== undefined && q.MetricStat !== undefined)
      throw validation('Exactly one element of the MetricStat or the Expression element must be set.');
    if (q.Expression !== undefined) {
      parseSearch(q.Expression); // throws on what the fake does not support
      continue;
    }
    const stat = q.MetricStat;
    if (!stat?.Metric?.Namespace || !stat.Metric.MetricName || !stat.Stat || !stat.Period)
      throw validation('Exactly one element of the MetricStat or the Expression element must be set.');
    if (stat.Period < 60 ? ![1, 5, 10, 20, 30].includes(stat.Period) : stat.Period % 60 !== 0)
      throw invalidParameter(
        'The parameter MetricDataQueries.member.MetricStat.Period must be a multiple of 60.',
      );
  }
}

/** The series a query stands for: one for a MetricStat, one per matched service for a SEARCH. */
function expand(cw: FakeCloudWatch, q: MetricDataQuery): Series[] {
  if (q.Expression === undefined) {
    const stat = q.MetricStat!;
    const dims = new Map((stat.Metric!.Dimensions ?? []).map((d) => [d.Name, d.Value]));
    return [
      {
        id: q.Id!,
        label: q.Label ?? stat.Metric!.MetricName!,
        namespace: stat.Metric!.Namespace!,
        metric: stat.Metric!.MetricName!,
        cluster: dims.get('ClusterName') ?? '',
        service: dims.get('ServiceName') ?? '',
        periodSeconds: stat.Period!,
        valueAt: cw.seriesOf(
          stat.Metric!.Namespace!,
          stat.Metric!.MetricName!,
          dims.get('ClusterName') ?? '',
          dims.get('ServiceName') ?? '',
        ),
      },
    ];
  }
  const search = parseSearch(q.Expression);
  const metric = search.filters.get('MetricName');
  const cluster = search.filters.get('ClusterName');
  // The fake's series all have exactly {ClusterName, ServiceName}; it needs the cluster and metric.
  const schema = [...search.dimensions].sort().join(',');
  if (schema !== 'ClusterName,ServiceName' || metric === undefined || cluster === undefined) return [];
  const wanted = search.filters.get('ServiceName');
  const out: Series[] = [];
  const { names, inEcs } = cw.servicesWithSeries(cluster);
  for (const service of names) {
    if (wanted !== undefined && service !== wanted) continue;
    const valueAt = cw.seriesOf(search.namespace, metric, cluster, service, inEcs);
    if (!valueAt) continue;
    const dimensions = new Map([
      ['ClusterName', cluster],
      ['ServiceName', service],
    ]);
    const series = { namespace: search.namespace, metric, dimensions };
    out.push({
      id: q.Id!,
      // Without a label, a search result is labelled with its dimension values and metric name.
      label: q.Label === undefined ? `${cluster} ${service} ${metric}` : dynamicLabel(q.Label, series),
      namespace: search.namespace,
      metric,
      cluster,
      service,
      periodSeconds: q.Period ?? search.periodSeconds,
      valueAt,
    });
    if (out.length === SEARCH_MAX_SERIES) break; // a search returns at most 500 series
  }
  return out;
}

export function getMetricData(cw: FakeCloudWatch, input: GetMetricDataInput): unknown {
  const queries = input.MetricDataQueries ?? [];
  checkQueries(queries);
  const all = queries.filter((q) => q.ReturnData !== false).flatMap((q) => expand(cw, q));
  const start = epochMs(input.StartTime, 'startTime');
  const end = Math.min(epochMs(input.EndTime, 'endTime'), cw.clock.now());
  if (start >= epochMs(input.EndTime, 'endTime'))
    throw invalidParameter('The parameter StartTime must be less than the parameter EndTime.');
  const perPage = Math.min(input.MaxDatapoints ?? CLOUDWATCH_LIMITS.maxDatapoints, cw.maxDatapointsPerPage);
  const ascending = input.ScanBy === 'TimestampAscending';
  let from: Page = input.NextToken ? decodeToken(input.NextToken) : { query: 0, offset: 0 };
  let budget = perPage;
  const results: unknown[] = [];
  let next: Page | undefined;
  for (let qi = from.query; qi < all.length; qi++) {
    const series = all[qi]!;
    const periodMs = series.periodSeconds * 1000;
    const points: Array<[number, number]> = [];
    const first = Math.ceil(start / periodMs) * periodMs;
    if (series.valueAt)
      for (let t = first; t + periodMs <= end; t += periodMs) points.push([t, series.valueAt(t)]);
    if (!ascending) points.reverse();
    const offset = qi === from.query ? from.offset : 0;
    const taken = points.slice(offset, offset + budget);
    budget -= taken.length;
    const partial = offset + taken.length < points.length;
    results.push({
      Id: series.id,
      Label: series.label,
      Timestamps: taken.map(([t]) => new Date(t)),
      Values: taken.map(([, v]) => v),
      StatusCode: partial ? 'PartialData' : 'Complete',
    });
    if (partial) {
      next = { query: qi, offset: offset + taken.length };
      break;
    }
    if (budget === 0 && qi + 1 < all.length) {
      next = { query: qi + 1, offset: 0 };
      break;
    }
  }
  from = next ?? from;
  return { MetricDataResults: results, Messages: [], ...(next ? { NextToken: encodeToken(from) } : {}) };
}

export const cloudWatchOperations: readonly string[] = ['GetMetricData'];

export function cloudWatchModule(cw: FakeCloudWatch): ServiceModule {
  return {
    signingName: 'monitoring',
    protocol: queryCompatibleProtocol(),
    jsonTargetPrefix: CLOUDWATCH_TARGET_PREFIX,
    errors: {
      throttle: { code: 'Throttling', status: 400, message: 'Rate exceeded' },
      serverError: { code: 'InternalServiceError', status: 500, message: 'Internal service error' },
      accessDenied: { code: 'AccessDenied', status: 403, message: 'Access denied' },
      unknownOperation: { code: 'InvalidAction', status: 400, message: 'Unknown operation' },
    },
    handle(operation: string, input: unknown): unknown {
      if (operation === 'GetMetricData') return getMetricData(cw, input as GetMetricDataInput);
      throw new AwsError('InvalidAction', `Could not find operation ${operation}`);
    },
  };
}
