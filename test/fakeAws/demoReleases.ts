/**
 * The demo fleet's `releases` cluster: one service for each way ECS deploys (issue 14). checkout is
 * BLUE_GREEN with a deployment paused at its PAUSE hook (POST_TEST_TRAFFIC_SHIFT) for Continue / Roll
 * Back; catalog is LINEAR with a finished linear deployment; search is CANARY with a deployment an
 * alarm rolled back; storefront is CANARY too, its last canary SUCCESSFUL and nothing in flight (the
 * one to deploy to: a canary that goes through, as the UI scenario's deploy-canary step does); billing
 * is CODE_DEPLOY (application AppECS-releases-billing, deployment group DgpECS-releases-billing);
 * legacy-batch is EXTERNAL. With `cloudTrail`, each deployment has the event of whoever started it
 * (cloudtrail/demoTrail.ts).
 */
import type { LoadBalancer } from '@aws-sdk/client-ecs';
import { recordDemoDeployment } from './cloudtrail/demoTrail';
import type { FakeCloudTrail } from './cloudtrail/fakeCloudTrail';
import type { FakeCodeDeploy } from './codedeploy/fakeCodeDeploy';
import type { FakeEcs } from './ecs/fakeEcs';
import type { FakeElb } from './elb/fakeElb';
import { registerFamily } from './templates';

const MINUTE = 60_000;
const NO_BREAKER = {
  deploymentCircuitBreaker: { enable: false, rollback: false },
  maximumPercent: 200,
  minimumHealthyPercent: 100,
};

function blueGreenLoadBalancer(
  ecs: FakeEcs,
  elb: FakeElb | undefined,
  service: string,
  port: number,
): LoadBalancer {
  const elbArn = `arn:aws:elasticloadbalancing:${ecs.region}:${ecs.accountId}`;
  const alb = elb?.createLoadBalancer('releases-alb');
  const group = (name: string): string =>
    elb?.createTargetGroup(name, { loadBalancerArns: alb ? [alb.arn] : [], port }).arn ??
    `${elbArn}:targetgroup/${name}/${Buffer.from(name).toString('hex').padEnd(16, '0').slice(0, 16)}`;
  const blue = group(`${service}-blue`);
  const green = group(`${service}-green`);
  return {
    targetGroupArn: blue,
    containerName: service,
    containerPort: port,
    advancedConfiguration: {
      alternateTargetGroupArn: green,
      productionListenerRule:
        elb && alb
          ? productionRule(elb, alb.arn, service, blue, green)
          : `${elbArn}:listener-rule/app/releases-alb/50dc6c495c0c9188/f2f7dc8efc522ab2/${Buffer.from(service).toString('hex').padEnd(16, '0').slice(0, 16)}`,
      roleArn: `arn:aws:iam::${ecs.accountId}:role/ecsInfrastructureRoleForLoadBalancers`,
    },
  };
}

/**
 * The service's production listener rule on the ALB's port-80 listener (made with the first
 * service, its default rule forwarding there): `/<service>/*` to blue (100) and green (0), the
 * weights ECS moves in a blue/green deployment (DescribeListeners + DescribeRules find it).
 */
function productionRule(elb: FakeElb, albArn: string, service: string, blue: string, green: string): string {
  const listener =
    [...elb.listeners.values()].find((l) => l.loadBalancerArn === albArn && l.port === 80) ??
    elb.createListener(albArn, { port: 80, forward: [{ targetGroupArn: blue, weight: 1 }] }).listener;
  const taken = [...elb.rules.values()].filter((r) => r.listenerArn === listener.arn).length;
  return elb.createRule(listener.arn, {
    priority: taken * 10,
    pathPatterns: [`/${service}/*`],
    forward: [
      { targetGroupArn: blue, weight: 100 },
      { targetGroupArn: green, weight: 0 },
    ],
  }).arn;
}

export function buildReleasesCluster(
  ecs: FakeEcs,
  elb?: FakeElb,
  codeDeploy?: FakeCodeDeploy,
  cloudTrail?: FakeCloudTrail,
): number {
  const now = ecs.now();
  registerFamily(ecs, 'checkout', 5, { tag: (rev) => `3.${rev}.0`, port: 8080, healthCheck: true });
  registerFamily(ecs, 'catalog', 3, { tag: (rev) => `1.${rev}.0`, port: 8080 });
  registerFamily(ecs, 'search', 4, { tag: (rev) => `0.${rev}.2`, port: 9200, cpu: '512', memory: '1024' });
  registerFamily(ecs, 'storefront', 2, { tag: (rev) => `4.${rev}.0`, port: 8080 });
  registerFamily(ecs, 'billing', 2, { tag: (rev) => `2024.${rev}`, port: 8443 });
  registerFamily(ecs, 'legacy-batch', 1, { tag: () => 'v1', command: ['./run-batch.sh'] });
  ecs.createCluster('releases', { tags: { environment: 'production', team: 'commerce' } });

  ecs.createService('releases', 'checkout', {
    desiredCount: 2,
    taskDefinition: 'checkout:4',
    loadBalancers: [blueGreenLoadBalancer(ecs, elb, 'checkout', 8080)],
    deploymentConfiguration: {
      ...NO_BREAKER,
      strategy: 'BLUE_GREEN',
      bakeTimeInMinutes: 10,
      alarms: { alarmNames: ['checkout-5xx'], enable: true, rollback: true },
      lifecycleHooks: [
        {
          targetType: 'PAUSE',
          lifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'],
          timeoutConfiguration: { timeoutInMinutes: 1440, action: 'ROLLBACK' },
        },
      ],
    },
  });
  // Started 6 minutes ago: scaled up, test traffic on green, now waiting at the PAUSE hook.
  const checkout = ecs.deployService('releases', 'checkout', 'checkout:5', now - 6 * MINUTE);
  recordDemoDeployment(cloudTrail, ecs, 'checkout', checkout);

  ecs.createService('releases', 'catalog', {
    desiredCount: 2,
    taskDefinition: 'catalog:2',
    loadBalancers: [blueGreenLoadBalancer(ecs, elb, 'catalog', 8080)],
    deploymentConfiguration: {
      ...NO_BREAKER,
      strategy: 'LINEAR',
      linearConfiguration: { stepPercent: 20, stepBakeTimeInMinutes: 5 },
      bakeTimeInMinutes: 5,
    },
  });
  const catalog = ecs.deployService('releases', 'catalog', 'catalog:3', now - 2 * 60 * MINUTE);
  recordDemoDeployment(cloudTrail, ecs, 'catalog', catalog);

  ecs.createService('releases', 'search', {
    desiredCount: 2,
    taskDefinition: 'search:3',
    loadBalancers: [blueGreenLoadBalancer(ecs, elb, 'search', 9200)],
    deploymentConfiguration: {
      ...NO_BREAKER,
      strategy: 'CANARY',
      canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 10 },
      bakeTimeInMinutes: 5,
      alarms: { alarmNames: ['search-p99-latency'], enable: true, rollback: true },
    },
  });
  const searchAt = now - 3 * 60 * MINUTE;
  // The canary's latency alarm went off 4 minutes in (the deployment rolled back to search:3), then cleared.
  ecs.alarmStates.set('search-p99-latency', { state: 'ALARM', since: searchAt + 4 * MINUTE });
  const search = ecs.deployService('releases', 'search', 'search:4', searchAt);
  recordDemoDeployment(cloudTrail, ecs, 'search', search);
  ecs.alarmStates.set('search-p99-latency', { state: 'OK', since: searchAt + 20 * MINUTE });

  ecs.createService('releases', 'storefront', {
    desiredCount: 2,
    taskDefinition: 'storefront:1',
    loadBalancers: [blueGreenLoadBalancer(ecs, elb, 'storefront', 8080)],
    deploymentConfiguration: {
      ...NO_BREAKER,
      strategy: 'CANARY',
      canaryConfiguration: { canaryPercent: 20, canaryBakeTimeInMinutes: 5 },
      bakeTimeInMinutes: 5,
      alarms: { alarmNames: ['storefront-5xx'], enable: true, rollback: true },
    },
  });
  // Yesterday's canary to storefront:2 went through (its alarm stayed OK): SUCCESSFUL.
  const storefront = ecs.deployService('releases', 'storefront', 'storefront:2', now - 26 * 60 * MINUTE);
  recordDemoDeployment(cloudTrail, ecs, 'storefront', storefront);

  ecs.createService('releases', 'billing', {
    desiredCount: 2,
    taskDefinition: 'billing:2',
    deploymentController: 'CODE_DEPLOY',
    loadBalancers: [
      { ...blueGreenLoadBalancer(ecs, elb, 'billing', 8443), advancedConfiguration: undefined },
    ],
    deploymentConfiguration: NO_BREAKER,
  });
  codeDeploy?.createDeploymentGroup('AppECS-releases-billing', 'DgpECS-releases-billing', {
    cluster: 'releases',
    service: 'billing',
    targetGroups: ['billing-blue', 'billing-green'],
    terminationWaitMinutes: 5,
  });

  ecs.createService('releases', 'legacy-batch', {
    desiredCount: 1,
    taskDefinition: 'legacy-batch:1',
    deploymentController: 'EXTERNAL',
    deploymentConfiguration: NO_BREAKER,
  });
  return 6;
}
