/**
 * The fake EC2 account's networking: VPCs, subnets and security groups. Like a real account it
 * starts with a default VPC (172.31.0.0/16), one default subnet per zone in the region's a/b/c
 * zones (public IPs on launch) and the VPC's `default` security group. The default subnets and
 * group carry the ids the fake ECS services use in their awsvpcConfiguration, so the networking of
 * an existing service exists here too. Other ids look real (`subnet-` + 17 hex) and are
 * deterministic per fake instance.
 */
import { createHash } from 'node:crypto';
import { Paginator } from '../pagination';

/** DescribeVpcs / DescribeSubnets / DescribeSecurityGroups: MaxResults 5–1000, ≤ 200 filter values a call. */
export const EC2_LIMITS = { minResults: 5, maxResults: 1000, filterValuesPerCall: 200 } as const;

export const DEFAULT_VPC_ID = 'vpc-0a1b2c3d4e5f60000';
/** The ids of the fake ECS services' default networking (ecs/fixtures.ts, ecs/taskFactory.ts). */
export const DEFAULT_SUBNET_IDS = [
  'subnet-0a1b2c3d4e5f60001',
  'subnet-0a1b2c3d4e5f60002',
  'subnet-0a1b2c3d4e5f60003',
] as const;
export const DEFAULT_SECURITY_GROUP_ID = 'sg-0f1e2d3c4b5a69788';

export interface VpcRecord {
  vpcId: string;
  cidrBlock: string;
  isDefault: boolean;
  ownerId: string;
}

export interface SubnetRecord {
  subnetId: string;
  vpcId: string;
  /** The zone letter's full name, e.g. us-east-1a. */
  availabilityZone: string;
  availabilityZoneId: string;
  cidrBlock: string;
  mapPublicIpOnLaunch: boolean;
  defaultForAz: boolean;
  availableIpAddressCount: number;
  ownerId: string;
  subnetArn: string;
}

export interface SecurityGroupRecord {
  groupId: string;
  groupName: string;
  vpcId: string;
  description: string;
  ownerId: string;
}

export interface AddVpcOptions {
  cidrBlock?: string;
  /** Makes it the region's default VPC (only when there is none). */
  isDefault?: boolean;
}

export interface AddSubnetOptions {
  /** Public IP on launch (default true, like a default subnet; false for a private subnet). */
  public?: boolean;
  /** Zone letter (default: the next of a, b, c…). */
  zone?: string;
  cidrBlock?: string;
  defaultForAz?: boolean;
  subnetId?: string;
}

export interface AddSecurityGroupOptions {
  description?: string;
  groupId?: string;
}

/** us-east-1 → use1, ap-southeast-2 → apse2 (the AZ id prefix). */
function zoneIdPrefix(region: string): string {
  const short: Record<string, string> = { north: 'n', south: 's', east: 'e', west: 'w', central: 'c' };
  const [area = '', direction = '', number = ''] = region.split('-');
  const letters = direction.replace(/north|south|east|west|central/g, (word) => short[word] ?? word);
  return `${area}${letters}${number}`;
}

export class FakeEc2 {
  /** Keyed by id, in creation order. */
  readonly vpcs = new Map<string, VpcRecord>();
  readonly subnets = new Map<string, SubnetRecord>();
  readonly securityGroups = new Map<string, SecurityGroupRecord>();
  readonly paginator = new Paginator();
  private counter = 0;

  constructor(
    private readonly region: string,
    private readonly accountId: string,
  ) {
    this.seedDefaultVpc();
  }

  /** Back to a fresh account: only the default VPC, its default subnets and its default group. */
  reset(): void {
    this.vpcs.clear();
    this.subnets.clear();
    this.securityGroups.clear();
    this.counter = 0;
    this.seedDefaultVpc();
  }

  defaultVpc(): VpcRecord | undefined {
    return [...this.vpcs.values()].find((v) => v.isDefault);
  }

  /** Deletes the default VPC with its subnets and groups (as accounts that removed it are). */
  deleteDefaultVpc(): void {
    const vpc = this.defaultVpc();
    if (vpc) this.deleteVpc(vpc.vpcId);
  }

  deleteVpc(vpcId: string): void {
    this.vpcs.delete(vpcId);
    for (const [id, s] of this.subnets) if (s.vpcId === vpcId) this.subnets.delete(id);
    for (const [id, g] of this.securityGroups) if (g.vpcId === vpcId) this.securityGroups.delete(id);
  }

  /** Adds a VPC with its `default` security group (every VPC has one). */
  addVpc(options: AddVpcOptions = {}): VpcRecord {
    if (options.isDefault && this.defaultVpc()) throw new Error('the account already has a default VPC');
    const vpc: VpcRecord = {
      vpcId: this.newId('vpc'),
      cidrBlock: options.cidrBlock ?? `10.${this.vpcs.size}.0.0/16`,
      isDefault: options.isDefault ?? false,
      ownerId: this.accountId,
    };
    this.vpcs.set(vpc.vpcId, vpc);
    this.addSecurityGroup(vpc.vpcId, 'default', { description: 'default VPC security group' });
    return vpc;
  }

  addSubnet(vpcId: string, options: AddSubnetOptions = {}): SubnetRecord {
    const vpc = this.vpcs.get(vpcId);
    if (!vpc) throw new Error(`no VPC ${vpcId} in the fake EC2`);
    const index = [...this.subnets.values()].filter((s) => s.vpcId === vpcId).length;
    const zone = options.zone ?? String.fromCharCode('a'.charCodeAt(0) + (index % 6));
    const zoneNumber = zone.charCodeAt(0) - 'a'.charCodeAt(0) + 1;
    const [o1 = '10', o2 = '0'] = vpc.cidrBlock.split('.');
    const subnetId = options.subnetId ?? this.newId('subnet');
    const subnet: SubnetRecord = {
      subnetId,
      vpcId,
      availabilityZone: `${this.region}${zone}`,
      availabilityZoneId: `${zoneIdPrefix(this.region)}-az${zoneNumber}`,
      cidrBlock: options.cidrBlock ?? `${o1}.${o2}.${(index * 16) % 256}.0/20`,
      mapPublicIpOnLaunch: options.public ?? true,
      defaultForAz: options.defaultForAz ?? false,
      availableIpAddressCount: 4091,
      ownerId: this.accountId,
      subnetArn: `arn:aws:ec2:${this.region}:${this.accountId}:subnet/${subnetId}`,
    };
    this.subnets.set(subnetId, subnet);
    return subnet;
  }

  addSecurityGroup(
    vpcId: string,
    groupName: string,
    options: AddSecurityGroupOptions = {},
  ): SecurityGroupRecord {
    if (!this.vpcs.has(vpcId)) throw new Error(`no VPC ${vpcId} in the fake EC2`);
    const group: SecurityGroupRecord = {
      groupId: options.groupId ?? this.newId('sg'),
      groupName,
      vpcId,
      description: options.description ?? groupName,
      ownerId: this.accountId,
    };
    this.securityGroups.set(group.groupId, group);
    return group;
  }

  private newId(prefix: string): string {
    const n = ++this.counter;
    return `${prefix}-${createHash('sha256').update(`${prefix}|${n}`).digest('hex').slice(0, 17)}`;
  }

  private seedDefaultVpc(): void {
    const vpc: VpcRecord = {
      vpcId: DEFAULT_VPC_ID,
      cidrBlock: '172.31.0.0/16',
      isDefault: true,
      ownerId: this.accountId,
    };
    this.vpcs.set(vpc.vpcId, vpc);
    DEFAULT_SUBNET_IDS.forEach((subnetId, i) =>
      this.addSubnet(vpc.vpcId, {
        subnetId,
        zone: 'abc'[i] ?? 'a',
        cidrBlock: `172.31.${i * 16}.0/20`,
        public: true,
        defaultForAz: true,
      }),
    );
    this.addSecurityGroup(vpc.vpcId, 'default', {
      groupId: DEFAULT_SECURITY_GROUP_ID,
      description: 'default VPC security group',
    });
  }
}
