/**
 * Task status over time. A task holds a schedule of phases; its status at any moment is the last
 * phase not in the future, so nothing needs a timer: reading at a later clock time moves it on.
 */
import type { ContainerRecord, HealthStatus, Phase, TaskRecord, TaskStatus } from './types';

export const START_SEQUENCE: readonly TaskStatus[] = ['PROVISIONING', 'PENDING', 'ACTIVATING', 'RUNNING'];
export const STOP_SEQUENCE: readonly TaskStatus[] = ['DEACTIVATING', 'STOPPING', 'DEPROVISIONING', 'STOPPED'];

const STARTING = new Set<TaskStatus>(['PROVISIONING', 'PENDING', 'ACTIVATING']);

export function isStarting(status: TaskStatus): boolean {
  return STARTING.has(status);
}

/** Phases from `from` up to `to` of a sequence, one step apart, starting at `at`. */
export function phases(
  sequence: readonly TaskStatus[],
  at: number,
  stepMs: number,
  to?: TaskStatus,
): Phase[] {
  const end = to === undefined ? sequence.length : sequence.indexOf(to) + 1;
  return sequence.slice(0, end).map((status, i) => ({ status, at: at + i * stepMs }));
}

export function statusAt(task: TaskRecord, now: number): TaskStatus {
  let status = task.phases[0]?.status ?? 'PROVISIONING';
  for (const phase of task.phases) if (phase.at <= now) status = phase.status;
  return status;
}

/** When the task reached a status (if it has, by `now`). */
export function reachedAt(task: TaskRecord, status: TaskStatus, now: number): number | undefined {
  const phase = task.phases.find((p) => p.status === status);
  return phase && phase.at <= now ? phase.at : undefined;
}

/** When the task will reach (or reached) a status, if it is scheduled to. */
export function scheduledAt(task: TaskRecord, status: TaskStatus): number | undefined {
  return task.phases.find((p) => p.status === status)?.at;
}

/** A task frozen before RUNNING (a fixture) carries on from `at` through the rest of the start sequence. */
export function resumeStart(task: TaskRecord, at: number, stepMs: number): void {
  const last = task.phases.at(-1);
  if (task.desiredStatus !== 'RUNNING' || !last || !isStarting(last.status)) return;
  const rest = START_SEQUENCE.slice(START_SEQUENCE.indexOf(last.status) + 1);
  const from = Math.max(at, last.at);
  task.phases.push(...rest.map((status, i) => ({ status, at: from + (i + 1) * stepMs })));
}

/** Asks the task to stop at `at`: desiredStatus STOPPED, then DEACTIVATING → … → STOPPED. */
export function requestStop(
  task: TaskRecord,
  at: number,
  stepMs: number,
  stopCode: string,
  reason: string,
): boolean {
  if (task.desiredStatus === 'STOPPED') return false;
  // Stopped first: the crash or failed pull it was heading for never happens.
  task.plannedExit = undefined;
  task.desiredStatus = 'STOPPED';
  task.stoppingAt = at;
  task.stopCode = stopCode;
  task.stoppedReason = reason;
  const kept = task.phases.filter((p) => p.at <= at);
  task.phases = [...kept, ...phases(STOP_SEQUENCE, at, stepMs)];
  return true;
}

export type ContainerState = {
  lastStatus: string;
  exitCode?: number;
  reason?: string;
  healthStatus: HealthStatus;
};

export function containerState(task: TaskRecord, container: ContainerRecord, now: number): ContainerState {
  const status = statusAt(task, now);
  const ran = reachedAt(task, 'RUNNING', now) !== undefined;
  if (container.exitedAt !== undefined && container.exitedAt <= now) {
    // It exited on its own; the task is still winding down around it.
    return {
      lastStatus: 'STOPPED',
      exitCode: container.exitCode,
      reason: container.reason,
      healthStatus: 'UNKNOWN',
    };
  }
  if (status === 'RUNNING' || status === 'DEACTIVATING' || status === 'STOPPING') {
    const healthStatus = container.healthStatus ?? (container.hasHealthCheck ? 'HEALTHY' : 'UNKNOWN');
    return { lastStatus: 'RUNNING', healthStatus };
  }
  if (status === 'DEPROVISIONING' || status === 'STOPPED') {
    const exitCode = container.exitCode ?? (ran ? 0 : undefined);
    return { lastStatus: 'STOPPED', exitCode, reason: container.reason, healthStatus: 'UNKNOWN' };
  }
  return { lastStatus: 'PENDING', healthStatus: 'UNKNOWN' };
}

/** UNHEALTHY if an essential container is; HEALTHY if all essential ones with checks are; else UNKNOWN. */
export function taskHealth(task: TaskRecord, now: number): HealthStatus {
  const essentials = task.containers.filter((c) => c.essential);
  const states = essentials.map((c) => containerState(task, c, now).healthStatus);
  if (states.includes('UNHEALTHY')) return 'UNHEALTHY';
  if (states.length > 0 && states.every((s) => s === 'HEALTHY')) return 'HEALTHY';
  return 'UNKNOWN';
}
