/**
 * CloudWatch metrics for the fake endpoint: GetMetricData (MetricStat queries and SEARCH
 * expressions over {Namespace,ClusterName,ServiceName}, see ./search.ts) over generated,
 * deterministic series. A service has generated series when it has running tasks or its cluster has
 * Container Insights on (the default rule), or when a test sets them; a service marked "no data" has
 * none (and a SEARCH does not find it). AWS/ECS CPUUtilization / MemoryUtilization are per service;
 * ECS/ContainerInsights RunningTaskCount only when the cluster's Insights are on.
 */
import type { Clock } from '../clock';
import type { FakeEcs } from '../ecs/fakeEcs';

export interface SeriesSpec {
  /** Mean CPU / memory utilization in percent. */
  readonly cpu: number;
  readonly memory: number;
  /** Mean running task count (ECS/ContainerInsights); undefined: the metric is absent. */
  readonly tasks?: number;
}

export const CLOUDWATCH_LIMITS = {
  /** MetricDataQueries per GetMetricData call. */
  maxQueries: 500,
  /** Default and maximum datapoints one GetMetricData call returns (MaxDatapoints). */
  maxDatapoints: 100_800,
} as const;

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** A deterministic default spec from the names: CPU 10–70 %, memory 20–80 %. */
export function defaultSpec(cluster: string, service: string): SeriesSpec {
  const h = hash(`${cluster}/${service}`);
  return { cpu: 10 + (h % 61), memory: 20 + ((h >>> 8) % 61) };
}

export class FakeCloudWatch {
  private readonly specs = new Map<string, SeriesSpec>();
  private readonly noData = new Set<string>();
  /** Lower than 100,800 to make paging observable in tests. */
  maxDatapointsPerPage: number = CLOUDWATCH_LIMITS.maxDatapoints;

  constructor(
    readonly clock: Clock,
    private readonly ecs: FakeEcs,
  ) {}

  reset(): void {
    this.specs.clear();
    this.noData.clear();
    this.maxDatapointsPerPage = CLOUDWATCH_LIMITS.maxDatapoints;
  }

  /** Gives a service series (it need not exist in the fake ECS). */
  setServiceSeries(cluster: string, service: string, spec: SeriesSpec): void {
    this.noData.delete(`${cluster}/${service}`);
    this.specs.set(`${cluster}/${service}`, spec);
  }

  /** The service has no datapoints at all (no Container Insights, never ran, metrics missing). */
  markNoData(cluster: string, service: string): void {
    this.specs.delete(`${cluster}/${service}`);
    this.noData.add(`${cluster}/${service}`);
  }

  /**
   * The spec a service's series are generated from, or undefined when it has no data. `inEcs`: the
   * cluster's ECS services when the caller has listed them (spares a lookup per service).
   */
  specFor(cluster: string, service: string, inEcs?: ReadonlySet<string>): SeriesSpec | undefined {
    const key = `${cluster}/${service}`;
    if (this.noData.has(key)) return undefined;
    const explicit = this.specs.get(key);
    if (explicit) return explicit;
    const record = this.ecs.getCluster(cluster);
    if (!record || !(inEcs ? inEcs.has(service) : this.ecs.getService(cluster, service))) return undefined;
    const running = this.ecs
      .serviceTasks(cluster, service)
      .filter((t) => this.ecs.taskStatus(t) === 'RUNNING').length;
    // AWS/ECS utilization exists while tasks run; Container Insights adds RunningTaskCount (and,
    // in this fake, series for idle services too).
    if (!record.containerInsights && running === 0) return undefined;
    return { ...defaultSpec(cluster, service), ...(record.containerInsights ? { tasks: running } : {}) };
  }

  /**
   * The services of `cluster` that may have series (ECS services and services given series by a
   * test), sorted by name: what a SEARCH over {Namespace,ClusterName,ServiceName} looks through
   * (seriesOf tells which have the metric).
   */
  servicesWithSeries(cluster: string): { names: string[]; inEcs: ReadonlySet<string> } {
    const inEcs = new Set(
      this.ecs.getCluster(cluster) ? this.ecs.listServices(cluster).map((s) => s.name) : [],
    );
    const names = new Set(inEcs);
    const prefix = `${cluster}/`;
    for (const key of this.specs.keys()) {
      // Service names hold no '/', so the service is what follows the last one.
      if (key.startsWith(prefix) && !key.slice(prefix.length).includes('/'))
        names.add(key.slice(prefix.length));
    }
    return { names: [...names].sort(), inEcs };
  }

  /**
   * The value of one metric of a service at `t` (epoch ms, period start), or undefined when absent.
   * A slow wave around the mean, so charts have a shape; the same inputs always give the same value.
   */
  valueAt(
    namespace: string,
    metric: string,
    cluster: string,
    service: string,
    t: number,
  ): number | undefined {
    return this.seriesOf(namespace, metric, cluster, service)?.(t);
  }

  /**
   * One metric of a service as a function of time (what valueAt gives), resolved once: undefined
   * when the service has no such series. For GetMetricData, which evaluates many points per series.
   */
  seriesOf(
    namespace: string,
    metric: string,
    cluster: string,
    service: string,
    inEcs?: ReadonlySet<string>,
  ): ((t: number) => number) | undefined {
    const spec = this.specFor(cluster, service, inEcs);
    if (!spec) return undefined;
    let mean: number | undefined;
    if (namespace === 'AWS/ECS' && metric === 'CPUUtilization') mean = spec.cpu;
    else if (namespace === 'AWS/ECS' && metric === 'MemoryUtilization') mean = spec.memory;
    else if (namespace === 'ECS/ContainerInsights' && metric === 'RunningTaskCount') mean = spec.tasks;
    if (mean === undefined) return undefined;
    const m = mean;
    if (metric === 'RunningTaskCount') return () => m;
    const phase = (hash(`${cluster}/${service}/${metric}`) % 360) * (Math.PI / 180);
    const amplitude = Math.min(10, m / 3);
    return (t) => {
      const wave = Math.sin(t / 3_600_000 + phase) * amplitude;
      return Math.round(Math.max(0, Math.min(100, m + wave)) * 100) / 100;
    };
  }
}
