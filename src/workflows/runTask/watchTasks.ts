/**
 * After RunTask: follow the run's tasks until RUNNING (the command's cancellable progress), read
 * the outcome (with the last log lines of a task that failed, as evidence), and keep watching a
 * task still RUNNING until it stops, so a one-off job still ends with its exit code. The watch
 * polls slowly (5 s ×1.5 up to 30 s) and gives up after an hour. Editor-free: the command shows
 * the progress and the report.
 */
import type { Task, TaskDefinition } from '@aws-sdk/client-ecs';
import type { EcsGateway } from '../../aws/ecsGateway';
import { taskIdOf } from '../../logs/logTargets';
import type { Logger } from '../../shared/logger';
import { followTasks, type FollowProgress, type FollowResult } from './followTasks';
import { runOutcome, type RunOutcome } from './runTaskOutcome';

/** How long a task still RUNNING after the run is watched in the background. */
export const WATCH_LIMIT_MS = 60 * 60 * 1000;

export interface WatchTasksDeps {
  readonly ecs: EcsGateway;
  readonly logger: Pick<Logger, 'warn'>;
  /** The task's last log lines (to spot "exec format error" in a stopped task); optional. */
  readonly recentLogLines?: (cluster: string, task: Task, signal: AbortSignal) => Promise<readonly string[]>;
  /** Waits between DescribeTasks polls (tests pass one that moves a manual clock). */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** Polls the run's tasks until each is RUNNING or STOPPED (or the signal aborts). */
export function followUntilRunning(
  deps: WatchTasksDeps,
  cluster: string,
  taskArns: readonly string[],
  signal: AbortSignal,
  onProgress?: (progress: FollowProgress) => void,
): Promise<FollowResult> {
  return followTasks(deps.ecs, {
    cluster,
    taskArns,
    until: 'running',
    signal,
    ...(onProgress ? { onProgress } : {}),
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
  });
}

/** The report for the tasks as they are now, with the last log lines of failed ones as evidence. */
export async function outcomeOf(
  deps: WatchTasksDeps,
  cluster: string,
  tasks: readonly Task[],
  definition: TaskDefinition,
  signal: AbortSignal,
): Promise<RunOutcome> {
  const lines = new Map<string, readonly string[]>();
  const failed = tasks.filter(
    (t) => t.lastStatus === 'STOPPED' && t.containers?.some((c) => (c.exitCode ?? 0) !== 0),
  );
  for (const task of failed) {
    try {
      const read = await deps.recentLogLines?.(cluster, task, signal);
      if (read) lines.set(task.taskArn ?? '', read);
    } catch (error) {
      deps.logger.warn(`Reading the logs of task ${taskIdOf(task.taskArn)} failed: ${String(error)}`);
    }
  }
  return runOutcome(tasks, definition, (t) => lines.get(t.taskArn ?? ''));
}

/**
 * Watches tasks still RUNNING until every one has STOPPED: their outcome, or undefined when the
 * watch gave up (after WATCH_LIMIT_MS). Rejects when the signal aborts.
 */
export async function watchUntilStopped(
  deps: WatchTasksDeps,
  cluster: string,
  tasks: readonly Task[],
  definition: TaskDefinition,
  signal: AbortSignal,
): Promise<RunOutcome | undefined> {
  const result = await followTasks(deps.ecs, {
    cluster,
    taskArns: tasks.map((t) => t.taskArn ?? ''),
    until: 'stopped',
    signal,
    backoff: { initialMs: 5000, factor: 1.5, maxMs: 30_000 },
    timeoutMs: WATCH_LIMIT_MS,
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
  });
  return result.reached ? outcomeOf(deps, cluster, result.tasks, definition, signal) : undefined;
}
