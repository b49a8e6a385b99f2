/**
 * Amazon EC2 as a service module of the fake endpoint: the EC2 query dialect (version 2016-11-15,
 * signing name ec2). DescribeVpcs, DescribeSubnets and DescribeSecurityGroups by id list
 * (`SubnetId.N`…), by `Filter.N.Name`/`Filter.N.Value.M` and, for groups, by name in the default
 * VPC; MaxResults 5–1000 with NextToken pages (everything when MaxResults is absent, as EC2 does);
 * EC2's errors: InvalidSubnetID.NotFound, InvalidGroup.NotFound, InvalidVpcID.NotFound, the
 * `.Malformed` ids, VPCIdNotSpecified, InvalidParameterValue, InvalidPaginationToken, FilterLimitExceeded.
 */
import { AwsError } from '../errors';
import { ec2QueryProtocol } from '../protocols/ec2Query';
import type { ServiceModule } from '../services';
import {
  EC2_LIMITS,
  type FakeEc2,
  type SecurityGroupRecord,
  type SubnetRecord,
  type VpcRecord,
} from './fakeEc2';

export const EC2_XMLNS = 'http://ec2.amazonaws.com/doc/2016-11-15/';
export const EC2_VERSION = '2016-11-15';

type Form = Record<string, string>;
type Filter = { name: string; values: string[] };
/** A filter name → the record's value(s) it compares against. */
type FilterFields<T> = Record<string, (record: T) => string | readonly string[]>;

/** `SubnetId.1=a&SubnetId.2=b` → `['a', 'b']` in index order (undefined when absent). */
function indexedList(form: Form, name: string): string[] | undefined {
  const pattern = new RegExp(`^${name.replace(/\./g, '\\.')}\\.(\\d+)$`);
  const items: Array<[number, string]> = [];
  for (const [key, value] of Object.entries(form)) {
    const match = pattern.exec(key);
    if (match) items.push([Number(match[1]), value]);
  }
  return items.length ? items.sort((a, b) => a[0] - b[0]).map(([, v]) => v) : undefined;
}

/** `Filter.1.Name=vpc-id&Filter.1.Value.1=vpc-…` → `[{name: 'vpc-id', values: ['vpc-…']}]`. */
function filtersOf(form: Form): Filter[] {
  const filters: Filter[] = [];
  for (const [key, name] of Object.entries(form)) {
    const match = /^Filter\.(\d+)\.Name$/.exec(key);
    if (match) filters.push({ name, values: indexedList(form, `Filter.${match[1]}.Value`) ?? [] });
  }
  return filters;
}

const invalidValue = (message: string) => new AwsError('InvalidParameterValue', message);

/** EC2 filter values take `*` and `?` wildcards. */
function matchesValue(pattern: string, value: string): boolean {
  if (!/[*?]/.test(pattern)) return pattern === value;
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${regex}$`).test(value);
}

/** Filters AND together; the values of one filter OR together. Unknown filter names are refused. */
function applyFilters<T>(records: T[], filters: Filter[], fields: FilterFields<T>): T[] {
  const values = filters.reduce((n, f) => n + f.values.length, 0);
  if (values > EC2_LIMITS.filterValuesPerCall) {
    throw new AwsError(
      'FilterLimitExceeded',
      `The maximum number of filter values specified on a single call is ${EC2_LIMITS.filterValuesPerCall}`,
    );
  }
  for (const f of filters) {
    if (!fields[f.name]) throw invalidValue(`The filter '${f.name}' is invalid`);
  }
  return records.filter((record) =>
    filters.every((f) => {
      const field = fields[f.name];
      const actual = field ? field(record) : [];
      const values = typeof actual === 'string' ? [actual] : actual;
      return f.values.some((pattern) => values.some((v) => matchesValue(pattern, v)));
    }),
  );
}

function maxResultsOf(form: Form): number | undefined {
  const text = form['MaxResults'];
  if (text === undefined) return undefined;
  const n = Number(text);
  const invalid = (expecting: string) =>
    invalidValue(`Value ( ${text} ) for parameter maxResults is invalid. Expecting a value ${expecting}.`);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(n)) throw invalid('that is an integer');
  if (n < EC2_LIMITS.minResults) throw invalid(`greater than ${EC2_LIMITS.minResults}`);
  if (n > EC2_LIMITS.maxResults) throw invalid(`less than ${EC2_LIMITS.maxResults}`);
  return n;
}

/** One page; every remaining item when MaxResults is absent. */
function pageOf<T>(
  fake: FakeEc2,
  operation: string,
  form: Form,
  items: T[],
): { items: T[]; nextToken?: string } {
  const maxResults = maxResultsOf(form);
  const scope = [
    operation,
    ...Object.entries(form)
      .filter(([k]) => !['Action', 'Version', 'NextToken', 'MaxResults'].includes(k))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}=${v}`),
  ].join('|');
  const nextToken = form['NextToken'];
  return fake.paginator.page(
    items,
    {
      scope,
      ...(nextToken ? { nextToken } : {}),
      ...(maxResults !== undefined ? { maxResults } : {}),
      defaultPageSize: Math.max(items.length, 1),
      maxPageSize: EC2_LIMITS.maxResults,
    },
    () =>
      new AwsError('InvalidPaginationToken', 'The specified pagination token is not valid or is expired.'),
  );
}

/** Looks ids up in order; a malformed id or the first unknown one fails the whole call. */
function byIds<T>(
  ids: string[],
  table: ReadonlyMap<string, T>,
  shape: RegExp,
  malformed: (id: string) => AwsError,
  notFound: (id: string) => AwsError,
): T[] {
  const bad = ids.find((id) => !shape.test(id));
  if (bad !== undefined) throw malformed(bad);
  const missing = ids.find((id) => !table.has(id));
  if (missing !== undefined) throw notFound(missing);
  return [...new Set(ids)].map((id) => table.get(id) as T);
}

const bool = (b: boolean) => String(b);

function describeVpcs(fake: FakeEc2, form: Form): unknown {
  const ids = indexedList(form, 'VpcId');
  const all = ids
    ? byIds(
        ids,
        fake.vpcs,
        /^vpc-[0-9a-f]{8}(?:[0-9a-f]{9})?$/,
        (id) => new AwsError('InvalidVpcID.Malformed', `Invalid id: "${id}"`),
        (id) => new AwsError('InvalidVpcID.NotFound', `The vpc ID '${id}' does not exist`),
      )
    : [...fake.vpcs.values()];
  const fields: FilterFields<VpcRecord> = {
    'vpc-id': (v) => v.vpcId,
    'is-default': (v) => bool(v.isDefault),
    isDefault: (v) => bool(v.isDefault),
    'owner-id': (v) => v.ownerId,
    state: () => 'available',
    'cidr-block': (v) => v.cidrBlock,
    cidr: (v) => v.cidrBlock,
  };
  const page = pageOf(fake, 'DescribeVpcs', form, applyFilters(all, filtersOf(form), fields));
  return {
    vpcSet: page.items.map((v) => ({
      ownerId: v.ownerId,
      instanceTenancy: 'default',
      isDefault: v.isDefault,
      vpcId: v.vpcId,
      state: 'available',
      cidrBlock: v.cidrBlock,
      dhcpOptionsId: 'dopt-0c1d2e3f4a5b6c7d8',
    })),
    nextToken: page.nextToken,
  };
}

function describeSubnets(fake: FakeEc2, form: Form): unknown {
  const ids = indexedList(form, 'SubnetId');
  const all = ids
    ? byIds(
        ids,
        fake.subnets,
        /^subnet-[0-9a-f]{8}(?:[0-9a-f]{9})?$/,
        (id) => new AwsError('InvalidSubnetID.Malformed', `Invalid id: "${id}"`),
        (id) => new AwsError('InvalidSubnetID.NotFound', `The subnet ID '${id}' does not exist`),
      )
    : [...fake.subnets.values()];
  const fields: FilterFields<SubnetRecord> = {
    'subnet-id': (s) => s.subnetId,
    'vpc-id': (s) => s.vpcId,
    'default-for-az': (s) => bool(s.defaultForAz),
    defaultForAz: (s) => bool(s.defaultForAz),
    'availability-zone': (s) => s.availabilityZone,
    'availability-zone-id': (s) => s.availabilityZoneId,
    'map-public-ip-on-launch': (s) => bool(s.mapPublicIpOnLaunch),
    'cidr-block': (s) => s.cidrBlock,
    'owner-id': (s) => s.ownerId,
    state: () => 'available',
  };
  const page = pageOf(fake, 'DescribeSubnets', form, applyFilters(all, filtersOf(form), fields));
  return {
    subnetSet: page.items.map((s) => ({
      subnetId: s.subnetId,
      subnetArn: s.subnetArn,
      state: 'available',
      vpcId: s.vpcId,
      cidrBlock: s.cidrBlock,
      availableIpAddressCount: s.availableIpAddressCount,
      availabilityZone: s.availabilityZone,
      availabilityZoneId: s.availabilityZoneId,
      defaultForAz: s.defaultForAz,
      mapPublicIpOnLaunch: s.mapPublicIpOnLaunch,
      assignIpv6AddressOnCreation: false,
      ownerId: s.ownerId,
    })),
    nextToken: page.nextToken,
  };
}

/** GroupName.N names groups of the default VPC only, as EC2 does. */
function groupsByName(fake: FakeEc2, names: string[]): SecurityGroupRecord[] {
  const vpc = fake.defaultVpc();
  if (!vpc) throw new AwsError('VPCIdNotSpecified', 'No default VPC for this user');
  return names.map((name) => {
    const group = [...fake.securityGroups.values()].find(
      (g) => g.vpcId === vpc.vpcId && g.groupName === name,
    );
    if (!group) {
      throw new AwsError(
        'InvalidGroup.NotFound',
        `The security group '${name}' does not exist in default VPC '${vpc.vpcId}'`,
      );
    }
    return group;
  });
}

function describeSecurityGroups(fake: FakeEc2, form: Form): unknown {
  const ids = indexedList(form, 'GroupId');
  const names = indexedList(form, 'GroupName');
  let all = ids
    ? byIds(
        ids,
        fake.securityGroups,
        /^sg-[0-9a-f]{8}(?:[0-9a-f]{9})?$/,
        (id) => new AwsError('InvalidGroupId.Malformed', `Invalid id: "${id}" (expecting "sg-...")`),
        (id) => new AwsError('InvalidGroup.NotFound', `The security group '${id}' does not exist`),
      )
    : [...fake.securityGroups.values()];
  if (names) {
    const named = new Set(groupsByName(fake, names));
    all = all.filter((g) => named.has(g));
  }
  const fields: FilterFields<SecurityGroupRecord> = {
    'group-id': (g) => g.groupId,
    'group-name': (g) => g.groupName,
    'vpc-id': (g) => g.vpcId,
    description: (g) => g.description,
    'owner-id': (g) => g.ownerId,
  };
  const page = pageOf(fake, 'DescribeSecurityGroups', form, applyFilters(all, filtersOf(form), fields));
  return {
    securityGroupInfo: page.items.map((g) => ({
      ownerId: g.ownerId,
      groupId: g.groupId,
      groupName: g.groupName,
      groupDescription: g.description,
      vpcId: g.vpcId,
      ipPermissions: [],
      ipPermissionsEgress: [{ ipProtocol: '-1', ipRanges: [{ cidrIp: '0.0.0.0/0' }] }],
    })),
    nextToken: page.nextToken,
  };
}

const OPERATIONS: Record<string, (fake: FakeEc2, form: Form) => unknown> = {
  DescribeVpcs: describeVpcs,
  DescribeSubnets: describeSubnets,
  DescribeSecurityGroups: describeSecurityGroups,
};

export function ec2Module(fake: FakeEc2): ServiceModule {
  return {
    signingName: 'ec2',
    protocol: ec2QueryProtocol(EC2_XMLNS),
    queryVersion: EC2_VERSION,
    handle(operation: string, input: unknown): unknown {
      const run = OPERATIONS[operation];
      if (!run)
        throw new AwsError('InvalidAction', `The action ${operation} is not valid for this web service.`);
      const form = (input ?? {}) as Form;
      if (form['DryRun'] === 'true') {
        throw new AwsError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
      }
      return run(fake, form);
    },
  };
}
