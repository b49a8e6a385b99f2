/**
 * Deleting a service the safe way, shared by "Delete Service" and "Clean Up". Editor-free.
 *
 * DeleteService without `force` refuses a service scaled above 0, so it is scaled to 0 first (the
 * tasks then drain: the service shows DRAINING until they stopped). An auto scaled service has its
 * scalable target deregistered BEFORE that: ECS does not remove it with the service, and a target
 * left in place could scale the service back up between the two calls (and would linger after).
 */
import type { Cluster, Service } from '@aws-sdk/client-ecs';
import type { EcsGateway } from '../../aws/ecsGateway';
import type { ScalingGateway } from '../../aws/scalingGateway';

export interface DeleteServiceRequest {
  readonly cluster: string;
  /** Name or ARN. */
  readonly service: string;
  readonly desiredCount: number;
  readonly autoScaled: boolean;
}

export interface DeletedService {
  /** As DeleteService returned it (status DRAINING). */
  readonly service?: Service;
  readonly scaledToZero: boolean;
  readonly scalingRemoved: boolean;
}

export async function drainAndDeleteService(
  gateways: {
    readonly ecs: Pick<EcsGateway, 'updateService' | 'deleteService'>;
    readonly scaling?: Pick<ScalingGateway, 'deregisterTarget'>;
  },
  request: DeleteServiceRequest,
  signal?: AbortSignal,
): Promise<DeletedService> {
  const serviceName = request.service.split('/').pop() ?? request.service;
  let scalingRemoved = false;
  if (request.autoScaled && gateways.scaling) {
    await gateways.scaling.deregisterTarget(request.cluster, serviceName);
    scalingRemoved = true;
  }
  const scaledToZero = request.desiredCount > 0;
  if (scaledToZero)
    await gateways.ecs.updateService(request.cluster, request.service, { desiredCount: 0 }, signal);
  const service = await gateways.ecs.deleteService(request.cluster, request.service, undefined, signal);
  return { ...(service ? { service } : {}), scaledToZero, scalingRemoved };
}

export interface ClusterContents {
  readonly activeServices: number;
  readonly runningTasks: number;
  readonly pendingTasks: number;
  readonly empty: boolean;
}

/** From DescribeClusters' statistics (the gateway asks for them). */
export function clusterContents(cluster: Cluster): ClusterContents {
  const activeServices = cluster.activeServicesCount ?? 0;
  const runningTasks = cluster.runningTasksCount ?? 0;
  const pendingTasks = cluster.pendingTasksCount ?? 0;
  return {
    activeServices,
    runningTasks,
    pendingTasks,
    empty: activeServices === 0 && runningTasks === 0 && pendingTasks === 0,
  };
}

/** "2 services, 3 running tasks and 1 pending task" */
export function describeContents(c: ClusterContents): string {
  const n = (count: number, what: string) => `${count} ${what}${count === 1 ? '' : 's'}`;
  const parts = [
    c.activeServices > 0 ? n(c.activeServices, 'service') : undefined,
    c.runningTasks > 0 ? n(c.runningTasks, 'running task') : undefined,
    c.pendingTasks > 0 ? n(c.pendingTasks, 'pending task') : undefined,
  ].filter((p): p is string => p !== undefined);
  if (parts.length <= 1) return parts[0] ?? 'nothing';
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/**
 * Why a cluster cannot be deleted yet, and what to do, or undefined when it is empty. `services`
 * are what ListServices returned: ECS lists DRAINING services too, and refuses to delete a cluster
 * until they are INACTIVE (ClusterContainsServicesException), though its statistics no longer
 * count them as active.
 */
export function clusterNotEmptyReason(
  name: string,
  cluster: Cluster,
  services: readonly Service[] = [],
): string | undefined {
  const contents = clusterContents(cluster);
  const draining = services.filter((s) => s.status === 'DRAINING').map((s) => s.serviceName ?? '?');
  if (contents.empty && draining.length === 0) return undefined;
  if (contents.activeServices > 0) {
    return `Cluster ${name} still has ${describeContents(contents)}. Delete its services first (their tasks drain), then try again.`;
  }
  if (!contents.empty) {
    return `Cluster ${name} still has ${describeContents(contents)}. Wait for its tasks to stop (or stop them), then try again.`;
  }
  return `Cluster ${name} still has draining service${draining.length === 1 ? '' : 's'} ${draining.join(', ')}. Wait until ${draining.length === 1 ? 'its' : 'their'} tasks stopped, then try again.`;
}

export interface ClusterState {
  readonly cluster?: Cluster;
  /** Its ACTIVE and DRAINING services. */
  readonly services: readonly Service[];
}

/** The cluster with its statistics, and the services ECS still lists in it. */
export async function readClusterState(
  ecs: Pick<EcsGateway, 'describeClusters' | 'listServices'>,
  name: string,
  signal?: AbortSignal,
): Promise<ClusterState> {
  const { items } = await ecs.describeClusters([name], signal);
  const cluster = items.find((c) => c.status === 'ACTIVE');
  if (!cluster) return { services: [] };
  const { items: services } = await ecs.listServices(name, signal);
  return { cluster, services: services.filter((s) => s.status !== 'INACTIVE') };
}

/**
 * Polls until the cluster is empty (a deleted service's tasks take a while to drain, and the
 * service stays DRAINING until then), the time is up, or the signal aborts. Returns the last state.
 */
export async function waitForEmptyCluster(
  ecs: Pick<EcsGateway, 'describeClusters' | 'listServices'>,
  cluster: string,
  options: {
    readonly timeoutMs: number;
    readonly pollMs: number;
    readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
    readonly signal?: AbortSignal;
  },
): Promise<ClusterState> {
  let waited = 0;
  for (;;) {
    const state = await readClusterState(ecs, cluster, options.signal);
    const done =
      !state.cluster || clusterNotEmptyReason(cluster, state.cluster, state.services) === undefined;
    if (done || waited >= options.timeoutMs) return state;
    await options.sleep(options.pollMs, options.signal);
    waited += options.pollMs;
  }
}
