import * as assert from 'node:assert/strict';
import { GetDeploymentGroupCommand, CodeDeployClient } from '@aws-sdk/client-codedeploy';
import {
  ContinueServiceDeploymentCommand,
  DescribeServicesCommand,
  ListServiceDeploymentsCommand,
  type ServiceDeployment,
} from '@aws-sdk/client-ecs';
import {
  DescribeListenersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { buildDemoFleet, ManualClock } from '../fakeAws';
import { describe1 } from './deploymentHelpers';
import { CREDENTIALS, useFake } from './helpers';

describe('fake AWS demo fleet: the releases cluster, one service per deployment strategy and controller', () => {
  const clock = new ManualClock();
  const ctx = useFake({ clock });
  beforeEach(() => buildDemoFleet(ctx.fake.ecs, ctx.fake.autoScaling, ctx.fake.elb, ctx.fake.codeDeploy));

  async function current(service: string): Promise<ServiceDeployment> {
    const list = await ctx.ecs.send(
      new ListServiceDeploymentsCommand({ cluster: 'releases', service, maxResults: 1 }),
    );
    return describe1(ctx.ecs, list.serviceDeployments![0]!.serviceDeploymentArn!);
  }

  it('each service says how it deploys', async () => {
    const out = await ctx.ecs.send(
      new DescribeServicesCommand({
        cluster: 'releases',
        services: ['checkout', 'catalog', 'search', 'storefront', 'billing', 'legacy-batch'],
      }),
    );
    assert.deepEqual(
      out.services?.map((s) => [
        s.serviceName,
        s.deploymentController?.type,
        s.deploymentConfiguration?.strategy,
      ]),
      [
        ['checkout', 'ECS', 'BLUE_GREEN'],
        ['catalog', 'ECS', 'LINEAR'],
        ['search', 'ECS', 'CANARY'],
        ['storefront', 'ECS', 'CANARY'],
        ['billing', 'CODE_DEPLOY', undefined],
        ['legacy-batch', 'EXTERNAL', undefined],
      ],
    );
  });

  it('checkout is paused at its PAUSE hook; Continue takes it to SUCCESSFUL after the bake time', async () => {
    const paused = await current('checkout');
    assert.equal(paused.status, 'IN_PROGRESS');
    assert.equal(paused.lifecycleStage, 'POST_TEST_TRAFFIC_SHIFT');
    const hook = paused.lifecycleHookDetails?.find((h) => h.status === 'AWAITING_ACTION');
    assert.ok(hook?.hookId);
    assert.equal(paused.targetServiceRevision?.runningTaskCount, 2);
    assert.equal(paused.sourceServiceRevisions?.[0]?.runningTaskCount, 2);
    await ctx.ecs.send(
      new ContinueServiceDeploymentCommand({
        serviceDeploymentArn: paused.serviceDeploymentArn,
        hookId: hook.hookId,
      }),
    );
    clock.advance(11 * 60_000);
    assert.equal((await describe1(ctx.ecs, paused.serviceDeploymentArn!)).status, 'SUCCESSFUL');
  });

  it("POST /__fake/ecs/endBake ends checkout's bake at once (409 while nothing bakes)", async () => {
    const endBake = () =>
      fetch(new URL('/__fake/ecs/endBake', ctx.fake.url), {
        method: 'POST',
        body: JSON.stringify({ cluster: 'releases', service: 'checkout' }),
      });
    const paused = await current('checkout');
    const refused = await endBake();
    assert.equal(refused.status, 409, 'paused at the hook: nothing to end');
    assert.match(await refused.text(), /no service deployment of checkout is in a bake/);
    const hook = paused.lifecycleHookDetails?.find((h) => h.status === 'AWAITING_ACTION');
    await ctx.ecs.send(
      new ContinueServiceDeploymentCommand({
        serviceDeploymentArn: paused.serviceDeploymentArn,
        hookId: hook?.hookId,
      }),
    );
    clock.advance(60_000); // the traffic shift's lifecycle steps, well inside the 10-minute bake
    const baking = await describe1(ctx.ecs, paused.serviceDeploymentArn!);
    assert.equal(baking.lifecycleStage, 'BAKE_TIME');
    const ended = await endBake();
    assert.equal(ended.status, 200, await ended.text());
    clock.advance(30_000); // clean-up: the blue tasks stop
    assert.equal((await describe1(ctx.ecs, paused.serviceDeploymentArn!)).status, 'SUCCESSFUL');
    const unknown = await fetch(new URL('/__fake/ecs/endBake', ctx.fake.url), {
      method: 'POST',
      body: JSON.stringify({ cluster: 'releases', service: 'nope' }),
    });
    assert.equal(unknown.status, 400);
  });

  it("checkout's production listener rule is a rule of releases-alb forwarding to blue (100) and green (0)", async () => {
    const out = await ctx.ecs.send(
      new DescribeServicesCommand({ cluster: 'releases', services: ['checkout'] }),
    );
    const lb = out.services?.[0]?.loadBalancers?.[0];
    const rule = lb?.advancedConfiguration?.productionListenerRule;
    assert.ok(rule);
    const elb = new ElasticLoadBalancingV2Client({
      region: 'us-east-1',
      endpoint: ctx.fake.url,
      credentials: CREDENTIALS,
    });
    try {
      const [group] = (
        await elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [lb.targetGroupArn!] }))
      ).TargetGroups!;
      const listeners = await elb.send(
        new DescribeListenersCommand({ LoadBalancerArn: group?.LoadBalancerArns?.[0] }),
      );
      const rules = await elb.send(
        new DescribeRulesCommand({ ListenerArn: listeners.Listeners?.[0]?.ListenerArn }),
      );
      const found = rules.Rules?.find((r) => r.RuleArn === rule);
      assert.ok(found, `the rule is listed: ${rules.Rules?.map((r) => r.RuleArn).join(', ')}`);
      assert.deepEqual(found.Conditions?.[0]?.Values, ['/checkout/*']);
      assert.deepEqual(found.Actions?.[0]?.ForwardConfig?.TargetGroups, [
        { TargetGroupArn: lb.targetGroupArn, Weight: 100 },
        { TargetGroupArn: lb.advancedConfiguration?.alternateTargetGroupArn, Weight: 0 },
      ]);
    } finally {
      elb.destroy();
    }
  });

  it('catalog finished a linear deployment; search was rolled back by its latency alarm', async () => {
    const catalog = await current('catalog');
    assert.equal(catalog.status, 'SUCCESSFUL');
    assert.equal(catalog.deploymentConfiguration?.strategy, 'LINEAR');
    const search = await current('search');
    assert.equal(search.status, 'ROLLBACK_SUCCESSFUL');
    assert.deepEqual(search.alarms?.triggeredAlarmNames, ['search-p99-latency']);
  });

  it('storefront finished its canary (storefront:1 → storefront:2) and has nothing in flight', async () => {
    const storefront = await current('storefront');
    assert.equal(storefront.status, 'SUCCESSFUL');
    assert.equal(storefront.deploymentConfiguration?.strategy, 'CANARY');
    assert.deepEqual(storefront.deploymentConfiguration?.canaryConfiguration, {
      canaryPercent: 20,
      canaryBakeTimeInMinutes: 5,
    });
    assert.deepEqual(storefront.alarms?.triggeredAlarmNames ?? [], []);
    const out = await ctx.ecs.send(
      new DescribeServicesCommand({ cluster: 'releases', services: ['storefront'] }),
    );
    const service = out.services?.[0];
    assert.match(String(service?.taskDefinition), /:task-definition\/storefront:2$/);
    assert.equal(service?.runningCount, 2);
  });

  it('billing has its CodeDeploy deployment group', async () => {
    const cd = new CodeDeployClient({
      region: 'us-east-1',
      endpoint: ctx.fake.url,
      credentials: CREDENTIALS,
    });
    try {
      const group = await cd.send(
        new GetDeploymentGroupCommand({
          applicationName: 'AppECS-releases-billing',
          deploymentGroupName: 'DgpECS-releases-billing',
        }),
      );
      assert.deepEqual(group.deploymentGroupInfo?.ecsServices, [
        { serviceName: 'billing', clusterName: 'releases' },
      ]);
    } finally {
      cd.destroy();
    }
  });
});
