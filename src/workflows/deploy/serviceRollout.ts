/**
 * The "Update the service" step: UpdateService with the new revision (and nothing else: the
 * desired count is never sent, so a deploy never fights auto scaling or resets a scaled service),
 * CreateService when the service does not exist yet and the target says how to create it, or
 * RunTask for a one-off target. Editor-free.
 */
import type { CreateServiceCommandInput, Deployment, LoadBalancer, Service } from '@aws-sdk/client-ecs';
import type { EcsGateway } from '../../aws/ecsGateway';
import { deploymentConfigurationFor } from '../deployments/strategy';
import { DeployFailure } from './deployFailure';
import type { DeployLoadBalancer, DeployNetwork, DeployTarget } from './deployTarget';

export interface StartedRollout {
  readonly service: Service;
  readonly deployment: Deployment;
  readonly created: boolean;
}

/** The started-by tag of one-off tasks a deploy runs (≤ 128 chars; ListTasks can filter on it). */
export const DEPLOY_STARTED_BY = 'ecs-fargate-deploy';

function awsvpc(network: DeployNetwork) {
  return {
    awsvpcConfiguration: {
      subnets: [...network.subnets],
      securityGroups: [...network.securityGroups],
      assignPublicIp: network.assignPublicIp ? ('ENABLED' as const) : ('DISABLED' as const),
    },
  };
}

function requireNetwork(target: DeployTarget, what: string): DeployNetwork {
  if (target.network && target.network.subnets.length > 0) return target.network;
  throw new DeployFailure(
    `${what} on Fargate needs subnets: add "network" (subnets, securityGroups, assignPublicIp) to the ` +
      `target in .vscode/ecs-deploy.json: ${target.name}`,
  );
}

function loadBalancerInput(lb: DeployLoadBalancer): LoadBalancer {
  const { alternateTargetGroupArn, productionListenerRule, roleArn, ...plain } = lb;
  return {
    ...plain,
    ...(alternateTargetGroupArn && productionListenerRule
      ? {
          advancedConfiguration: {
            alternateTargetGroupArn,
            productionListenerRule,
            ...(roleArn ? { roleArn } : {}),
          },
        }
      : {}),
  };
}

export function createServiceInput(
  target: DeployTarget,
  taskDefinitionArn: string,
): CreateServiceCommandInput {
  const spec = target.createService;
  if (!target.service || !spec) throw new Error('createServiceInput needs a service and createService');
  const network = requireNetwork(target, `Creating the service ${target.service}`);
  return {
    cluster: target.cluster,
    serviceName: target.service,
    taskDefinition: taskDefinitionArn,
    desiredCount: spec.desiredCount,
    ...(spec.capacityProvider
      ? { capacityProviderStrategy: [{ capacityProvider: spec.capacityProvider, weight: 1 }] }
      : { launchType: 'FARGATE' as const }),
    networkConfiguration: awsvpc(network),
    ...(spec.loadBalancer
      ? { loadBalancers: [loadBalancerInput(spec.loadBalancer)], healthCheckGracePeriodSeconds: 60 }
      : {}),
    deploymentConfiguration: {
      ...(spec.deployment ? deploymentConfigurationFor(spec.deployment, undefined) : {}),
      deploymentCircuitBreaker: { enable: spec.circuitBreaker, rollback: spec.circuitBreaker },
    },
  };
}

/** Our deployment in the service UpdateService/CreateService returned: the PRIMARY one of our revision. */
export function deploymentOf(
  service: Service | undefined,
  taskDefinitionArn: string,
): Deployment | undefined {
  const ofOurs = (service?.deployments ?? []).filter((d) => d.taskDefinition === taskDefinitionArn);
  return ofOurs.find((d) => d.status === 'PRIMARY') ?? ofOurs[0];
}

export async function startRollout(
  ecs: EcsGateway,
  target: DeployTarget,
  existing: Service | undefined,
  taskDefinitionArn: string,
  signal: AbortSignal,
): Promise<StartedRollout> {
  const name = target.service ?? '';
  const created = existing === undefined;
  const service = created
    ? await ecs.createService(createServiceInput(target, taskDefinitionArn), signal)
    : await ecs.updateService(target.cluster, name, { taskDefinition: taskDefinitionArn }, signal);
  let deployment = deploymentOf(service, taskDefinitionArn);
  let current = service;
  if (!deployment) {
    // Not in the answer (never seen, but cheap to cover): ask once.
    current = (await ecs.describeServices(target.cluster, [name], signal)).items[0];
    deployment = deploymentOf(current, taskDefinitionArn);
  }
  if (!current || !deployment?.id) {
    throw new DeployFailure(
      `ECS accepted the ${created ? 'new service' : 'update'} but shows no deployment of the new revision: ` +
        `check the service's Deployments tab: ${name}`,
    );
  }
  return { service: current, deployment, created };
}

export async function runOneOffTasks(
  ecs: EcsGateway,
  target: DeployTarget,
  taskDefinitionArn: string,
  signal: AbortSignal,
): Promise<string[]> {
  const network = requireNetwork(target, 'Running the task');
  const { tasks, failures } = await ecs.runTask(
    {
      cluster: target.cluster,
      taskDefinition: taskDefinitionArn,
      count: target.runTask?.count ?? 1,
      launchType: 'FARGATE',
      networkConfiguration: awsvpc(network),
      startedBy: DEPLOY_STARTED_BY,
    },
    signal,
  );
  if (tasks.length === 0) {
    const reasons = failures.map((f) => [f.reason, f.detail].filter(Boolean).join(': ')).join('; ');
    throw new DeployFailure(`ECS started no task: ${reasons || 'no reason given'}`);
  }
  return tasks.flatMap((t) => (t.taskArn ? [t.taskArn] : []));
}
