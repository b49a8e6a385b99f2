/**
 * The service a service command acts on: the tree node it was run on, else what the user picks
 * (never anything else). The service is described afresh, so counts and deployments are current.
 */
import type { Service } from '@aws-sdk/client-ecs';
import type { EcsGateway } from '../../aws/ecsGateway';
import type { ExplorerNode } from '../../explorer/nodes/explorerNode';
import { ServiceNode } from '../../explorer/nodes/serviceNode';
import { pickCluster, pickService } from '../../ui/pickers';

export interface ServiceSubject {
  readonly cluster: string;
  readonly service: Service;
  /** The tree node, when the command ran on one (to update it afterwards). */
  readonly node?: ServiceNode;
}

export async function serviceSubject(
  ecs: EcsGateway,
  node?: ExplorerNode,
  options: { readonly allowDraining?: boolean } = {},
): Promise<ServiceSubject> {
  const fromNode = node instanceof ServiceNode ? node : undefined;
  const cluster = fromNode ? fromNode.clusterName : await pickCluster(ecs);
  const picked = fromNode ? fromNode.service : await pickService(ecs, cluster);
  const ref = picked.serviceArn ?? picked.serviceName ?? '';
  const { items } = await ecs.describeServices(cluster, [ref]);
  const service = items[0];
  if (
    !service ||
    (service.status !== 'ACTIVE' && !(options.allowDraining && service.status === 'DRAINING'))
  ) {
    throw new Error(
      `Service ${picked.serviceName ?? ref} is ${service?.status ?? 'gone'} in cluster ${cluster}. Refresh the Clusters view.`,
    );
  }
  return { cluster, service, ...(fromNode ? { node: fromNode } : {}) };
}

/** Shows the service's new state on its node and follows it until it settles. */
export function showServiceUpdate(
  deps: {
    explorer: { fire(nodes: readonly ExplorerNode[]): void };
    liveUpdater: { track(node: ServiceNode): void };
  },
  node: ServiceNode | undefined,
  updated: Service | undefined,
): void {
  if (!node || !updated) return;
  node.update(updated);
  deps.explorer.fire([node]);
  deps.liveUpdater.track(node);
}
