import * as assert from 'node:assert/strict';
import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import {
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
  TargetGroupNotFoundException,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { createElbGateway } from '../../../src/aws/elbGateway';
import { createScalingGateway } from '../../../src/aws/scalingGateway';
import { resourceLabel } from '../../../src/scaling/requestCount';
import { applyScaling, planScaling, POLICY_NAMES } from '../../../src/scaling/scalingConfig';
import { FakeAws } from '../../fakeAws/server';

describe('ElbGateway and the request-count policy against the fake endpoint (real SDK clients)', function () {
  let fake: FakeAws;
  let elbClient: ElasticLoadBalancingV2Client;
  let scalingClient: ApplicationAutoScalingClient;

  beforeEach(async () => {
    fake = await FakeAws.start();
    const config = {
      region: fake.region,
      endpoint: fake.url,
      credentials: { accessKeyId: 'AKIDELB', secretAccessKey: 'elb-secret' },
    };
    elbClient = new ElasticLoadBalancingV2Client(config);
    scalingClient = new ApplicationAutoScalingClient(config);
    fake.ecs.createCluster('prod');
    fake.ecs.createService('prod', 'web', { desiredCount: 2 });
  });
  afterEach(async () => {
    elbClient.destroy();
    scalingClient.destroy();
    await fake.close();
  });

  it('describes a target group with its load balancer ARNs (query protocol, XML lists)', async () => {
    const alb = fake.elb.createLoadBalancer('prod-alb');
    const tg = fake.elb.createTargetGroup('web-tg', { loadBalancerArns: [alb.arn], port: 8080 });
    fake.elb.createTargetGroup('other-tg');
    const groups = await createElbGateway(elbClient).describeTargetGroups([tg.arn]);
    assert.equal(groups.length, 1);
    assert.equal(groups[0]?.TargetGroupArn, tg.arn);
    assert.equal(groups[0]?.TargetGroupName, 'web-tg');
    assert.equal(groups[0]?.Port, 8080);
    assert.deepEqual(groups[0]?.LoadBalancerArns, [alb.arn]);
    assert.match(
      alb.arn,
      /^arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer\/app\/prod-alb\/[0-9a-f]{16}$/,
    );
    assert.deepEqual(await createElbGateway(elbClient).describeTargetGroups([]), []);
  });

  it('lists every target group of the region across pages (400 a page), with type and VPC', async () => {
    for (let i = 0; i < 401; i++) fake.elb.createTargetGroup(`tg-${i}`);
    fake.elb.createTargetGroup('by-instance', { targetType: 'instance', vpcId: 'vpc-0123456789abcdef0' });
    const before = fake.stats.calls('DescribeTargetGroups');
    const groups = await createElbGateway(elbClient).listTargetGroups();
    assert.equal(groups.length, 402);
    assert.equal(fake.stats.calls('DescribeTargetGroups') - before, 2, 'two pages');
    const instance = groups.find((g) => g.TargetGroupName === 'by-instance');
    assert.equal(instance?.TargetType, 'instance');
    assert.equal(instance?.VpcId, 'vpc-0123456789abcdef0');
  });

  it('fails an unknown target group with TargetGroupNotFoundException', async () => {
    const missing = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/gone/0123456789abcdef';
    await assert.rejects(
      createElbGateway(elbClient).describeTargetGroups([missing]),
      (error: unknown) =>
        error instanceof TargetGroupNotFoundException && /target groups not found/.test(error.message),
    );
  });

  it('pages with Marker and refuses a PageSize above 400', async () => {
    const alb = fake.elb.createLoadBalancer('paged');
    for (let i = 0; i < 3; i++) fake.elb.createTargetGroup(`tg-${i}`, { loadBalancerArns: [alb.arn] });
    const first = await elbClient.send(
      new DescribeTargetGroupsCommand({ LoadBalancerArn: alb.arn, PageSize: 2 }),
    );
    assert.equal(first.TargetGroups?.length, 2);
    assert.ok(first.NextMarker);
    const second = await elbClient.send(
      new DescribeTargetGroupsCommand({ LoadBalancerArn: alb.arn, PageSize: 2, Marker: first.NextMarker }),
    );
    assert.deepEqual(
      second.TargetGroups?.map((t) => t.TargetGroupName),
      ['tg-2'],
    );
    await assert.rejects(
      elbClient.send(new DescribeTargetGroupsCommand({ PageSize: 401 })),
      (error: unknown) => error instanceof Error && error.name === 'ValidationError',
    );
  });

  it('configures a request-count target: the fake holds the policy with the right ResourceLabel', async () => {
    const alb = fake.elb.createLoadBalancer('prod-alb');
    const tg = fake.elb.createTargetGroup('web-tg', { loadBalancerArns: [alb.arn] });
    const [group] = await createElbGateway(elbClient).describeTargetGroups([tg.arn]);
    const label = resourceLabel(tg.arn, group?.LoadBalancerArns ?? []);
    assert.ok(label.ok);
    const expected = `${alb.arn.split(':loadbalancer/')[1] ?? ''}/${tg.arn.split(':').slice(5).join(':')}`;
    assert.equal(label.label, expected);

    const plan = planScaling(
      {
        min: '2',
        max: '6',
        cpuTarget: '60',
        memoryTarget: '',
        requestTarget: '800',
        scaleInCooldown: '',
        scaleOutCooldown: '',
      },
      [],
      label.label,
    );
    assert.ok(plan.ok);
    await applyScaling(
      createScalingGateway(scalingClient, { concurrency: () => 4 }),
      'prod',
      'web',
      plan.value,
    );

    const policies = fake.autoScaling.ecsPolicies('prod', 'web');
    assert.deepEqual(
      policies.map((p) => p.name),
      [POLICY_NAMES.cpu, POLICY_NAMES.requests],
    );
    assert.deepEqual(policies[1]?.targetTracking, {
      TargetValue: 800,
      PredefinedMetricSpecification: {
        PredefinedMetricType: 'ALBRequestCountPerTarget',
        ResourceLabel: expected,
      },
      ScaleInCooldown: 300,
      ScaleOutCooldown: 60,
    });
    // Read back through the gateway, as the tooltip and "Configure Auto Scaling" do.
    const read = await createScalingGateway(scalingClient, { concurrency: () => 4 }).describePolicies(
      'prod',
      'web',
    );
    assert.equal(
      read.find((p) => p.PolicyName === POLICY_NAMES.requests)?.TargetTrackingScalingPolicyConfiguration
        ?.PredefinedMetricSpecification?.ResourceLabel,
      expected,
    );
  });
});
