/**
 * The fake CloudWatch's admin routes under /__fake/cloudwatch/ (for the host tests and benchmarks,
 * which run the fake in another process):
 *   POST /__fake/cloudwatch/series {cluster, service, cpu, memory, tasks?} → sets a service's series
 *   POST /__fake/cloudwatch/noData {cluster, service}                       → marks it "no data"
 */
import type { HttpReply } from '../services';
import type { FakeCloudWatch } from './fakeCloudWatch';

function json(status: number, value: unknown): HttpReply {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

const text = (value: unknown, name: string): string => {
  if (typeof value !== 'string' || value === '') throw new Error(`${name} must be a non-empty string`);
  return value;
};

const num = (value: unknown, name: string): number => {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${name} must be a number`);
  return value;
};

/** Answers a /__fake/cloudwatch/ route, or undefined when the path is not one. */
export function handleCloudWatchAdmin(
  cw: FakeCloudWatch,
  method: string,
  url: URL,
  body: Record<string, unknown>,
): HttpReply | undefined {
  const route = `${method} ${url.pathname}`;
  try {
    if (route === 'POST /__fake/cloudwatch/series') {
      cw.setServiceSeries(text(body['cluster'], 'cluster'), text(body['service'], 'service'), {
        cpu: num(body['cpu'], 'cpu'),
        memory: num(body['memory'], 'memory'),
        ...(body['tasks'] === undefined ? {} : { tasks: num(body['tasks'], 'tasks') }),
      });
      return json(200, { ok: true });
    }
    if (route === 'POST /__fake/cloudwatch/noData') {
      cw.markNoData(text(body['cluster'], 'cluster'), text(body['service'], 'service'));
      return json(200, { ok: true });
    }
  } catch (err) {
    return json(400, { error: err instanceof Error ? err.message : String(err) });
  }
  return undefined;
}
