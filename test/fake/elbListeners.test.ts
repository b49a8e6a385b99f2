// The fake ELBv2's DescribeListeners and DescribeRules (the production listener rule of a blue/green
// deployment) through the real SDK client: query protocol, XML lists of nested actions, paging and
// the documented errors (ELBv2 API reference).
import * as assert from 'node:assert/strict';
import {
  DescribeListenersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
  ListenerNotFoundException,
  LoadBalancerNotFoundException,
  RuleNotFoundException,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { FakeAws } from '../fakeAws/server';

describe('fake ELBv2: DescribeListeners and DescribeRules (real SDK client)', function () {
  let fake: FakeAws;
  let client: ElasticLoadBalancingV2Client;

  beforeEach(async () => {
    fake = await FakeAws.start();
    client = new ElasticLoadBalancingV2Client({
      region: fake.region,
      endpoint: fake.url,
      credentials: { accessKeyId: 'AKIDELBLISTENERS', secretAccessKey: 'elb-secret' },
    });
  });
  afterEach(async () => {
    client.destroy();
    await fake.close();
  });

  /** An ALB with web-blue/web-green, a listener on 80 to blue, and a /api/* rule to blue. */
  function seed() {
    const alb = fake.elb.createLoadBalancer('shop-alb');
    const blue = fake.elb.createTargetGroup('web-blue', { port: 8080 });
    const green = fake.elb.createTargetGroup('web-green', { port: 8080 });
    const { listener, defaultRule } = fake.elb.createListener(alb.arn, {
      port: 80,
      forward: [{ targetGroupArn: blue.arn, weight: 1 }],
    });
    const api = fake.elb.createRule(listener.arn, {
      priority: 10,
      pathPatterns: ['/api/*'],
      forward: [
        { targetGroupArn: blue.arn, weight: 100 },
        { targetGroupArn: green.arn, weight: 0 },
      ],
    });
    return { alb, blue, green, listener, defaultRule, api };
  }

  it('lists a load balancer’s listeners with their default forward action', async () => {
    const { alb, blue, listener } = seed();
    const out = await client.send(new DescribeListenersCommand({ LoadBalancerArn: alb.arn }));
    assert.equal(out.Listeners?.length, 1);
    const l = out.Listeners?.[0];
    assert.equal(l?.ListenerArn, listener.arn);
    assert.match(
      listener.arn,
      /^arn:aws:elasticloadbalancing:us-east-1:123456789012:listener\/app\/shop-alb\/[0-9a-f]{16}\/[0-9a-f]{16}$/,
    );
    assert.equal(l?.LoadBalancerArn, alb.arn);
    assert.equal(l?.Port, 80);
    assert.equal(l?.Protocol, 'HTTP');
    assert.equal(l?.DefaultActions?.[0]?.Type, 'forward');
    assert.equal(l?.DefaultActions?.[0]?.TargetGroupArn, blue.arn);
    assert.deepEqual(l?.DefaultActions?.[0]?.ForwardConfig?.TargetGroups, [
      { TargetGroupArn: blue.arn, Weight: 1 },
    ]);
    assert.equal(out.NextMarker, undefined);
    // By ARN too.
    const byArn = await client.send(new DescribeListenersCommand({ ListenerArns: [listener.arn] }));
    assert.equal(byArn.Listeners?.[0]?.ListenerArn, listener.arn);
  });

  it('lists a listener’s rules by priority, the default rule last, with conditions and weights', async () => {
    const { blue, green, listener, defaultRule, api } = seed();
    const low = fake.elb.createRule(listener.arn, {
      priority: 5,
      pathPatterns: ['/health'],
      forward: [{ targetGroupArn: green.arn, weight: 1 }],
    });
    const out = await client.send(new DescribeRulesCommand({ ListenerArn: listener.arn }));
    assert.deepEqual(
      out.Rules?.map((r) => [r.RuleArn, r.Priority, r.IsDefault]),
      [
        [low.arn, '5', false],
        [api.arn, '10', false],
        [defaultRule.arn, 'default', true],
      ],
    );
    const rule = out.Rules?.[1];
    assert.match(api.arn, /:listener-rule\/app\/shop-alb\/[0-9a-f]{16}\/[0-9a-f]{16}\/[0-9a-f]{16}$/);
    assert.deepEqual(rule?.Conditions?.[0]?.Field, 'path-pattern');
    assert.deepEqual(rule?.Conditions?.[0]?.Values, ['/api/*']);
    assert.deepEqual(rule?.Conditions?.[0]?.PathPatternConfig?.Values, ['/api/*']);
    assert.equal(rule?.Actions?.[0]?.TargetGroupArn, undefined, 'two groups: only a ForwardConfig');
    assert.deepEqual(rule?.Actions?.[0]?.ForwardConfig?.TargetGroups, [
      { TargetGroupArn: blue.arn, Weight: 100 },
      { TargetGroupArn: green.arn, Weight: 0 },
    ]);
    assert.deepEqual(out.Rules?.[2]?.Conditions, []);
    const byArn = await client.send(new DescribeRulesCommand({ RuleArns: [api.arn] }));
    assert.deepEqual(
      byArn.Rules?.map((r) => r.RuleArn),
      [api.arn],
    );
  });

  it('a target group forwarded to by a listener lists its load balancer', async () => {
    const { alb, green } = seed();
    const out = await client.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [green.arn] }));
    assert.deepEqual(out.TargetGroups?.[0]?.LoadBalancerArns, [alb.arn]);
  });

  it('pages rules with Marker/NextMarker', async () => {
    const { listener } = seed();
    const first = await client.send(new DescribeRulesCommand({ ListenerArn: listener.arn, PageSize: 1 }));
    assert.equal(first.Rules?.length, 1);
    assert.ok(first.NextMarker);
    const second = await client.send(
      new DescribeRulesCommand({ ListenerArn: listener.arn, PageSize: 1, Marker: first.NextMarker }),
    );
    assert.equal(second.Rules?.[0]?.IsDefault, true);
    assert.equal(second.NextMarker, undefined);
  });

  it('answers the documented errors', async () => {
    const { alb, listener } = seed();
    const gone = `${listener.arn.slice(0, -16)}0123456789abcdef`;
    await assert.rejects(
      client.send(new DescribeListenersCommand({ ListenerArns: [gone] })),
      (e: unknown) => e instanceof ListenerNotFoundException,
    );
    await assert.rejects(
      client.send(
        new DescribeListenersCommand({ LoadBalancerArn: `${alb.arn.slice(0, -16)}0123456789abcdef` }),
      ),
      (e: unknown) => e instanceof LoadBalancerNotFoundException,
    );
    await assert.rejects(
      client.send(new DescribeRulesCommand({ ListenerArn: gone })),
      (e: unknown) => e instanceof ListenerNotFoundException,
    );
    await assert.rejects(
      client.send(new DescribeRulesCommand({ RuleArns: [`${gone}/0123456789abcdef`] })),
      (e: unknown) => e instanceof RuleNotFoundException,
    );
    await assert.rejects(
      client.send(new DescribeListenersCommand({})),
      (e: unknown) => e instanceof Error && e.name === 'ValidationError',
    );
    await assert.rejects(
      client.send(new DescribeRulesCommand({ ListenerArn: listener.arn, PageSize: 401 })),
      (e: unknown) => e instanceof Error && e.name === 'ValidationError',
    );
    assert.throws(
      () =>
        fake.elb.createRule(listener.arn, {
          priority: 10,
          pathPatterns: ['/x'],
          forward: [{ targetGroupArn: [...fake.elb.targetGroups.keys()][0] ?? '', weight: 1 }],
        }),
      /Priority '10' is currently in use/,
    );
  });
});
