/** Shared setup of the service deployment tests: a web service behind a blue/green-ready load balancer. */
import * as assert from 'node:assert/strict';
import {
  CreateServiceCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  ListServiceDeploymentsCommand,
  UpdateServiceCommand,
  type DeploymentConfiguration,
  type ECSClient,
  type LoadBalancer,
  type Service,
  type ServiceDeployment,
} from '@aws-sdk/client-ecs';
import type { FakeAws, ManualClock } from '../fakeAws';
import { registerFargate } from './helpers';

export const NETWORK = {
  awsvpcConfiguration: { subnets: ['subnet-aaa'], assignPublicIp: 'ENABLED' as const },
};
const ELB = 'arn:aws:elasticloadbalancing:us-east-1:123456789012';
export const BLUE_TG = `${ELB}:targetgroup/web-blue/0123456789abcdef`;
export const GREEN_TG = `${ELB}:targetgroup/web-green/fedcba9876543210`;
export const RULE = `${ELB}:listener-rule/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee`;
export const ROLE = 'arn:aws:iam::123456789012:role/ecsInfrastructureRoleForLoadBalancers';
export const BLUE_GREEN_LB: LoadBalancer = {
  targetGroupArn: BLUE_TG,
  containerName: 'web',
  containerPort: 8080,
  advancedConfiguration: { alternateTargetGroupArn: GREEN_TG, productionListenerRule: RULE, roleArn: ROLE },
};

/** web:1 and web:2 (image web:1 / web:2, container `web` on 8080). */
export function registerWeb(fake: FakeAws): void {
  for (const image of ['web:1', 'web:2', 'web:3'])
    registerFargate(fake, {
      family: 'web',
      containerDefinitions: [
        { name: 'web', image, essential: true, portMappings: [{ containerPort: 8080 }] },
      ],
    });
}

/** Creates `web` (web:1, 2 tasks) with this configuration and lets its first deployment finish. */
export async function createWeb(
  ecs: ECSClient,
  clock: ManualClock,
  deploymentConfiguration: DeploymentConfiguration = {},
  loadBalancers: LoadBalancer[] = [BLUE_GREEN_LB],
): Promise<Service> {
  await ecs.send(
    new CreateServiceCommand({
      serviceName: 'web',
      taskDefinition: 'web:1',
      desiredCount: 2,
      launchType: 'FARGATE',
      networkConfiguration: NETWORK,
      loadBalancers,
      deploymentConfiguration,
    }),
  );
  clock.advance(60_000);
  const out = await ecs.send(new DescribeServicesCommand({ services: ['web'] }));
  assert.ok(out.services?.[0]);
  return out.services[0];
}

/** Deploys web:N and answers the ARN of the service deployment it started (the newest). */
export async function deploy(ecs: ECSClient, taskDefinition = 'web:2'): Promise<string> {
  await ecs.send(new UpdateServiceCommand({ service: 'web', taskDefinition }));
  const list = await ecs.send(new ListServiceDeploymentsCommand({ service: 'web', maxResults: 1 }));
  const arn = list.serviceDeployments?.[0]?.serviceDeploymentArn;
  assert.ok(arn);
  return arn;
}

export async function describe1(ecs: ECSClient, arn: string): Promise<ServiceDeployment> {
  const out = await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }));
  assert.deepEqual(out.failures, []);
  assert.ok(out.serviceDeployments?.[0]);
  return out.serviceDeployments[0];
}

/** One line per visible change: `status stage test/prod`. */
export const line = (d: ServiceDeployment): string =>
  `${d.status} ${d.lifecycleStage ?? '-'} ${d.targetServiceRevision?.requestedTestTrafficWeight ?? '-'}/` +
  `${d.targetServiceRevision?.requestedProductionTrafficWeight ?? '-'}`;

const FINISHED = ['SUCCESSFUL', 'STOPPED', 'ROLLBACK_SUCCESSFUL', 'ROLLBACK_FAILED'];

/**
 * Moves the clock `stepMs` at a time until the deployment finishes (or `maxSteps`), describing it after
 * each move; answers the distinct lines seen, in order, and the last record.
 */
export async function follow(
  ecs: ECSClient,
  clock: ManualClock,
  arn: string,
  stepMs: number,
  maxSteps = 500,
  until: (d: ServiceDeployment) => boolean = (d) => FINISHED.includes(d.status ?? ''),
): Promise<{ lines: string[]; last: ServiceDeployment }> {
  const lines: string[] = [];
  let last = await describe1(ecs, arn);
  lines.push(line(last));
  for (let i = 0; i < maxSteps && !until(last); i++) {
    clock.advance(stepMs);
    last = await describe1(ecs, arn);
    if (lines.at(-1) !== line(last)) lines.push(line(last));
  }
  return { lines, last };
}
