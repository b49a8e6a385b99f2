/** RunTask with ECS's validation: launch type, awsvpc network configuration, count, task definition. */
import type { Failure, RunTaskRequest } from '@aws-sdk/client-ecs';
import { clusterName } from './arns';
import { clientError, clusterNotFound, invalidParameter } from './errors';
import type { FakeEcs } from './fakeEcs';
import { phases, START_SEQUENCE } from './lifecycle';
import { buildTask } from './taskFactory';
import type { LaunchType, TaskRecord } from './types';

export interface RunTaskResult {
  tasks: TaskRecord[];
  failures: Failure[];
}

function launchTypeOf(input: RunTaskRequest): LaunchType | undefined {
  if (input.launchType && input.capacityProviderStrategy?.length) {
    throw invalidParameter(
      'Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.',
    );
  }
  if (input.launchType) {
    if (input.launchType !== 'FARGATE' && input.launchType !== 'EC2') {
      throw invalidParameter(`launchType ${input.launchType} is not supported by this cluster.`);
    }
    return input.launchType;
  }
  const providers = input.capacityProviderStrategy ?? [];
  if (providers.length > 0) {
    const unknown = providers.find(
      (p) => p.capacityProvider !== 'FARGATE' && p.capacityProvider !== 'FARGATE_SPOT',
    );
    if (unknown)
      throw invalidParameter(`The specified capacity provider ${unknown.capacityProvider} was not found.`);
    return 'FARGATE';
  }
  return undefined;
}

export function runTask(ecs: FakeEcs, input: RunTaskRequest): RunTaskResult {
  const cluster = clusterName(input.cluster);
  if (cluster === undefined || !ecs.clusters.has(cluster)) throw clusterNotFound();
  if (!input.taskDefinition) throw invalidParameter('TaskDefinition can not be blank.');
  const count = input.count ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > 10) {
    throw invalidParameter('Count must be an integer between 1 and 10.');
  }
  if ((input.startedBy?.length ?? 0) > 128)
    throw invalidParameter('startedBy must be 128 characters or fewer.');
  const definition = ecs.taskDefinitions.resolve(input.taskDefinition);
  if (!definition) throw clientError('TaskDefinition not found.');
  if (definition.status !== 'ACTIVE') throw clientError('TaskDefinition is inactive');
  const launchType = launchTypeOf(input) ?? 'EC2';
  const def = definition.input;
  if (
    launchType === 'FARGATE' &&
    def.requiresCompatibilities &&
    !def.requiresCompatibilities.includes('FARGATE')
  ) {
    throw invalidParameter('Task definition does not support launch_type FARGATE.');
  }
  const awsvpc = input.networkConfiguration?.awsvpcConfiguration;
  if (def.networkMode === 'awsvpc' || launchType === 'FARGATE') {
    if (!awsvpc || !awsvpc.subnets || awsvpc.subnets.length === 0) {
      throw invalidParameter(
        "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
      );
    }
    if (awsvpc.subnets.length > 16) throw invalidParameter('subnets can have at most 16 items.');
    if ((awsvpc.securityGroups?.length ?? 0) > 5)
      throw invalidParameter('securityGroups can have at most 5 items.');
  }
  if (launchType === 'EC2') {
    return { tasks: [], failures: [{ reason: 'No Container Instances were found in your cluster.' }] };
  }
  const now = ecs.now();
  const tasks: TaskRecord[] = [];
  for (let i = 0; i < count; i++) {
    const task = buildTask(ecs, ecs.ids, {
      cluster,
      definition,
      group: input.group ?? `family:${definition.family}`,
      startedBy: input.startedBy,
      launchType,
      createdAt: now,
      phases: phases(START_SEQUENCE, now, ecs.lifecycleStepMs),
      overrides: input.overrides,
      awsvpc,
      tags: input.tags ?? [],
    });
    tasks.push(ecs.insertTask(task));
  }
  return { tasks, failures: [] };
}
