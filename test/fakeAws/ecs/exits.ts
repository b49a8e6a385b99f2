/**
 * Planned exits (failed pulls, crashes, finished jobs) become visible when the clock reaches them.
 * FakeEcs.tick replays them in time order, running the service scheduler at each one, so a clock
 * moved a minute at once still gives the replacements, failure counts and circuit breaker trips
 * (and their timestamps) that a minute of real ECS would.
 */
import { recordStoppedServiceTask } from './circuitBreaker';
import type { FakeEcs } from './fakeEcs';
import type { TaskRecord } from './types';

export class PlannedExits {
  private pending: TaskRecord[] = [];

  add(task: TaskRecord): void {
    if (task.plannedExit) this.pending.push(task);
  }

  clear(): void {
    this.pending = [];
  }

  /** The earliest planned exit at or before `now` (exits cancelled by a StopTask are dropped). */
  nextDue(now: number): number | undefined {
    let next: number | undefined;
    this.pending = this.pending.filter((t) => t.plannedExit !== undefined);
    for (const task of this.pending) {
      const at = task.plannedExit!.at;
      if (at <= now && (next === undefined || at < next)) next = at;
    }
    return next;
  }

  /** Applies every exit due by `at`, oldest first. */
  applyDue(ecs: FakeEcs, at: number): void {
    const due = this.pending
      .filter((t) => t.plannedExit !== undefined && t.plannedExit.at <= at)
      .sort((a, b) => a.plannedExit!.at - b.plannedExit!.at);
    if (due.length === 0) return;
    this.pending = this.pending.filter((t) => !due.includes(t));
    for (const task of due) applyExit(ecs, task);
  }
}

/** The task's own stop becomes what the API shows: desired STOPPED, stop code, the container's exit. */
function applyExit(ecs: FakeEcs, task: TaskRecord): void {
  const exit = task.plannedExit;
  if (!exit || task.desiredStatus === 'STOPPED') return;
  task.plannedExit = undefined;
  task.desiredStatus = 'STOPPED';
  task.stoppingAt = exit.at;
  task.stopCode = exit.stopCode;
  task.stoppedReason = exit.stoppedReason;
  const container = task.containers.find((c) => c.name === exit.container);
  if (container) {
    container.exitCode = exit.exitCode;
    container.reason = exit.containerReason;
    if (exit.exitCode !== undefined) container.exitedAt = exit.at;
  }
  const service = task.service === undefined ? undefined : ecs.services.get(task.cluster)?.get(task.service);
  if (service) recordStoppedServiceTask(ecs, service, task.deploymentId, exit.at);
}
