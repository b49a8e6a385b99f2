/**
 * Everything the extension asks of Amazon ECS, over one ECSClient. Listing follows the API
 * limits exactly (pages of 100; DescribeClusters/DescribeTasks ≤ 100 and DescribeServices ≤ 10
 * per call) through listAndDescribe, with bounded concurrency per API action (ECS throttles
 * each action with its own token bucket). Editor-free.
 */
import {
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListClustersCommand,
  ListServicesCommand,
  ListTasksCommand,
  StopTaskCommand,
  UpdateServiceCommand,
  type Cluster,
  type DesiredStatus,
  type ECSClient,
  type Failure,
  type Service,
  type Task,
} from '@aws-sdk/client-ecs';
import { createLimiter, type Limiter } from '../shared/concurrency';
import { chunk, listAndDescribe, type Described, type DescribeFailure } from './listAndDescribe';

/** The documented maxima (ecs-reference §3.1). */
export const ECS_LIMITS = {
  listPageSize: 100,
  describeClusters: 100,
  describeServices: 10,
  describeTasks: 100,
} as const;

export type { Described, DescribeFailure };

export interface TaskFilter {
  readonly serviceName?: string;
  readonly desiredStatus?: DesiredStatus;
}

export interface EcsGateway {
  listClusters(signal?: AbortSignal): Promise<Described<Cluster>>;
  listServices(cluster: string, signal?: AbortSignal): Promise<Described<Service>>;
  listTasks(cluster: string, filter?: TaskFilter, signal?: AbortSignal): Promise<Described<Task>>;
  describeServices(
    cluster: string,
    services: readonly string[],
    signal?: AbortSignal,
  ): Promise<Described<Service>>;
  describeTasks(cluster: string, tasks: readonly string[], signal?: AbortSignal): Promise<Described<Task>>;
  stopTask(cluster: string, task: string, reason: string): Promise<Task | undefined>;
  updateService(cluster: string, service: string, change: ServiceChange): Promise<Service | undefined>;
}

export interface ServiceChange {
  readonly desiredCount?: number;
  readonly forceNewDeployment?: boolean;
}

export interface EcsGatewayOptions {
  /** Maximum requests in flight per API action (setting ecsFargate.maxConcurrentRequests). */
  readonly concurrency: () => number;
}

export function createEcsGateway(client: ECSClient, options: EcsGatewayOptions): EcsGateway {
  const limiters = new Map<string, Limiter>();
  const limiterFor = (action: string): Limiter => {
    let limiter = limiters.get(action);
    if (!limiter) {
      limiter = createLimiter(options.concurrency);
      limiters.set(action, limiter);
    }
    return limiter;
  };

  const describeClusters = async (ids: readonly string[], signal?: AbortSignal) => {
    const out = await client.send(
      new DescribeClustersCommand({ clusters: [...ids], include: ['SETTINGS', 'STATISTICS'] }),
      { abortSignal: signal },
    );
    return described(out.clusters, out.failures);
  };
  const describeServicesBatch = async (cluster: string, ids: readonly string[], signal?: AbortSignal) => {
    const out = await client.send(new DescribeServicesCommand({ cluster, services: [...ids] }), {
      abortSignal: signal,
    });
    return described(out.services, out.failures);
  };
  const describeTasksBatch = async (cluster: string, ids: readonly string[], signal?: AbortSignal) => {
    const out = await client.send(new DescribeTasksCommand({ cluster, tasks: [...ids] }), {
      abortSignal: signal,
    });
    return described(out.tasks, out.failures);
  };

  /** Describes known ids in limit-sized batches, concurrently within the action's limiter. */
  const describeAll = async <T>(
    action: string,
    ids: readonly string[],
    size: number,
    describe: (batch: readonly string[]) => Promise<Described<T>>,
    signal?: AbortSignal,
  ): Promise<Described<T>> => {
    const limiter = limiterFor(action);
    const results = await Promise.all(
      chunk(ids, size).map((batch) => limiter.run(() => describe(batch), signal)),
    );
    return { items: results.flatMap((r) => r.items), failures: results.flatMap((r) => r.failures) };
  };

  return {
    listClusters: (signal) =>
      listAndDescribe({
        listPage: async (nextToken) => {
          const out = await client.send(
            new ListClustersCommand({ maxResults: ECS_LIMITS.listPageSize, nextToken }),
            { abortSignal: signal },
          );
          return { ids: out.clusterArns ?? [], nextToken: out.nextToken };
        },
        describe: (ids) => describeClusters(ids, signal),
        batchSize: ECS_LIMITS.describeClusters,
        listLimiter: limiterFor('ListClusters'),
        describeLimiter: limiterFor('DescribeClusters'),
        signal,
      }),

    listServices: (cluster, signal) =>
      listAndDescribe({
        listPage: async (nextToken) => {
          const out = await client.send(
            new ListServicesCommand({ cluster, maxResults: ECS_LIMITS.listPageSize, nextToken }),
            { abortSignal: signal },
          );
          return { ids: out.serviceArns ?? [], nextToken: out.nextToken };
        },
        describe: (ids) => describeServicesBatch(cluster, ids, signal),
        batchSize: ECS_LIMITS.describeServices,
        listLimiter: limiterFor('ListServices'),
        describeLimiter: limiterFor('DescribeServices'),
        signal,
      }),

    listTasks: (cluster, filter = {}, signal) =>
      listAndDescribe({
        listPage: async (nextToken) => {
          const out = await client.send(
            new ListTasksCommand({
              cluster,
              serviceName: filter.serviceName,
              desiredStatus: filter.desiredStatus,
              maxResults: ECS_LIMITS.listPageSize,
              nextToken,
            }),
            { abortSignal: signal },
          );
          return { ids: out.taskArns ?? [], nextToken: out.nextToken };
        },
        describe: (ids) => describeTasksBatch(cluster, ids, signal),
        batchSize: ECS_LIMITS.describeTasks,
        listLimiter: limiterFor('ListTasks'),
        describeLimiter: limiterFor('DescribeTasks'),
        signal,
      }),

    describeServices: (cluster, services, signal) =>
      describeAll(
        'DescribeServices',
        services,
        ECS_LIMITS.describeServices,
        (ids) => describeServicesBatch(cluster, ids, signal),
        signal,
      ),

    describeTasks: (cluster, tasks, signal) =>
      describeAll(
        'DescribeTasks',
        tasks,
        ECS_LIMITS.describeTasks,
        (ids) => describeTasksBatch(cluster, ids, signal),
        signal,
      ),

    stopTask: async (cluster, task, reason) => {
      const out = await client.send(new StopTaskCommand({ cluster, task, reason }));
      return out.task;
    },

    updateService: async (cluster, service, change) => {
      const out = await client.send(
        new UpdateServiceCommand({
          cluster,
          service,
          desiredCount: change.desiredCount,
          forceNewDeployment: change.forceNewDeployment,
        }),
      );
      return out.service;
    },
  };
}

function described<T>(items: T[] | undefined, failures: Failure[] | undefined): Described<T> {
  return {
    items: items ?? [],
    failures: (failures ?? []).map((f) => ({ arn: f.arn, reason: f.reason, detail: f.detail })),
  };
}
