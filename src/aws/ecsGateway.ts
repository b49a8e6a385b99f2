/**
 * Everything the extension asks of Amazon ECS, over one ECSClient. Listing follows the API
 * limits exactly (pages of 100; DescribeClusters/DescribeTasks ≤ 100 and DescribeServices ≤ 10
 * per call) through listAndDescribe, with bounded concurrency per API action (ECS throttles
 * each action with its own token bucket). Editor-free.
 */
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteClusterCommand,
  DeleteServiceCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ExecuteCommandCommand,
  ListClustersCommand,
  ListServicesCommand,
  ListTasksCommand,
  RunTaskCommand,
  StopTaskCommand,
  UpdateClusterSettingsCommand,
  UpdateServiceCommand,
  type Cluster,
  type CreateServiceCommandInput,
  type DesiredStatus,
  type ECSClient,
  type Failure,
  type RunTaskCommandInput,
  type Service,
  type Task,
} from '@aws-sdk/client-ecs';
import { createLimiter, type Limiter } from '../shared/concurrency';
import {
  chunk,
  listAndDescribe,
  type Described,
  type DescribeFailure,
  type OnBatch,
} from './listAndDescribe';

/** The documented maxima (docs/aws-facts.md §4). */
export const ECS_LIMITS = {
  listPageSize: 100,
  describeClusters: 100,
  describeServices: 10,
  describeTasks: 100,
} as const;

export type { Described, DescribeFailure, OnBatch };

export interface TaskFilter {
  readonly serviceName?: string;
  readonly desiredStatus?: DesiredStatus;
}

export interface EcsGateway {
  listClusters(signal?: AbortSignal): Promise<Described<Cluster>>;
  /** Every service; `onBatch` hears each described batch as it arrives (progressive rendering). */
  listServices(
    cluster: string,
    signal?: AbortSignal,
    onBatch?: OnBatch<Service>,
  ): Promise<Described<Service>>;
  listTasks(cluster: string, filter?: TaskFilter, signal?: AbortSignal): Promise<Described<Task>>;
  describeServices(
    cluster: string,
    services: readonly string[],
    signal?: AbortSignal,
  ): Promise<Described<Service>>;
  describeTasks(cluster: string, tasks: readonly string[], signal?: AbortSignal): Promise<Described<Task>>;
  /** Clusters by name or ARN (DescribeClusters with settings, statistics and capacity providers). */
  describeClusters(clusters: readonly string[], signal?: AbortSignal): Promise<Described<Cluster>>;
  stopTask(cluster: string, task: string, reason: string, signal?: AbortSignal): Promise<Task | undefined>;
  updateService(
    cluster: string,
    service: string,
    change: ServiceChange,
    signal?: AbortSignal,
  ): Promise<Service | undefined>;
  /** RunTask as given; `failures[]` (capacity, …) come back, never swallowed. */
  runTask(input: RunTaskCommandInput, signal?: AbortSignal): Promise<RunTaskResult>;
  createCluster(input: NewCluster, signal?: AbortSignal): Promise<Cluster | undefined>;
  createService(input: CreateServiceCommandInput, signal?: AbortSignal): Promise<Service | undefined>;
  /** DeleteService; `force` deletes a service that still has a desired count above 0. */
  deleteService(
    cluster: string,
    service: string,
    force?: boolean,
    signal?: AbortSignal,
  ): Promise<Service | undefined>;
  deleteCluster(cluster: string, signal?: AbortSignal): Promise<Cluster | undefined>;
  /** UpdateClusterSettings: turns a cluster's Container Insights on (or off); the updated cluster. */
  setContainerInsights(
    cluster: string,
    value: ContainerInsightsValue,
    signal?: AbortSignal,
  ): Promise<Cluster | undefined>;
  /**
   * ExecuteCommand (ECS Exec): a Session Manager session in the container; the caller opens its data
   * channel (src/ssm). The token is a secret: never log it. docs/exec-protocol.md §1.
   */
  executeCommand(input: ExecCommandInput, signal?: AbortSignal): Promise<ExecSession>;
}

export interface ExecCommandInput {
  readonly cluster: string;
  readonly task: string;
  readonly container: string;
  readonly command: string;
}

export interface ExecSession {
  readonly sessionId: string;
  readonly streamUrl: string;
  readonly tokenValue: string;
  readonly taskArn: string | undefined;
  readonly containerName: string | undefined;
}

export type ContainerInsightsValue = 'enabled' | 'enhanced' | 'disabled';

export interface ServiceChange {
  readonly desiredCount?: number;
  readonly forceNewDeployment?: boolean;
  /** A task-definition revision (family:revision or ARN) to roll out. */
  readonly taskDefinition?: string;
  /** ECS Exec for the tasks started from now on (with forceNewDeployment: all of them). */
  readonly enableExecuteCommand?: boolean;
}

export interface RunTaskResult {
  readonly tasks: readonly Task[];
  readonly failures: readonly DescribeFailure[];
}

export interface NewCluster {
  readonly name: string;
  /** Container Insights on (the tutorials recommend it; it costs CloudWatch metrics). */
  readonly containerInsights: boolean;
  /** FARGATE and FARGATE_SPOT unless given. */
  readonly capacityProviders?: readonly string[];
  readonly tags?: Readonly<Record<string, string>>;
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
      new DescribeClustersCommand({
        clusters: [...ids],
        include: ['SETTINGS', 'STATISTICS', 'CONFIGURATIONS'],
      }),
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

    listServices: (cluster, signal, onBatch) =>
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
        onBatch,
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

    describeClusters: (clusters, signal) =>
      describeAll(
        'DescribeClusters',
        clusters,
        ECS_LIMITS.describeClusters,
        (ids) => describeClusters(ids, signal),
        signal,
      ),

    runTask: async (input, signal) => {
      const out = await client.send(new RunTaskCommand(input), { abortSignal: signal });
      const { items, failures } = described(out.tasks, out.failures);
      return { tasks: items, failures };
    },

    createCluster: async (input, signal) => {
      const providers = [...(input.capacityProviders ?? ['FARGATE', 'FARGATE_SPOT'])];
      const out = await client.send(
        new CreateClusterCommand({
          clusterName: input.name,
          settings: [{ name: 'containerInsights', value: input.containerInsights ? 'enabled' : 'disabled' }],
          capacityProviders: providers,
          defaultCapacityProviderStrategy: providers.includes('FARGATE')
            ? [{ capacityProvider: 'FARGATE', weight: 1 }]
            : undefined,
          tags: Object.entries(input.tags ?? {}).map(([key, value]) => ({ key, value })),
        }),
        { abortSignal: signal },
      );
      return out.cluster;
    },

    createService: async (input, signal) => {
      const out = await client.send(new CreateServiceCommand(input), { abortSignal: signal });
      return out.service;
    },

    deleteService: async (cluster, service, force, signal) => {
      const out = await client.send(new DeleteServiceCommand({ cluster, service, force }), {
        abortSignal: signal,
      });
      return out.service;
    },

    deleteCluster: async (cluster, signal) => {
      const out = await client.send(new DeleteClusterCommand({ cluster }), { abortSignal: signal });
      return out.cluster;
    },

    stopTask: async (cluster, task, reason, signal) => {
      const out = await client.send(new StopTaskCommand({ cluster, task, reason }), { abortSignal: signal });
      return out.task;
    },

    setContainerInsights: async (cluster, value, signal) => {
      const out = await client.send(
        new UpdateClusterSettingsCommand({ cluster, settings: [{ name: 'containerInsights', value }] }),
        { abortSignal: signal },
      );
      return out.cluster;
    },

    executeCommand: async (input, signal) => {
      const out = await client.send(
        new ExecuteCommandCommand({
          cluster: input.cluster,
          task: input.task,
          container: input.container,
          command: input.command,
          // The only mode ECS supports (docs/exec-protocol.md §1).
          interactive: true,
        }),
        { abortSignal: signal },
      );
      const session = out.session;
      if (!session?.sessionId || !session.streamUrl || !session.tokenValue) {
        throw new Error(`ExecuteCommand returned no session for task ${input.task}`);
      }
      return {
        sessionId: session.sessionId,
        streamUrl: session.streamUrl,
        tokenValue: session.tokenValue,
        taskArn: out.taskArn,
        containerName: out.containerName,
      };
    },

    updateService: async (cluster, service, change, signal) => {
      const out = await client.send(
        new UpdateServiceCommand({
          cluster,
          service,
          desiredCount: change.desiredCount,
          forceNewDeployment: change.forceNewDeployment,
          taskDefinition: change.taskDefinition,
          enableExecuteCommand: change.enableExecuteCommand,
        }),
        { abortSignal: signal },
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
