/**
 * The service scheduler, run lazily (FakeEcs.tick) whenever state is read: keeps managed services
 * at desiredCount, retires older deployments once the PRIMARY one is running, completes rollouts,
 * drains deleted services, and writes the service events ECS would write.
 */
import type { Tag } from '@aws-sdk/client-ecs';
import { pickCapacityProvider } from './capacity';
import type { FakeEcs } from './fakeEcs';
import { phases, reachedAt, requestStop, scheduledAt, START_SEQUENCE } from './lifecycle';
import { buildTask } from './taskFactory';
import type { DeploymentRecord, Phase, RolloutState, ServiceRecord, TaskRecord } from './types';

export function touchService(service: ServiceRecord, now: number): void {
  if (!service.settled) return;
  service.settled = false;
  service.unsettledSince = now;
}

export function addEvent(ecs: FakeEcs, service: ServiceRecord, at: number, message: string): void {
  service.events.unshift({ id: ecs.ids.uuid(), createdAt: at, message });
  service.events.sort((a, b) => b.createdAt - a.createdAt);
  if (service.events.length > 100) service.events.length = 100;
}

/** A new PRIMARY deployment; the previous one becomes ACTIVE. */
export function newDeployment(
  ecs: FakeEcs,
  service: ServiceRecord,
  taskDefinitionArn: string,
  at: number,
  rolloutState: RolloutState,
): DeploymentRecord {
  const id = `ecs-svc/${ecs.ids.digits(19)}`;
  for (const old of service.deployments) {
    old.status = 'ACTIVE';
    old.updatedAt = at;
  }
  const deployment: DeploymentRecord = {
    id,
    status: 'PRIMARY',
    taskDefinitionArn,
    launchType: service.launchType,
    createdAt: at,
    updatedAt: at,
    rolloutState,
    rolloutStateReason:
      rolloutState === 'COMPLETED' ? `ECS deployment ${id} completed.` : `ECS deployment ${id} in progress.`,
    failedTasks: 0,
    capacityProviderStrategy: service.capacityProviderStrategy?.map((i) => ({ ...i })),
  };
  service.deployments.unshift(deployment);
  service.taskDefinitionArn = taskDefinitionArn;
  if (rolloutState === 'COMPLETED') service.lastCompleted = { id, taskDefinitionArn };
  return deployment;
}

/** The tags a service's new task gets: the service's or the task definition's, per propagateTags. */
function propagatedTags(ecs: FakeEcs, service: ServiceRecord, taskDefinitionArn: string): Tag[] {
  if (service.propagateTags === 'SERVICE') return service.tags.map((t) => ({ ...t }));
  if (service.propagateTags === 'TASK_DEFINITION') {
    return (ecs.taskDefinitions.resolve(taskDefinitionArn)?.tags ?? []).map((t) => ({ ...t }));
  }
  return [];
}

/**
 * Starts `count` tasks of a deployment at `at`. Without `schedule` they go through the lifecycle from
 * `at` with their image's behaviour (the scheduler at work); fixtures pass a fixed `schedule`.
 */
export function startServiceTasks(
  ecs: FakeEcs,
  service: ServiceRecord,
  deployment: DeploymentRecord,
  count: number,
  at: number,
  schedule?: (at: number) => Phase[],
): TaskRecord[] {
  const definition = ecs.taskDefinitions.resolve(deployment.taskDefinitionArn);
  if (!definition || count <= 0) return [];
  const started: TaskRecord[] = [];
  const placed = ecs.serviceTasks(service.cluster, service.name).filter((t) => t.desiredStatus === 'RUNNING');
  for (let i = 0; i < count; i++) {
    const task = buildTask(ecs, ecs.ids, {
      cluster: service.cluster,
      definition,
      group: `service:${service.name}`,
      startedBy: deployment.id,
      launchType: service.launchType,
      createdAt: at,
      phases: schedule ? schedule(at) : phases(START_SEQUENCE, at, ecs.lifecycleStepMs),
      service: service.name,
      deploymentId: deployment.id,
      awsvpc: service.networkConfiguration?.awsvpcConfiguration,
      capacityProviderName: pickCapacityProvider(deployment.capacityProviderStrategy, placed.length + i),
      enableExecuteCommand: service.enableExecuteCommand,
      tags: propagatedTags(ecs, service, definition.arn),
    });
    started.push(schedule ? ecs.insertTask(task) : ecs.startTask(task, at));
  }
  const list = started.map((t) => `(task ${t.id})`).join(' ');
  addEvent(ecs, service, at, `(service ${service.name}) has started ${count} tasks: ${list}.`);
  return started;
}

function stopServiceTasks(
  ecs: FakeEcs,
  service: ServiceRecord,
  tasks: TaskRecord[],
  at: number,
  by: string,
): boolean {
  const reason = `Scaling activity initiated by (deployment ${by})`;
  const stopped = tasks.filter((t) =>
    requestStop(t, Math.max(at, t.createdAt), ecs.lifecycleStepMs, 'ServiceSchedulerInitiated', reason),
  );
  if (stopped.length === 0) return false;
  const list = stopped.map((t) => `(task ${t.id})`).join(' ');
  addEvent(
    ecs,
    service,
    at,
    `(service ${service.name}) has stopped ${stopped.length} running tasks: ${list}.`,
  );
  return true;
}

export function reconcileAll(ecs: FakeEcs, now: number): void {
  for (const services of ecs.services.values()) {
    for (const service of services.values()) {
      if (service.managed && !service.settled) reconcileService(ecs, service, now);
    }
  }
}

/** Reconciles one service as of `at` (a service deployment moving on at a past moment of a clock jump). */
export function reconcileServiceAt(ecs: FakeEcs, service: ServiceRecord, at: number): void {
  touchService(service, at);
  if (service.managed) reconcileService(ecs, service, at);
}

function reconcileService(ecs: FakeEcs, service: ServiceRecord, now: number): void {
  for (let pass = 0; pass < 5 && reconcileOnce(ecs, service, now); pass++);
  if (!isSettled(ecs, service, now)) return;
  service.settled = true;
  if (service.status !== 'ACTIVE') return;
  const times = ecs
    .serviceTasks(service.cluster, service.name)
    .flatMap((t) => t.phases.map((p) => p.at))
    .filter((at) => at >= service.unsettledSince && at <= now);
  addEvent(
    ecs,
    service,
    Math.max(service.unsettledSince, ...times),
    `(service ${service.name}) has reached a steady state.`,
  );
}

/**
 * The time all tasks reached RUNNING (`floor` when there are none); undefined if some have not. A
 * task heading for a crash does not count: its rollout would never reach a steady state.
 */
function allRunningAt(tasks: TaskRecord[], now: number, floor: number): number | undefined {
  let latest = floor;
  for (const task of tasks) {
    if (task.plannedExit) return undefined;
    const at = reachedAt(task, 'RUNNING', now);
    if (at === undefined) return undefined;
    latest = Math.max(latest, at);
  }
  return latest;
}

function reconcileOnce(ecs: FakeEcs, service: ServiceRecord, now: number): boolean {
  const tasks = ecs.serviceTasks(service.cluster, service.name);
  const live = tasks.filter((t) => t.desiredStatus === 'RUNNING');
  const primary = service.deployments[0];
  if (!primary) return false;
  if (service.status !== 'ACTIVE') {
    if (stopServiceTasks(ecs, service, live, now, primary.id)) return true;
    if (service.status === 'DRAINING' && tasks.every((t) => reachedAt(t, 'STOPPED', now) !== undefined)) {
      service.status = 'INACTIVE';
      return true;
    }
    return false;
  }
  // A FAILED deployment launches no more tasks (the circuit breaker without rollback).
  if (primary.rolloutState === 'FAILED') return false;
  // A blue/green-family deployment before its SCALE_UP stage (deployments/engine.ts).
  if (primary.hold === 'launch') return false;
  const mine = live.filter((t) => t.deploymentId === primary.id);
  if (mine.length < service.desiredCount) {
    startServiceTasks(ecs, service, primary, service.desiredCount - mine.length, now);
    return true;
  }
  if (mine.length > service.desiredCount) {
    // Not-yet-running tasks go first, then the newest.
    const order = (t: TaskRecord): number => (reachedAt(t, 'RUNNING', now) === undefined ? 1 : 0);
    const extra = [...mine]
      .sort((a, b) => order(b) - order(a) || b.createdAt - a.createdAt)
      .slice(0, mine.length - service.desiredCount);
    return stopServiceTasks(ecs, service, extra, now, primary.id);
  }
  const runningAt = allRunningAt(mine, now, primary.createdAt);
  // Blue/green family: the blue tasks stay until CLEAN_UP, which releases the hold at notBefore.
  if (runningAt === undefined || primary.hold === 'previous') return false;
  const upAt = Math.max(runningAt, primary.notBefore ?? 0);
  let changed = false;
  for (const old of service.deployments.slice(1)) {
    const oldLive = live.filter((t) => t.deploymentId === old.id);
    changed = stopServiceTasks(ecs, service, oldLive, upAt, old.id) || changed;
  }
  const stillStopping = (d: DeploymentRecord): boolean =>
    tasks.some((t) => t.deploymentId === d.id && reachedAt(t, 'STOPPED', now) === undefined);
  const remaining = service.deployments.slice(1).filter(stillStopping);
  if (remaining.length !== service.deployments.length - 1) {
    service.deployments = [primary, ...remaining];
    changed = true;
  }
  if (remaining.length === 0 && primary.rolloutState === 'IN_PROGRESS') {
    const oldStops = tasks
      .filter((t) => t.deploymentId !== primary.id && (t.stoppingAt ?? 0) >= primary.createdAt)
      .map((t) => scheduledAt(t, 'STOPPED') ?? upAt);
    const doneAt = Math.max(upAt, ...oldStops);
    primary.rolloutState = 'COMPLETED';
    primary.rolloutStateReason = `ECS deployment ${primary.id} completed.`;
    primary.updatedAt = doneAt;
    service.lastCompleted = { id: primary.id, taskDefinitionArn: primary.taskDefinitionArn };
    addEvent(
      ecs,
      service,
      doneAt,
      `(service ${service.name}) (deployment ${primary.id}) deployment completed.`,
    );
    changed = true;
  }
  return changed;
}

function isSettled(ecs: FakeEcs, service: ServiceRecord, now: number): boolean {
  if (service.status === 'INACTIVE') return true;
  if (service.status !== 'ACTIVE') return false;
  const primary = service.deployments[0];
  if (!primary || service.deployments.length > 1 || primary.rolloutState === 'IN_PROGRESS') return false;
  const tasks = ecs.serviceTasks(service.cluster, service.name);
  const mine = tasks.filter((t) => t.desiredStatus === 'RUNNING' && t.deploymentId === primary.id);
  if (mine.length !== service.desiredCount) return false;
  if (mine.some((t) => reachedAt(t, 'RUNNING', now) === undefined)) return false;
  return tasks.every((t) => t.desiredStatus === 'RUNNING' || reachedAt(t, 'STOPPED', now) !== undefined);
}
