// "Configure Deployment Strategy…" on its BLUE_GREEN path, the workflow without the editor's UI:
// findTrafficShiftResources reads the service's load balancer through the real ELBv2 client
// (DescribeTargetGroups, DescribeListeners, DescribeRules on the fake), offers the alternate target
// groups that fit and the listener rules that forward to the production group; the picks go into the
// load balancer's advancedConfiguration and one UpdateService (real ECS client) applies the strategy.
import * as assert from 'node:assert/strict';
import { DescribeServicesCommand, ECSClient, type Service } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { createElbGateway } from '../../../src/aws/elbGateway';
import { createServiceDeploymentsGateway } from '../../../src/aws/serviceDeploymentsGateway';
import {
  deploymentConfigurationFor,
  validateStrategy,
  type StrategyChoice,
} from '../../../src/workflows/deployments/strategy';
import {
  findTrafficShiftResources,
  withAdvancedConfiguration,
} from '../../../src/workflows/deployments/trafficShiftResources';
import { FakeAws } from '../../fakeAws/server';
import { registerFamily } from '../../fakeAws/templates';

const ROLE = 'arn:aws:iam::123456789012:role/ecsInfrastructureRoleForLoadBalancers';

describe('Configure Deployment Strategy, BLUE_GREEN: alternate target group and listener rule (fake AWS)', function () {
  let fake: FakeAws;
  let ecs: ECSClient;
  let elb: ElasticLoadBalancingV2Client;

  beforeEach(async () => {
    fake = await FakeAws.start();
    const config = {
      region: fake.region,
      endpoint: fake.url,
      credentials: { accessKeyId: 'AKIDSTRATEGY', secretAccessKey: 'strategy-secret' },
    };
    ecs = new ECSClient(config);
    elb = new ElasticLoadBalancingV2Client(config);
  });
  afterEach(async () => {
    ecs.destroy();
    elb.destroy();
    await fake.close();
  });

  /** shop/web (ROLLING) behind web-blue on shop-alb; web-green fits, two other groups do not. */
  function seed() {
    const alb = fake.elb.createLoadBalancer('shop-alb');
    const blue = fake.elb.createTargetGroup('web-blue', { port: 8080 });
    const green = fake.elb.createTargetGroup('web-green', { port: 8080 });
    fake.elb.createTargetGroup('web-instance', { port: 8080, targetType: 'instance' });
    fake.elb.createTargetGroup('other-vpc', { port: 8080, vpcId: 'vpc-0aaaaaaaaaaaaaaa1' });
    const admin = fake.elb.createTargetGroup('admin-tg', { port: 8080 });
    const { listener, defaultRule } = fake.elb.createListener(alb.arn, {
      port: 80,
      forward: [{ targetGroupArn: admin.arn, weight: 1 }],
    });
    const webRule = fake.elb.createRule(listener.arn, {
      priority: 10,
      pathPatterns: ['/shop/*'],
      forward: [{ targetGroupArn: blue.arn, weight: 1 }],
    });
    fake.elb.createRule(listener.arn, {
      priority: 20,
      pathPatterns: ['/admin/*'],
      forward: [{ targetGroupArn: admin.arn, weight: 1 }],
    });
    registerFamily(fake.ecs, 'web', 1, { port: 8080 });
    fake.ecs.createCluster('shop');
    fake.ecs.createService('shop', 'web', {
      desiredCount: 2,
      taskDefinition: 'web:1',
      loadBalancers: [{ targetGroupArn: blue.arn, containerName: 'web', containerPort: 8080 }],
    });
    return { blue, green, admin, listener, defaultRule, webRule };
  }

  async function describe(): Promise<Service> {
    const out = await ecs.send(new DescribeServicesCommand({ cluster: 'shop', services: ['web'] }));
    const service = out.services?.[0];
    assert.ok(service, 'shop/web is described');
    return service;
  }

  it('offers the fitting alternate and the rule forwarding to production; UpdateService applies the picks', async () => {
    const { blue, green, webRule } = seed();
    const service = await describe();
    const before = {
      listeners: fake.stats.calls('DescribeListeners'),
      rules: fake.stats.calls('DescribeRules'),
    };
    const lookup = await findTrafficShiftResources(createElbGateway(elb), service);
    assert.equal(lookup.kind, 'candidates', JSON.stringify(lookup));
    if (lookup.kind !== 'candidates') return;
    assert.deepEqual(
      lookup.alternates.map((g) => g.TargetGroupName),
      ['web-green', 'admin-tg'],
      'same VPC, protocol and target type as web-blue; not web-blue itself',
    );
    assert.deepEqual(
      lookup.rules.map((r) => r.RuleArn),
      [webRule.arn],
      'only the rule that forwards to web-blue',
    );
    assert.equal(fake.stats.calls('DescribeListeners') - before.listeners, 1);
    assert.equal(fake.stats.calls('DescribeRules') - before.rules, 1, 'one listener, one page of rules');

    // The user picks web-green and the /shop/* rule (the command's two quick picks).
    const alternate = lookup.alternates.find((g) => g.TargetGroupName === 'web-green');
    const loadBalancers = [
      withAdvancedConfiguration(lookup.loadBalancer, alternate?.TargetGroupArn ?? '', webRule.arn, ROLE),
    ];
    const choice: StrategyChoice = { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 5, alarms: [] };
    assert.deepEqual(validateStrategy(choice, { ...service, loadBalancers }), []);
    const configuration = deploymentConfigurationFor(choice, service.deploymentConfiguration);
    const updated = await createServiceDeploymentsGateway(ecs).updateDeploymentConfiguration(
      'shop',
      'web',
      configuration,
      loadBalancers,
    );
    assert.equal(updated?.deploymentConfiguration?.strategy, 'BLUE_GREEN');

    const now = await describe();
    assert.equal(now.deploymentConfiguration?.strategy, 'BLUE_GREEN');
    assert.equal(now.deploymentConfiguration?.bakeTimeInMinutes, 5);
    assert.deepEqual(now.loadBalancers?.[0]?.targetGroupArn, blue.arn);
    assert.deepEqual(now.loadBalancers?.[0]?.advancedConfiguration, {
      alternateTargetGroupArn: green.arn,
      productionListenerRule: webRule.arn,
      roleArn: ROLE,
    });
    // Configured now: a second lookup keeps it as it is.
    assert.equal((await findTrafficShiftResources(createElbGateway(elb), now)).kind, 'ready');
  });

  it('says what is missing when no listener rule forwards to the production target group', async () => {
    const alb = fake.elb.createLoadBalancer('bare-alb');
    const blue = fake.elb.createTargetGroup('api-blue', { port: 8080, loadBalancerArns: [alb.arn] });
    fake.elb.createTargetGroup('api-green', { port: 8080 });
    const other = fake.elb.createTargetGroup('api-other', { port: 8080 });
    fake.elb.createListener(alb.arn, { port: 80, forward: [{ targetGroupArn: other.arn, weight: 1 }] });
    registerFamily(fake.ecs, 'api', 1, { port: 8080 });
    fake.ecs.createCluster('shop');
    fake.ecs.createService('shop', 'api', {
      taskDefinition: 'api:1',
      loadBalancers: [{ targetGroupArn: blue.arn, containerName: 'api', containerPort: 8080 }],
    });
    const out = await ecs.send(new DescribeServicesCommand({ cluster: 'shop', services: ['api'] }));
    const lookup = await findTrafficShiftResources(createElbGateway(elb), out.services?.[0] ?? {});
    assert.equal(lookup.kind, 'missing');
    if (lookup.kind !== 'missing') return;
    assert.match(lookup.problem, /a listener rule of the load balancer that forwards to api-blue/);
    assert.doesNotMatch(lookup.problem, /second target group/, 'api-green fits as the alternate');
  });
});
