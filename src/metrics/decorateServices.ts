/**
 * The explorer's `decorateServices` for utilization: one batched CloudWatch read per cluster
 * (MetricsGateway.serviceUtilization), bounded in time so a slow or unreachable CloudWatch never
 * holds the service list back. Never throws: what it cannot get it explains in `metricsNote`.
 * Editor-free.
 */
import type { Service } from '@aws-sdk/client-ecs';
import type { MetricsGateway, Utilization } from '../aws/metricsGateway';
import type { ExplorerContext, ServiceDecoration, ServiceDecorations } from '../explorer/nodes/explorerNode';

export type DecorateServices = NonNullable<ExplorerContext['decorateServices']>;

export const METRICS_NOTES = {
  noData: 'no data (Container Insights or metrics missing)',
  denied: 'no permission: cloudwatch:GetMetricData',
  timeout: (ms: number) =>
    `metrics not loaded (CloudWatch took longer than ${ms / 1000} s; refresh to retry)`,
  failed: (message: string) => `metrics unavailable: ${message}`,
} as const;

export interface MetricsDecoratorOptions {
  /** The connection's gateway; a function so the CloudWatch client is only created on first use. */
  readonly metrics: () => MetricsGateway;
  /** Epoch milliseconds. */
  readonly now: () => number;
  /** How long the service list waits for metrics (default 3000 ms). */
  readonly timeoutMs?: number;
}

export const DEFAULT_METRICS_TIMEOUT_MS = 3000;

const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation']);

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

function shortMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const first = text.split('\n')[0] ?? text;
  return first.length > 120 ? `${first.slice(0, 119)}…` : first;
}

class Timeout extends Error {}

function decoration(u: Utilization | undefined): ServiceDecoration {
  if (!u || (u.cpuPercent === undefined && u.memoryPercent === undefined))
    return { metricsNote: METRICS_NOTES.noData };
  return {
    ...(u.cpuPercent === undefined ? {} : { cpuPercent: u.cpuPercent }),
    ...(u.memoryPercent === undefined ? {} : { memoryPercent: u.memoryPercent }),
  };
}

/** `decorateServices` with utilization from CloudWatch. */
export function createMetricsDecorator(options: MetricsDecoratorOptions): DecorateServices {
  const timeoutMs = options.timeoutMs ?? DEFAULT_METRICS_TIMEOUT_MS;
  return async (cluster: string, services: readonly Service[], signal?: AbortSignal) => {
    const names = services
      .filter((s) => s.status === undefined || s.status === 'ACTIVE')
      .map((s) => s.serviceName)
      .filter((n): n is string => n !== undefined && n !== '');
    const out = new Map<string, ServiceDecoration>();
    if (names.length === 0) return out;
    const all = (d: ServiceDecoration) => {
      for (const name of names) out.set(name, d);
      return out;
    };
    // Our own controller: a timeout abandons the request (and its socket) as well as the wait.
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Timeout()), timeoutMs);
      });
      const fetch = options.metrics().serviceUtilization(cluster, names, {
        now: options.now(),
        signal: controller.signal,
      });
      fetch.catch(() => undefined); // settled later than the timeout: not an unhandled rejection
      const utilization = await Promise.race([fetch, timeout]);
      for (const name of names) out.set(name, decoration(utilization.get(name)));
      return out;
    } catch (error) {
      if (signal?.aborted) return out;
      if (error instanceof Timeout) return all({ metricsNote: METRICS_NOTES.timeout(timeoutMs) });
      if (ACCESS_DENIED.has(errorName(error) ?? '')) return all({ metricsNote: METRICS_NOTES.denied });
      return all({ metricsNote: METRICS_NOTES.failed(shortMessage(error)) });
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (!controller.signal.aborted) controller.abort();
    }
  };
}

/**
 * One `decorateServices` from several (utilization, auto scaling…): they run in parallel and each
 * service's decorations are merged field by field (a later decorator wins on the same field).
 * A decorator that throws, despite the contract, only loses its own fields.
 */
export function combineDecorators(
  ...decorators: ReadonlyArray<DecorateServices | undefined>
): DecorateServices {
  const present = decorators.filter((d): d is DecorateServices => d !== undefined);
  return async (cluster, services, signal) => {
    const results = await Promise.all(
      present.map((d) => d(cluster, services, signal).catch((): ServiceDecorations => new Map())),
    );
    const merged = new Map<string, ServiceDecoration>();
    for (const result of results) {
      for (const [name, d] of result) merged.set(name, { ...merged.get(name), ...d });
    }
    return merged;
  };
}
