/** ListServices, DescribeServices, CreateService, UpdateService, DeleteService. */
import type {
  CreateServiceRequest,
  DeploymentConfiguration,
  DeleteServiceRequest,
  DescribeServicesRequest,
  Failure,
  ListServicesRequest,
  Service,
  UpdateServiceRequest,
} from '@aws-sdk/client-ecs';
import { serviceArn, serviceRef } from '../arns';
import { resolvePlacement } from '../capacity';
import { clientError, invalidParameter, serviceNotActive, serviceNotFound } from '../errors';
import type { FakeEcs } from '../fakeEcs';
import { checkDeploymentStrategy } from '../deployments/config';
import { startServiceDeployment } from '../deployments/engine';
import { resumeStart } from '../lifecycle';
import { renderService } from '../render';
import { newDeployment, touchService } from '../scheduler';
import type { ClusterRecord, DeploymentControllerType, ServiceRecord } from '../types';
import { includes, op, pageOf, requireBatch, requireCluster, type Handler } from './common';

function findService(ecs: FakeEcs, cluster: ClusterRecord, ref: string): ServiceRecord | undefined {
  const parsed = serviceRef(ref);
  if (!parsed || (parsed.cluster !== undefined && parsed.cluster !== cluster.name)) return undefined;
  return ecs.services.get(cluster.name)?.get(parsed.name);
}

function requireActiveService(ecs: FakeEcs, cluster: ClusterRecord, ref: string | undefined): ServiceRecord {
  const service = ref === undefined ? undefined : findService(ecs, cluster, ref);
  if (!service) throw serviceNotFound();
  if (service.status !== 'ACTIVE') throw serviceNotActive();
  return service;
}

export function checkAwsvpc(launchType: string | undefined, subnets: string[] | undefined): void {
  if (launchType === 'FARGATE' && (!subnets || subnets.length === 0)) {
    throw invalidParameter("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
  }
}

const PROPAGATE = ['NONE', 'SERVICE', 'TASK_DEFINITION'] as const;
type PropagateTags = (typeof PROPAGATE)[number];

function propagateTagsOf(value: string | undefined, fallback: PropagateTags): PropagateTags {
  if (value === undefined) return fallback;
  const known = PROPAGATE.find((p) => p === value);
  if (!known) throw invalidParameter(`Invalid propagateTags ${value}.`);
  return known;
}

const CONTROLLERS = ['ECS', 'CODE_DEPLOY', 'EXTERNAL'] as const;

function controllerOf(value: string | undefined): DeploymentControllerType {
  if (value === undefined) return 'ECS';
  const known = CONTROLLERS.find((c) => c === value);
  if (!known) throw invalidParameter(`Invalid deploymentController type ${value}.`);
  return known;
}

/**
 * A CODE_DEPLOY service changes its task definition only through a CodeDeploy deployment, an EXTERNAL
 * one only through task sets: UpdateService refuses a new task definition (docs/aws-facts.md).
 */
function refuseTaskDefinitionChange(service: ServiceRecord): void {
  if (service.deploymentController === 'CODE_DEPLOY') {
    throw invalidParameter(
      'Unable to update task definition on services with a CODE_DEPLOY deployment controller. ' +
        'Use AWS CodeDeploy to trigger a new deployment.',
    );
  }
  if (service.deploymentController === 'EXTERNAL') {
    throw invalidParameter(
      'Unable to update task definition on services with a EXTERNAL deployment controller. ' +
        'Use task sets (CreateTaskSet) to deploy a new task definition.',
    );
  }
}

/** ECS's defaults (breaker off, 200% / 100%) under what the request sets. */
function deploymentConfigurationOf(
  input: DeploymentConfiguration | undefined,
  base: DeploymentConfiguration = {
    deploymentCircuitBreaker: { enable: false, rollback: false },
    maximumPercent: 200,
    minimumHealthyPercent: 100,
  },
): DeploymentConfiguration {
  const kept = structuredClone(base);
  if (input?.strategy !== undefined && input.strategy !== base.strategy) {
    // Another strategy: the settings of the old one no longer apply.
    delete kept.linearConfiguration;
    delete kept.canaryConfiguration;
  }
  const merged: DeploymentConfiguration = { ...kept, ...structuredClone(input ?? {}) };
  const breaker = merged.deploymentCircuitBreaker;
  if (breaker)
    merged.deploymentCircuitBreaker = {
      enable: breaker.enable ?? false,
      rollback: breaker.rollback ?? false,
    };
  const max = merged.maximumPercent ?? 200;
  const min = merged.minimumHealthyPercent ?? 100;
  if (!Number.isInteger(max) || !Number.isInteger(min) || min < 0 || max < min || max > 2147483647) {
    throw invalidParameter('The maximumPercent must be greater than or equal to minimumHealthyPercent.');
  }
  return merged;
}

export const serviceHandlers: Record<string, Handler> = {
  ListServices: op<ListServicesRequest>((ecs, input) => {
    const cluster = requireCluster(ecs, input.cluster);
    const arns = [...(ecs.services.get(cluster.name)?.values() ?? [])]
      .filter((s) => s.status !== 'INACTIVE')
      .filter((s) => input.launchType === undefined || s.launchType === input.launchType)
      .filter(() => input.schedulingStrategy === undefined || input.schedulingStrategy === 'REPLICA')
      .map((s) => s.arn);
    const scope = `ListServices|${cluster.name}|${input.launchType ?? ''}|${input.schedulingStrategy ?? ''}`;
    const page = pageOf(ecs, arns, scope, input, 10);
    return { serviceArns: page.items, nextToken: page.nextToken };
  }),

  DescribeServices: op<DescribeServicesRequest>((ecs, input) => {
    const cluster = requireCluster(ecs, input.cluster);
    const refs = requireBatch(input.services, 10, 'services');
    const include = includes(input.include);
    const services: Service[] = [];
    const failures: Failure[] = [];
    for (const ref of refs) {
      const record = findService(ecs, cluster, ref);
      if (record) services.push(renderService(ecs, record, include));
      else
        failures.push({
          arn: ref.startsWith('arn:') ? ref : serviceArn(ecs, cluster.name, ref),
          reason: 'MISSING',
        });
    }
    return { services, failures };
  }),

  CreateService: op<CreateServiceRequest>((ecs, input) => {
    const cluster = requireCluster(ecs, input.cluster);
    if (!input.serviceName) throw invalidParameter('serviceName can not be blank.');
    if (!input.taskDefinition) throw invalidParameter('TaskDefinition can not be blank.');
    const desiredCount = input.desiredCount ?? 1;
    if (desiredCount < 0) throw invalidParameter('desiredCount can not be negative.');
    const placement = resolvePlacement(cluster, input.launchType, input.capacityProviderStrategy);
    const launchType = placement.launchType ?? 'EC2';
    checkAwsvpc(launchType, input.networkConfiguration?.awsvpcConfiguration?.subnets);
    if (!ecs.taskDefinitions.resolve(input.taskDefinition)) throw clientError('TaskDefinition not found.');
    const deploymentConfiguration = deploymentConfigurationOf(input.deploymentConfiguration);
    const deploymentController = controllerOf(input.deploymentController?.type);
    if (deploymentController === 'ECS')
      checkDeploymentStrategy(deploymentConfiguration, input.loadBalancers ?? []);
    const record = ecs.createService(cluster.name, input.serviceName, {
      desiredCount,
      taskDefinition: input.taskDefinition,
      launchType,
      networkConfiguration: input.networkConfiguration,
      loadBalancers: input.loadBalancers,
      tags: input.tags,
      lifecycle: true,
      deploymentConfiguration,
      deploymentController,
      capacityProviderStrategy: placement.strategy,
      enableExecuteCommand: input.enableExecuteCommand ?? false,
      propagateTags: propagateTagsOf(input.propagateTags, 'NONE'),
    });
    ecs.tick();
    return { service: renderService(ecs, record, ['TAGS']) };
  }),

  UpdateService: op<UpdateServiceRequest>((ecs, input) => {
    const cluster = requireCluster(ecs, input.cluster);
    const service = requireActiveService(ecs, cluster, input.service);
    const now = ecs.now();
    // Every check before any change: a refused update leaves the service as it was.
    if (
      input.desiredCount !== undefined &&
      (!Number.isInteger(input.desiredCount) || input.desiredCount < 0)
    ) {
      throw invalidParameter('desiredCount can not be negative.');
    }
    let taskDefinitionArn = service.taskDefinitionArn;
    if (input.taskDefinition !== undefined) {
      const definition = ecs.taskDefinitions.resolve(input.taskDefinition);
      if (!definition) throw clientError('TaskDefinition not found.');
      if (definition.status !== 'ACTIVE') throw clientError('TaskDefinition is inactive');
      if (definition.arn !== service.taskDefinitionArn) refuseTaskDefinitionChange(service);
      taskDefinitionArn = definition.arn;
    }
    const strategy = input.capacityProviderStrategy?.length
      ? resolvePlacement(cluster, undefined, input.capacityProviderStrategy).strategy
      : undefined;
    const deploymentConfiguration = input.deploymentConfiguration
      ? deploymentConfigurationOf(input.deploymentConfiguration, service.deploymentConfiguration)
      : service.deploymentConfiguration;
    const loadBalancers = input.loadBalancers ?? service.loadBalancers;
    if (service.deploymentController === 'ECS')
      checkDeploymentStrategy(deploymentConfiguration, loadBalancers);
    const propagateTags = propagateTagsOf(input.propagateTags, service.propagateTags);
    // UpdateService leaves desiredCount alone when the request does not give one.
    if (input.desiredCount !== undefined) service.desiredCount = input.desiredCount;
    if (input.networkConfiguration) service.networkConfiguration = input.networkConfiguration;
    if (strategy) {
      service.capacityProviderStrategy = strategy;
      service.launchType = 'FARGATE';
    }
    service.deploymentConfiguration = deploymentConfiguration;
    service.loadBalancers = loadBalancers.map((lb) => structuredClone(lb));
    if (input.enableExecuteCommand !== undefined) service.enableExecuteCommand = input.enableExecuteCommand;
    service.propagateTags = propagateTags;
    if (input.forceNewDeployment || taskDefinitionArn !== service.taskDefinitionArn) {
      startServiceDeployment(
        ecs,
        service,
        newDeployment(ecs, service, taskDefinitionArn, now, 'IN_PROGRESS'),
        now,
      );
    }
    if (!service.managed) {
      // A frozen fixture comes to life: its stuck tasks carry on starting.
      for (const task of ecs.serviceTasks(cluster.name, service.name))
        resumeStart(task, now, ecs.lifecycleStepMs);
      service.managed = true;
    }
    touchService(service, now);
    ecs.tick();
    return { service: renderService(ecs, service, []) };
  }),

  DeleteService: op<DeleteServiceRequest>((ecs, input) => {
    const cluster = requireCluster(ecs, input.cluster);
    const service = requireActiveService(ecs, cluster, input.service);
    if (service.desiredCount > 0 && !input.force) {
      throw invalidParameter('The service cannot be stopped while it is scaled above 0.');
    }
    service.desiredCount = 0;
    service.status = 'DRAINING';
    service.managed = true;
    touchService(service, ecs.now());
    ecs.tick();
    return { service: renderService(ecs, service, []) };
  }),
};
