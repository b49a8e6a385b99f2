/**
 * RunTask with ECS's validation: launch type or capacity provider strategy, awsvpc network
 * configuration, count, task definition. Queued failures (no capacity…) answer instead of tasks.
 */
import type { Failure, RunTaskRequest, Tag } from '@aws-sdk/client-ecs';
import { clusterName } from './arns';
import { pickCapacityProvider, resolvePlacement } from './capacity';
import { clientError, clusterNotFound, invalidParameter } from './errors';
import type { FakeEcs } from './fakeEcs';
import { phases, START_SEQUENCE } from './lifecycle';
import { buildTask } from './taskFactory';
import type { TaskDefinitionRecord, TaskRecord } from './types';

export interface RunTaskResult {
  tasks: TaskRecord[];
  failures: Failure[];
}

export function runTask(ecs: FakeEcs, input: RunTaskRequest): RunTaskResult {
  const cluster = clusterName(input.cluster);
  const record = cluster === undefined ? undefined : ecs.clusters.get(cluster);
  if (cluster === undefined || record?.status !== 'ACTIVE') throw clusterNotFound();
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
  const placement = resolvePlacement(record, input.launchType, input.capacityProviderStrategy);
  const launchType = placement.launchType ?? 'EC2';
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
  const queued = ecs.takeRunTaskFailures();
  if (queued) return { tasks: [], failures: queued };
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
      tags: taskTags(input, definition),
      capacityProviderName: pickCapacityProvider(placement.strategy, i),
      enableExecuteCommand: input.enableExecuteCommand ?? false,
    });
    tasks.push(ecs.startTask(task, now));
  }
  return { tasks, failures: [] };
}

/** The request's tags, plus the task definition's with `propagateTags: TASK_DEFINITION`. */
function taskTags(input: RunTaskRequest, definition: TaskDefinitionRecord): Tag[] {
  const own = (input.tags ?? []).map((t) => ({ ...t }));
  if (input.propagateTags !== 'TASK_DEFINITION') return own;
  const inherited = definition.tags.filter((t) => !own.some((o) => o.key === t.key));
  return [...own, ...inherited.map((t) => ({ ...t }))];
}
