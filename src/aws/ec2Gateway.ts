/**
 * What the extension asks of Amazon EC2: the default VPC's networking for Run Task and a new
 * service, and whether given subnets and security groups exist (deploy preflight). Editor-free.
 *
 * EC2 fails a whole Describe call when one id is unknown (InvalidSubnetID.NotFound names only one
 * of them), so to tell which ids are missing the call is repeated with a `subnet-id` / `group-id`
 * filter, which returns what exists and never errors on unknown ids; the difference is what is
 * missing. Filter queries page with MaxResults (EC2 accepts 5–1000) and every page is followed.
 */
import type { EC2Client, Filter, SecurityGroup, Subnet } from '@aws-sdk/client-ec2';
import { sdk } from './sdkModules';

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

/** EC2's largest MaxResults for DescribeVpcs / DescribeSubnets / DescribeSecurityGroups. */
export const EC2_PAGE_SIZE = 1000;

/** Filter values EC2 accepts in one call (FilterLimitExceeded beyond); more ids take several queries. */
export const EC2_FILTER_VALUES = 200;

export interface Ec2GatewayOptions {
  /** MaxResults of the filter queries (5–1000; default 1000). Smaller only in tests. */
  readonly pageSize?: number;
}

const MISSING_SUBNET = /^InvalidSubnetID\.(NotFound|Malformed)$/;
const MISSING_GROUP = /^(InvalidGroup\.NotFound|InvalidGroupId\.Malformed)$/;

function errorCodeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { name, Code } = error as { name?: unknown; Code?: unknown };
  return typeof Code === 'string' ? Code : typeof name === 'string' ? name : undefined;
}

function toSubnetInfo(subnet: Subnet): SubnetInfo | undefined {
  if (!subnet.SubnetId || !subnet.VpcId) return undefined;
  return {
    subnetId: subnet.SubnetId,
    vpcId: subnet.VpcId,
    availabilityZone: subnet.AvailabilityZone ?? '',
    mapPublicIpOnLaunch: subnet.MapPublicIpOnLaunch ?? false,
    defaultForAz: subnet.DefaultForAz ?? false,
  };
}

function toGroupInfo(group: SecurityGroup): SecurityGroupInfo | undefined {
  if (!group.GroupId || !group.VpcId) return undefined;
  return { groupId: group.GroupId, groupName: group.GroupName ?? '', vpcId: group.VpcId };
}

const defined = <T>(value: T | undefined): value is T => value !== undefined;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The asked ids split into what EC2 returned (in the order asked) and what it did not. */
function splitFound<T>(ids: readonly string[], items: readonly T[], idOf: (item: T) => string): Found<T> {
  const byId = new Map(items.map((item) => [idOf(item), item]));
  return {
    found: ids.map((id) => byId.get(id)).filter(defined),
    missing: ids.filter((id) => !byId.has(id)),
  };
}

export function createEc2Gateway(client: EC2Client, options: Ec2GatewayOptions = {}): Ec2Gateway {
  const pageSize = options.pageSize ?? EC2_PAGE_SIZE;

  /** Every page of a Describe call (filter queries send MaxResults; id lists do not need it). */
  async function allPages<T>(
    fetch: (nextToken: string | undefined) => Promise<{ items: T[]; nextToken?: string | undefined }>,
  ): Promise<T[]> {
    const items: T[] = [];
    let nextToken: string | undefined;
    do {
      const page = await fetch(nextToken);
      items.push(...page.items);
      nextToken = page.nextToken;
    } while (nextToken);
    return items;
  }

  const subnets = (input: { Filters?: Filter[]; SubnetIds?: string[] }, signal?: AbortSignal) =>
    allPages(async (NextToken) => {
      const out = await client.send(
        new (sdk.ec2().DescribeSubnetsCommand)({
          ...input,
          ...(input.SubnetIds ? {} : { MaxResults: pageSize }),
          NextToken,
        }),
        { abortSignal: signal },
      );
      return { items: (out.Subnets ?? []).map(toSubnetInfo).filter(defined), nextToken: out.NextToken };
    });

  const groups = (input: { Filters?: Filter[]; GroupIds?: string[] }, signal?: AbortSignal) =>
    allPages(async (NextToken) => {
      const out = await client.send(
        new (sdk.ec2().DescribeSecurityGroupsCommand)({
          ...input,
          ...(input.GroupIds ? {} : { MaxResults: pageSize }),
          NextToken,
        }),
        { abortSignal: signal },
      );
      return { items: (out.SecurityGroups ?? []).map(toGroupInfo).filter(defined), nextToken: out.NextToken };
    });

  /** By ids in one call; when EC2 refuses the batch for an unknown id, by id filter and diff. */
  async function describeByIds<T>(
    requested: readonly string[],
    byIds: (ids: string[]) => Promise<T[]>,
    byFilter: (ids: string[]) => Promise<T[]>,
    isMissingIdError: RegExp,
    idOf: (item: T) => string,
  ): Promise<Found<T>> {
    const ids = [...new Set(requested)];
    if (ids.length === 0) return { found: [], missing: [] };
    try {
      return splitFound(ids, await byIds(ids), idOf);
    } catch (error) {
      if (!isMissingIdError.test(errorCodeOf(error) ?? '')) throw error;
    }
    const pages = await Promise.all(chunks(ids, EC2_FILTER_VALUES).map(byFilter));
    return splitFound(ids, pages.flat(), idOf);
  }

  return {
    async defaultNetwork(signal) {
      const vpcs = await allPages(async (NextToken) => {
        const out = await client.send(
          new (sdk.ec2().DescribeVpcsCommand)({
            Filters: [{ Name: 'is-default', Values: ['true'] }],
            MaxResults: pageSize,
            NextToken,
          }),
          { abortSignal: signal },
        );
        return { items: out.Vpcs ?? [], nextToken: out.NextToken };
      });
      const vpcId = vpcs.find((v) => v.VpcId)?.VpcId;
      if (!vpcId) return undefined;
      const inVpc: Filter = { Name: 'vpc-id', Values: [vpcId] };
      const [defaultSubnets, defaultGroups] = await Promise.all([
        subnets({ Filters: [inVpc, { Name: 'default-for-az', Values: ['true'] }] }, signal),
        groups({ Filters: [inVpc, { Name: 'group-name', Values: ['default'] }] }, signal),
      ]);
      // A default VPC whose default subnets were deleted may still have others the user added.
      const found = defaultSubnets.length > 0 ? defaultSubnets : await subnets({ Filters: [inVpc] }, signal);
      return {
        vpcId,
        subnets: [...found].sort((a, b) => a.availabilityZone.localeCompare(b.availabilityZone)),
        securityGroup: defaultGroups[0],
      };
    },

    describeSubnets: (ids, signal) =>
      describeByIds(
        ids,
        (SubnetIds) => subnets({ SubnetIds }, signal),
        (values) => subnets({ Filters: [{ Name: 'subnet-id', Values: values }] }, signal),
        MISSING_SUBNET,
        (s) => s.subnetId,
      ),

    describeSecurityGroups: (ids, signal) =>
      describeByIds(
        ids,
        (GroupIds) => groups({ GroupIds }, signal),
        (values) => groups({ Filters: [{ Name: 'group-id', Values: values }] }, signal),
        MISSING_GROUP,
        (g) => g.groupId,
      ),
  };
}
