/**
 * The EC2 gateway with the REAL EC2Client against the fake endpoint (EC2 query dialect): default
 * network discovery, found/missing splits, paging, access denied, and the client factory's EC2
 * client (AWS_ENDPOINT_URL_EC2, the `ec2:` action prefix on errors).
 */
import * as assert from 'node:assert/strict';
import { EC2Client } from '@aws-sdk/client-ec2';
import { describeAwsError, requestInfoOf } from '../../../src/aws/awsErrors';
import { createAwsClientFactory } from '../../../src/aws/clientFactory';
import { createEc2Gateway } from '../../../src/aws/ec2Gateway';
import { emptySharedConfig } from '../../../src/aws/sharedConfig';
import { DEFAULT_SECURITY_GROUP_ID, DEFAULT_SUBNET_IDS, DEFAULT_VPC_ID } from '../../fakeAws/ec2/fakeEc2';
import { FakeAws } from '../../fakeAws/server';
import { fakeSdkConfig } from '../fakeSdkConfig';

const silentLogger = { debug() {}, info() {}, warn() {}, error() {} };

describe('Ec2Gateway against the fake endpoint (real EC2Client)', function () {
  let fake: FakeAws;
  let client: EC2Client;

  beforeEach(async () => {
    fake = await FakeAws.start({ region: 'eu-west-3' });
    client = new EC2Client(fakeSdkConfig(fake, 'AKIDEC2'));
  });
  afterEach(async () => {
    client.destroy();
    await fake.close();
  });

  it('finds the default VPC, its three default subnets (public IPs on) and its default group', async () => {
    fake.ec2.addSubnet(DEFAULT_VPC_ID, { public: false, zone: 'a' });
    const other = fake.ec2.addVpc();
    fake.ec2.addSubnet(other.vpcId, { defaultForAz: true });
    const network = await createEc2Gateway(client).defaultNetwork();
    assert.ok(network);
    assert.equal(network.vpcId, DEFAULT_VPC_ID);
    assert.deepEqual(
      network.subnets.map((s) => [s.subnetId, s.availabilityZone, s.mapPublicIpOnLaunch, s.defaultForAz]),
      [
        [DEFAULT_SUBNET_IDS[0], 'eu-west-3a', true, true],
        [DEFAULT_SUBNET_IDS[1], 'eu-west-3b', true, true],
        [DEFAULT_SUBNET_IDS[2], 'eu-west-3c', true, true],
      ],
    );
    assert.deepEqual(network.securityGroup, {
      groupId: DEFAULT_SECURITY_GROUP_ID,
      groupName: 'default',
      vpcId: DEFAULT_VPC_ID,
    });
    assert.deepEqual(fake.stats.byOperation(), {
      DescribeVpcs: 1,
      DescribeSubnets: 1,
      DescribeSecurityGroups: 1,
    });
  });

  it('answers undefined when the account has no default VPC', async () => {
    fake.ec2.deleteDefaultVpc();
    fake.ec2.addVpc();
    assert.equal(await createEc2Gateway(client).defaultNetwork(), undefined);
  });

  it("falls back to all the default VPC's subnets when none is default for its zone", async () => {
    for (const id of DEFAULT_SUBNET_IDS) fake.ec2.subnets.delete(id);
    const added = fake.ec2.addSubnet(DEFAULT_VPC_ID, { public: false, zone: 'b' });
    const network = await createEc2Gateway(client).defaultNetwork();
    assert.deepEqual(
      network?.subnets.map((s) => [s.subnetId, s.mapPublicIpOnLaunch, s.defaultForAz]),
      [[added.subnetId, false, false]],
    );
  });

  it('follows every page (MaxResults 5 over 13 default subnets)', async () => {
    for (let i = 0; i < 10; i++)
      fake.ec2.addSubnet(DEFAULT_VPC_ID, { defaultForAz: true, zone: 'abc'[i % 3] });
    const network = await createEc2Gateway(client, { pageSize: 5 }).defaultNetwork();
    assert.equal(network?.subnets.length, 13);
    assert.equal(new Set(network?.subnets.map((s) => s.subnetId)).size, 13);
    assert.equal(fake.stats.calls('ec2:DescribeSubnets'), 3);
  });

  it('describes existing subnets and security groups in one call each', async () => {
    const gateway = createEc2Gateway(client);
    const subnets = await gateway.describeSubnets([DEFAULT_SUBNET_IDS[1], DEFAULT_SUBNET_IDS[0]]);
    assert.deepEqual(
      subnets.found.map((s) => s.subnetId),
      [DEFAULT_SUBNET_IDS[1], DEFAULT_SUBNET_IDS[0]],
    );
    assert.deepEqual(subnets.missing, []);
    const groups = await gateway.describeSecurityGroups([DEFAULT_SECURITY_GROUP_ID]);
    assert.deepEqual(groups, {
      found: [{ groupId: DEFAULT_SECURITY_GROUP_ID, groupName: 'default', vpcId: DEFAULT_VPC_ID }],
      missing: [],
    });
    assert.deepEqual(await gateway.describeSubnets([]), { found: [], missing: [] });
    assert.equal(fake.stats.calls('ec2:DescribeSubnets'), 1);
    assert.equal(fake.stats.calls('ec2:DescribeSecurityGroups'), 1);
  });

  it('splits a mix of existing, unknown and malformed ids into found and missing', async () => {
    const gateway = createEc2Gateway(client);
    const privateSubnet = fake.ec2.addSubnet(DEFAULT_VPC_ID, { public: false });
    const web = fake.ec2.addSecurityGroup(DEFAULT_VPC_ID, 'web');
    const subnets = await gateway.describeSubnets([
      'subnet-0000000000000dead',
      privateSubnet.subnetId,
      'not-a-subnet',
      DEFAULT_SUBNET_IDS[2],
    ]);
    assert.deepEqual(
      subnets.found.map((s) => [s.subnetId, s.mapPublicIpOnLaunch]),
      [
        [privateSubnet.subnetId, false],
        [DEFAULT_SUBNET_IDS[2], true],
      ],
    );
    assert.deepEqual(subnets.missing, ['subnet-0000000000000dead', 'not-a-subnet']);
    // One refused batch call, then one filter query that tells what exists.
    assert.equal(fake.stats.calls('ec2:DescribeSubnets'), 2);

    const groups = await gateway.describeSecurityGroups(['sg-0123456789abcdef0', web.groupId, 'sg-1']);
    assert.deepEqual(
      groups.found.map((g) => g.groupName),
      ['web'],
    );
    assert.deepEqual(groups.missing, ['sg-0123456789abcdef0', 'sg-1']);
    const all = await gateway.describeSecurityGroups(['sg-00000000000000000']);
    assert.deepEqual(all, { found: [], missing: ['sg-00000000000000000'] });
  });

  it('asks for more than 200 ids in filter queries of at most 200 values (EC2 FilterLimitExceeded)', async () => {
    const unknown = Array.from({ length: 249 }, (_, i) => `subnet-${i.toString(16).padStart(17, '0')}`);
    const found = await createEc2Gateway(client).describeSubnets([...unknown, DEFAULT_SUBNET_IDS[0]]);
    assert.deepEqual(
      found.found.map((s) => s.subnetId),
      [DEFAULT_SUBNET_IDS[0]],
    );
    assert.deepEqual(found.missing, unknown);
    assert.equal(fake.stats.calls('ec2:DescribeSubnets'), 3);
  });

  it('translates UnauthorizedOperation (403) into an access-denied problem naming the action', async () => {
    fake.faults.denyOperation('ec2:DescribeVpcs');
    const factory = createAwsClientFactory({
      connection: { profile: 'environment', profileKind: 'environment', region: fake.region },
      credentials: () => Promise.resolve({ accessKeyId: 'AKIDEC2', secretAccessKey: 'secret' }),
      env: { AWS_ENDPOINT_URL_EC2: fake.url, AWS_ENDPOINT_URL: 'http://127.0.0.1:1' },
      files: emptySharedConfig({ configFile: '/none', credentialsFile: '/none' }),
      logger: silentLogger,
      maxAttempts: 1,
    });
    try {
      const error = await createEc2Gateway(factory.ec2())
        .defaultNetwork()
        .then(
          () => assert.fail('expected UnauthorizedOperation'),
          (e: unknown) => e,
        );
      assert.equal((error as { name?: string }).name, 'UnauthorizedOperation');
      assert.equal((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode, 403);
      assert.match((error as Error).message, /^You are not authorized to perform this operation\. User: /);
      assert.deepEqual(requestInfoOf(error), {
        operation: 'ec2:DescribeVpcs',
        endpoint: fake.url,
        endpointSource: 'AWS_ENDPOINT_URL_EC2',
      });
      const problem = describeAwsError(error, { step: 'Finding the default VPC' });
      assert.equal(problem.kind, 'accessDenied');
      assert.match(problem.message, /^Finding the default VPC failed — access denied\..*: ec2:DescribeVpcs$/);
    } finally {
      factory.destroy();
    }
  });

  it('passes other EC2 errors through (a throttled batch is not "missing")', async () => {
    fake.faults.inject('DescribeSubnets', 'throttle');
    await assert.rejects(
      createEc2Gateway(client).describeSubnets([DEFAULT_SUBNET_IDS[0]]),
      (error: unknown) => error instanceof Error && error.name === 'RequestLimitExceeded',
    );
  });
});
