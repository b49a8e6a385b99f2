/**
 * What the extension asks of Amazon EC2: the default VPC's networking for Run Task and a new
 * service, and whether given subnets and security groups exist (deploy preflight). Editor-free.
 * (Interface fixed first so Run Task and Deploy can be written against it; the implementation
 * with @aws-sdk/client-ec2 is the EC2 work item.)
 */

export interface SubnetInfo {
  readonly subnetId: string;
  readonly vpcId: string;
  readonly availabilityZone: string;
  /** The subnet gives tasks a public IP by default (a sign of a public subnet). */
  readonly mapPublicIpOnLaunch: boolean;
  readonly defaultForAz: boolean;
}

export interface SecurityGroupInfo {
  readonly groupId: string;
  readonly groupName: string;
  readonly vpcId: string;
}

export interface DefaultNetwork {
  readonly vpcId: string;
  /** The default VPC's default subnets (one per Availability Zone). */
  readonly subnets: readonly SubnetInfo[];
  /** The default VPC's security group named "default". */
  readonly securityGroup: SecurityGroupInfo | undefined;
}

export interface Found<T> {
  readonly found: readonly T[];
  /** The ids asked for that do not exist (InvalidSubnetID.NotFound / InvalidGroup.NotFound). */
  readonly missing: readonly string[];
}

export interface Ec2Gateway {
  /** The region's default VPC, or undefined when the account has none (deleted, or EC2-Classic era). */
  defaultNetwork(signal?: AbortSignal): Promise<DefaultNetwork | undefined>;
  describeSubnets(ids: readonly string[], signal?: AbortSignal): Promise<Found<SubnetInfo>>;
  describeSecurityGroups(ids: readonly string[], signal?: AbortSignal): Promise<Found<SecurityGroupInfo>>;
}
