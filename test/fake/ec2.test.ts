/**
 * The fake EC2 itself (EC2 query dialect) with the REAL EC2Client and raw HTTP: the seeded default
 * VPC, id and filter lookups, EC2's error codes and messages, MaxResults validation, NextToken pages,
 * the wire shapes, and the admin routes.
 */
import * as assert from 'node:assert/strict';
import {
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { DEFAULT_SECURITY_GROUP_ID, DEFAULT_SUBNET_IDS, DEFAULT_VPC_ID } from '../fakeAws/ec2/fakeEc2';
import { CREDENTIALS, raw, rejection, useFake } from './helpers';

const SIGNED_EC2 =
  'AWS4-HMAC-SHA256 Credential=AKIDTEST/20250115/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=abc123';

describe('fake AWS: EC2 networking (query dialect)', function () {
  const ctx = useFake();
  let ec2: EC2Client;
  before(() => {
    ec2 = new EC2Client({
      region: 'us-east-1',
      endpoint: ctx.fake.url,
      credentials: CREDENTIALS,
      maxAttempts: 1,
    });
  });
  after(() => ec2.destroy());

  const post = (body: string) =>
    raw(ctx.fake, {
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: SIGNED_EC2 },
      body: `${body}&Version=2016-11-15`,
    });

  it('starts with a default VPC 172.31.0.0/16, default subnets in a/b/c and its default group', async () => {
    const vpcs = await ec2.send(
      new DescribeVpcsCommand({ Filters: [{ Name: 'is-default', Values: ['true'] }] }),
    );
    assert.deepEqual(
      vpcs.Vpcs?.map((v) => [v.VpcId, v.CidrBlock, v.IsDefault, v.State, v.OwnerId]),
      [[DEFAULT_VPC_ID, '172.31.0.0/16', true, 'available', '123456789012']],
    );
    const subnets = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: [...DEFAULT_SUBNET_IDS] }));
    assert.deepEqual(
      subnets.Subnets?.map((s) => [
        s.AvailabilityZone,
        s.AvailabilityZoneId,
        s.CidrBlock,
        s.MapPublicIpOnLaunch,
      ]),
      [
        ['us-east-1a', 'use1-az1', '172.31.0.0/20', true],
        ['us-east-1b', 'use1-az2', '172.31.16.0/20', true],
        ['us-east-1c', 'use1-az3', '172.31.32.0/20', true],
      ],
    );
    assert.ok(
      subnets.Subnets?.every((s) => s.DefaultForAz && s.State === 'available' && s.AvailableIpAddressCount),
    );
    const groups = await ec2.send(new DescribeSecurityGroupsCommand({ GroupNames: ['default'] }));
    assert.deepEqual(
      groups.SecurityGroups?.map((g) => [g.GroupId, g.GroupName, g.VpcId, g.Description]),
      [[DEFAULT_SECURITY_GROUP_ID, 'default', DEFAULT_VPC_ID, 'default VPC security group']],
    );
  });

  it('gives new resources real-looking ids and filters by vpc-id, default-for-az, group-name (with wildcards)', async () => {
    const vpc = ctx.fake.ec2.addVpc({ cidrBlock: '10.9.0.0/16' });
    const subnet = ctx.fake.ec2.addSubnet(vpc.vpcId, { public: false });
    const api = ctx.fake.ec2.addSecurityGroup(vpc.vpcId, 'api-sg');
    assert.match(vpc.vpcId, /^vpc-[0-9a-f]{17}$/);
    assert.match(subnet.subnetId, /^subnet-[0-9a-f]{17}$/);
    assert.match(api.groupId, /^sg-[0-9a-f]{17}$/);
    const inVpc = { Name: 'vpc-id', Values: [vpc.vpcId] };
    const subnets = await ec2.send(new DescribeSubnetsCommand({ Filters: [inVpc] }));
    assert.deepEqual(
      subnets.Subnets?.map((s) => [s.SubnetId, s.MapPublicIpOnLaunch, s.DefaultForAz, s.CidrBlock]),
      [[subnet.subnetId, false, false, '10.9.0.0/20']],
    );
    const none = await ec2.send(
      new DescribeSubnetsCommand({ Filters: [inVpc, { Name: 'default-for-az', Values: ['true'] }] }),
    );
    assert.deepEqual(none.Subnets ?? [], []);
    const groups = await ec2.send(
      new DescribeSecurityGroupsCommand({ Filters: [inVpc, { Name: 'group-name', Values: ['api-*'] }] }),
    );
    assert.deepEqual(
      groups.SecurityGroups?.map((g) => g.GroupId),
      [api.groupId],
    );
    const unknownIdFilter = await ec2.send(
      new DescribeSubnetsCommand({ Filters: [{ Name: 'subnet-id', Values: ['subnet-0000000000000beef'] }] }),
    );
    assert.deepEqual(unknownIdFilter.Subnets ?? [], []);
  });

  it("answers unknown and malformed ids with EC2's codes and messages", async () => {
    const subnet = await rejection(
      ec2.send(
        new DescribeSubnetsCommand({ SubnetIds: [DEFAULT_SUBNET_IDS[0], 'subnet-0000000000000beef'] }),
      ),
    );
    assert.equal(subnet.name, 'InvalidSubnetID.NotFound');
    assert.equal(subnet.message, "The subnet ID 'subnet-0000000000000beef' does not exist");
    assert.equal(subnet.$metadata.httpStatusCode, 400);
    const group = await rejection(
      ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: ['sg-0000000000000beef'] })),
    );
    assert.equal(group.name, 'InvalidGroup.NotFound');
    assert.equal(group.message, "The security group 'sg-0000000000000beef' does not exist");
    const malformed = await rejection(ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: ['web'] })));
    assert.equal(malformed.name, 'InvalidGroupId.Malformed');
    const vpc = await rejection(ec2.send(new DescribeVpcsCommand({ VpcIds: ['vpc-0000000000000beef'] })));
    assert.equal(vpc.name, 'InvalidVpcID.NotFound');
    assert.equal(vpc.message, "The vpc ID 'vpc-0000000000000beef' does not exist");
    const filter = await rejection(
      ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'colour', Values: ['x'] }] })),
    );
    assert.equal(filter.name, 'InvalidParameterValue');
    assert.equal(filter.message, "The filter 'colour' is invalid");
    const tooMany = Array.from({ length: 201 }, (_, i) => `subnet-${i}`);
    const limit = await rejection(
      ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'subnet-id', Values: tooMany }] })),
    );
    assert.equal(limit.name, 'FilterLimitExceeded');
    ctx.fake.ec2.deleteDefaultVpc();
    const byName = await rejection(ec2.send(new DescribeSecurityGroupsCommand({ GroupNames: ['default'] })));
    assert.equal(byName.name, 'VPCIdNotSpecified');
  });

  it('validates MaxResults (5–1000) like EC2, malformed values included', async () => {
    const low = await rejection(ec2.send(new DescribeSubnetsCommand({ MaxResults: 4 })));
    assert.equal(low.name, 'InvalidParameterValue');
    assert.equal(
      low.message,
      'Value ( 4 ) for parameter maxResults is invalid. Expecting a value greater than 5.',
    );
    const high = await rejection(ec2.send(new DescribeSecurityGroupsCommand({ MaxResults: 1001 })));
    assert.match(
      high.message,
      /Value \( 1001 \) for parameter maxResults is invalid\. Expecting a value less than 1000\./,
    );
    const res = await post('Action=DescribeVpcs&MaxResults=lots');
    assert.equal(res.status, 400);
    assert.match(
      res.text,
      /<Response><Errors><Error><Code>InvalidParameterValue<\/Code><Message>Value \( lots \) for parameter maxResults is invalid\./,
    );
    assert.match(res.text, /<\/Errors><RequestID>[0-9a-f-]{36}<\/RequestID><\/Response>$/);
  });

  it('pages with NextToken, returns everything without MaxResults, and refuses a foreign token', async () => {
    for (let i = 0; i < 9; i++) ctx.fake.ec2.addSubnet(DEFAULT_VPC_ID, { defaultForAz: i % 2 === 0 });
    const seen: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await ec2.send(new DescribeSubnetsCommand({ MaxResults: 5, NextToken }));
      seen.push(...(page.Subnets ?? []).map((s) => s.SubnetId ?? ''));
      NextToken = page.NextToken;
      pages++;
    } while (NextToken);
    assert.equal(pages, 3);
    assert.equal(new Set(seen).size, 12);
    const all = await ec2.send(new DescribeSubnetsCommand({}));
    assert.equal(all.Subnets?.length, 12);
    assert.equal(all.NextToken, undefined);
    const first = await ec2.send(new DescribeSubnetsCommand({ MaxResults: 5 }));
    const foreign = await rejection(
      ec2.send(
        new DescribeSubnetsCommand({
          MaxResults: 5,
          NextToken: first.NextToken,
          Filters: [{ Name: 'vpc-id', Values: [DEFAULT_VPC_ID] }],
        }),
      ),
    );
    assert.equal(foreign.name, 'InvalidPaginationToken');
  });

  it('answers in the EC2 wire shape: requestId inside the response, <xxxSet><item> lists', async () => {
    const res = await post(`Action=DescribeSubnets&SubnetId.1=${DEFAULT_SUBNET_IDS[0]}`);
    assert.equal(res.status, 200);
    assert.match(
      res.text,
      /<DescribeSubnetsResponse xmlns="http:\/\/ec2\.amazonaws\.com\/doc\/2016-11-15\/"><requestId>[0-9a-f-]{36}<\/requestId><subnetSet><item><subnetId>subnet-0a1b2c3d4e5f60001<\/subnetId>/,
    );
    assert.doesNotMatch(res.text, /DescribeSubnetsResult|<member>/);
  });

  it('counts calls, injects faults and denies operations with EC2 codes (UnauthorizedOperation 403)', async () => {
    ctx.fake.faults.inject('DescribeVpcs', 'throttle');
    const throttled = await rejection(ec2.send(new DescribeVpcsCommand({})));
    assert.equal(throttled.name, 'RequestLimitExceeded');
    ctx.fake.faults.denyOperation('ec2:DescribeSubnets');
    const denied = await rejection(ec2.send(new DescribeSubnetsCommand({})));
    assert.equal(denied.name, 'UnauthorizedOperation');
    assert.equal(denied.$metadata.httpStatusCode, 403);
    assert.match(
      denied.message,
      /^You are not authorized to perform this operation\. User: arn:aws:iam::123456789012:user\/test is not authorized to perform: ec2:DescribeSubnets/,
    );
    assert.equal(ctx.fake.stats.calls('ec2:DescribeVpcs'), 1);
    assert.equal(ctx.fake.stats.calls('DescribeSubnets'), 1);
  });

  it('admin: deletes the default VPC, adds subnets and groups, and reset brings the default back', async () => {
    const admin = (path: string, body?: unknown) =>
      raw(ctx.fake, {
        method: body === undefined ? 'GET' : 'POST',
        path,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const vpc = JSON.parse((await admin('/__fake/ec2/vpcs', { cidrBlock: '10.1.0.0/16' })).text) as {
      vpcId: string;
    };
    const subnet = await admin('/__fake/ec2/subnets', { vpcId: vpc.vpcId, public: false, zone: 'c' });
    assert.equal(subnet.status, 200);
    assert.equal((JSON.parse(subnet.text) as { availabilityZone: string }).availabilityZone, 'us-east-1c');
    assert.equal(
      (await admin('/__fake/ec2/securityGroups', { vpcId: vpc.vpcId, groupName: 'web' })).status,
      200,
    );
    assert.equal((await admin('/__fake/ec2/subnets', { vpcId: 'vpc-nope' })).status, 400);
    assert.equal((await admin('/__fake/ec2/deleteDefaultVpc', {})).status, 200);
    const network = JSON.parse((await admin('/__fake/ec2/network')).text) as {
      vpcs: unknown[];
      subnets: unknown[];
    };
    assert.equal(network.vpcs.length, 1);
    assert.equal(network.subnets.length, 1);
    assert.equal((await admin('/__fake/reset', { only: 'ec2' })).status, 200);
    const after = await ec2.send(new DescribeVpcsCommand({}));
    assert.deepEqual(
      after.Vpcs?.map((v) => v.VpcId),
      [DEFAULT_VPC_ID],
    );
  });
});
