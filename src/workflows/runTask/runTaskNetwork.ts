/**
 * Where a run's tasks get their network: the default VPC (its default-for-AZ subnets and its
 * "default" security group, public IP on), a service's awsvpcConfiguration, or ids typed in.
 * Public IP on by default because the default VPC's subnets are public: there a task without a
 * public IP has no route to ECR or Docker Hub and fails with CannotPullContainerError.
 * Editor-free.
 */
import type { Service } from '@aws-sdk/client-ecs';
import type { DefaultNetwork, Ec2Gateway } from '../../aws/ec2Gateway';
import type { EcsGateway } from '../../aws/ecsGateway';
import type { RunTaskNetwork } from './runTaskInput';

export interface NamedNetwork extends RunTaskNetwork {
  /** Where it came from, e.g. "default VPC vpc-0abc" or "service web". */
  readonly source: string;
}

export function networkOfDefaultVpc(vpc: DefaultNetwork): NamedNetwork | undefined {
  const subnets = vpc.subnets.filter((s) => s.defaultForAz).map((s) => s.subnetId);
  const all = subnets.length > 0 ? subnets : vpc.subnets.map((s) => s.subnetId);
  if (all.length === 0) return undefined;
  return {
    source: `default VPC ${vpc.vpcId}`,
    subnets: all.slice(0, 16),
    securityGroups: vpc.securityGroup ? [vpc.securityGroup.groupId] : [],
    assignPublicIp: true,
  };
}

export async function defaultVpcNetwork(
  ec2: Pick<Ec2Gateway, 'defaultNetwork'>,
  signal?: AbortSignal,
): Promise<NamedNetwork | undefined> {
  const vpc = await ec2.defaultNetwork(signal);
  return vpc && networkOfDefaultVpc(vpc);
}

/** A service's network configuration; undefined for a service without awsvpc networking. */
export function networkOfService(service: Service): NamedNetwork | undefined {
  const vpc = service.networkConfiguration?.awsvpcConfiguration;
  if (!vpc?.subnets?.length) return undefined;
  return {
    source: `service ${service.serviceName ?? ''}`,
    subnets: vpc.subnets,
    securityGroups: vpc.securityGroups ?? [],
    assignPublicIp: vpc.assignPublicIp === 'ENABLED',
  };
}

/**
 * The networks of a cluster's services that have one (awsvpc), by service name: what "Same as a
 * service…" can copy. Empty for a cluster without services (batch-jobs), where it is not offered.
 */
export async function serviceNetworks(
  ecs: Pick<EcsGateway, 'listServices'>,
  cluster: string,
  signal?: AbortSignal,
): Promise<NamedNetwork[]> {
  const { items } = await ecs.listServices(cluster, signal);
  return items
    .map(networkOfService)
    .filter((n): n is NamedNetwork => n !== undefined)
    .sort((a, b) => a.source.localeCompare(b.source));
}

/** One line for a quick pick: `3 subnets · sg-0abc · public IP`. */
export function describeNetwork(network: RunTaskNetwork): string {
  const subnets =
    network.subnets.length === 1 ? (network.subnets[0] ?? '') : `${network.subnets.length} subnets`;
  const groups =
    network.securityGroups.length > 0 ? network.securityGroups.join(', ') : 'default security group';
  return `${subnets} · ${groups} · ${network.assignPublicIp ? 'public IP' : 'no public IP'}`;
}
