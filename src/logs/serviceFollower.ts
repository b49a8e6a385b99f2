/**
 * Follows the logs of a task or of a whole service, and shows their history.
 *
 * A task: its containers' streams (logTargets.ts) from the task's creation (or a chosen `since`);
 * the task is described every `taskPollMs`, and once it has STOPPED the follow goes on for
 * `stopGraceMs` (its last lines arrive late) and ends with a closing line.
 * A service: every running task, and during the follow the task list is read every `taskPollMs`:
 * a task that appears is added with its history from its start, a task that leaves the list is
 * marked stopping, then stopped with its stop reason and exit codes, and dropped after the grace
 * period. So a rollout can be watched from one channel.
 * Task definitions are described once per ARN (revisions never change). Editor-free.
 */
import type { Task, TaskDefinition } from '@aws-sdk/client-ecs';
import type { EcsGateway } from '../aws/ecsGateway';
import type { LogsGateway } from '../aws/logsGateway';
import { LogFollower, type LogsMode } from './logFollower';
import { DEFAULT_LIVE_TAIL, type LiveTailOptions } from './liveTailOptions';
import { shortId, taskIdOf, taskLogSources } from './logTargets';
import { DEFAULT_POLLING, type PollingOptions } from './pollingFollower';
import { asError, childController, isAbort, pause } from './timing';
import type { FollowSink, Notice, SourceStart } from './types';

export type LogTarget =
  | { readonly kind: 'task'; readonly cluster: string; readonly task: Task; readonly container?: string }
  | { readonly kind: 'service'; readonly cluster: string; readonly service: string };

export interface TaskDefinitionSource {
  describe(
    taskDefinition: string,
    signal?: AbortSignal,
  ): Promise<{ readonly taskDefinition: TaskDefinition }>;
}

export interface FollowDeps {
  readonly ecs: Pick<EcsGateway, 'listTasks' | 'describeTasks'>;
  readonly taskDefinitions: TaskDefinitionSource;
  /** The CloudWatch Logs gateway for a region, or undefined when that region cannot be read. */
  readonly logs: (region: string) => LogsGateway | undefined;
  /** The region of the cluster (awslogs-region defaults to it). */
  readonly region: string;
}

export interface FollowOptions {
  readonly mode?: LogsMode;
  /** History from this time (epoch ms); default: each task's creation. */
  readonly since?: number;
  /** How often tasks are described or listed (default 5 s). */
  readonly taskPollMs?: number;
  /** How long a stopped task is still followed (default 10 s). */
  readonly stopGraceMs?: number;
  /** A stopped task's follow waits at most this long for its history to be read (default 60 s). */
  readonly catchUpTimeoutMs?: number;
  readonly polling?: Partial<Omit<PollingOptions, 'now'>>;
  readonly liveTail?: Partial<Omit<LiveTailOptions, 'now'>>;
  readonly now?: () => number;
  /** Called when the number of followed streams changes (the status bar shows it). */
  readonly onStreams?: (count: number) => void;
}

/** `service web` or `task 1a2b3c4d`: how notices and channel names call the target. */
export function targetLabel(target: LogTarget): string {
  if (target.kind === 'service') return target.service;
  const id = shortId(taskIdOf(target.task.taskArn));
  return target.container ? `${target.container} (task ${id})` : `task ${id}`;
}

/** Describes each task definition once (a revision never changes); a failure is not cached. */
export class TaskDefinitionCache {
  private readonly cache = new Map<string, Promise<TaskDefinition>>();

  constructor(private readonly source: TaskDefinitionSource) {}

  get(arn: string, signal?: AbortSignal): Promise<TaskDefinition> {
    let entry = this.cache.get(arn);
    if (!entry) {
      entry = this.source.describe(arn, signal).then((r) => r.taskDefinition);
      entry.catch(() => this.cache.delete(arn));
      this.cache.set(arn, entry);
    }
    return entry;
  }
}

/** `Essential container in task exited (web exit 1, sidecar exit 0)`. */
export function stopDescription(task: Task): string {
  const reason = task.stoppedReason ?? task.stopCode ?? 'no reason given';
  const exits = (task.containers ?? [])
    .filter((c) => c.exitCode !== undefined || c.reason)
    .map(
      (c) =>
        `${c.name ?? '?'}${c.exitCode !== undefined ? ` exit ${c.exitCode}` : ''}${c.reason ? `: ${c.reason}` : ''}`,
    );
  return exits.length > 0 ? `${reason} (${exits.join(', ')})` : reason;
}

export function definitionName(task: Task): string {
  const arn = task.taskDefinitionArn ?? '';
  return arn.slice(arn.lastIndexOf('/') + 1);
}

interface Tracked {
  task: Task;
  keys: string[];
  state: 'running' | 'stopping' | 'stopped';
  removeAt?: number;
}

/** Resolves tasks to sources, with the explanations for everything that cannot be followed. */
export class SourceResolver {
  private readonly definitions: TaskDefinitionCache;

  constructor(
    private readonly deps: FollowDeps,
    private readonly notify: (code: Notice['code'], level: Notice['level'], text: string) => void,
    private readonly container?: string,
  ) {
    this.definitions = new TaskDefinitionCache(deps.taskDefinitions);
  }

  async resolve(task: Task, since: number, signal: AbortSignal): Promise<SourceStart[]> {
    const id = shortId(taskIdOf(task.taskArn));
    let definition: TaskDefinition;
    try {
      definition = await this.definitions.get(task.taskDefinitionArn ?? '', signal);
    } catch (error) {
      if (isAbort(error, signal)) throw error;
      this.notify(
        'error',
        'error',
        `Cannot read task definition ${definitionName(task)} of task ${id}, so its log configuration is unknown: ${message(error)}`,
      );
      return [];
    }
    const plan = taskLogSources(task, definition, {
      region: this.deps.region,
      ...(this.container ? { container: this.container } : {}),
    });
    for (const text of plan.explanations) this.notify('explain', 'info', text);
    const starts: SourceStart[] = [];
    for (const source of plan.sources) {
      if (!this.deps.logs(source.region)) {
        this.notify(
          'explain',
          'warning',
          `Container ${source.container} writes to log group ${source.group} in ${source.region} (awslogs-region), not in ${this.deps.region}, the region you are connected to: switch the region to follow it.`,
        );
        continue;
      }
      starts.push({
        source,
        since,
        task: { lastStatus: task.lastStatus, startedAt: task.startedAt?.getTime() },
      });
    }
    return starts;
  }
}

export function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Follows a task or a service until the signal aborts, or the task has stopped. */
export async function followLogs(
  target: LogTarget,
  deps: FollowDeps,
  sink: FollowSink,
  options: FollowOptions,
  signal: AbortSignal,
): Promise<void> {
  const now = options.now ?? Date.now;
  const taskPollMs = options.taskPollMs ?? 5000;
  const stopGraceMs = options.stopGraceMs ?? 10_000;
  const notify = (code: Notice['code'], level: Notice['level'], text: string): void =>
    sink({ kind: 'notice', code, level, text, time: now() });
  const engine = new LogFollower(deps.logs, sink, {
    mode: options.mode ?? 'auto',
    polling: { ...DEFAULT_POLLING, ...options.polling, now },
    liveTail: { ...DEFAULT_LIVE_TAIL, ...options.liveTail, now },
  });
  const resolver = new SourceResolver(deps, notify, target.kind === 'task' ? target.container : undefined);
  const tracked = new Map<string, Tracked>();
  let streams = -1;
  const reportStreams = (): void => {
    if (engine.streamCount !== streams) {
      streams = engine.streamCount;
      options.onStreams?.(streams);
    }
  };

  const addTask = async (task: Task, since: number, inner: AbortSignal): Promise<void> => {
    const id = taskIdOf(task.taskArn);
    if (tracked.has(id)) return;
    const entry: Tracked = { task, keys: [], state: 'running' };
    tracked.set(id, entry);
    const starts = await resolver.resolve(task, since, inner);
    entry.keys = starts.map((s) => s.source.key);
    engine.add(starts);
    reportStreams();
  };
  const sinceFor = (task: Task): number =>
    options.since ?? (task.createdAt ?? task.startedAt)?.getTime() ?? now();

  const inner = childController(signal);
  // Keep the engine's failure until the tracker has stopped.
  let engineError: unknown;
  let engineDone: Promise<void> = Promise.resolve();
  const startEngine = (): void => {
    engineDone = engine.run(inner.signal).then(
      () => undefined,
      (error: unknown) => {
        engineError = error;
        inner.abort();
      },
    );
  };

  const track = async (): Promise<void> => {
    let failures = 0;
    if (target.kind === 'task') {
      const task = target.task;
      notify(
        'target',
        'info',
        `Logs of ${targetLabel(target)} (${definitionName(task)}) in cluster ${target.cluster}, from ${describeSince(options.since, task)}.`,
      );
      startEngine();
      await addTask(task, sinceFor(task), inner.signal);
      let current = task;
      let endAt: number | undefined;
      let endBy: number | undefined;
      for (;;) {
        if (current.lastStatus === 'STOPPED' && endAt === undefined) {
          notify(
            'taskStopped',
            'warning',
            `Task ${shortId(taskIdOf(current.taskArn))} stopped: ${stopDescription(current)}.`,
          );
          endAt = now() + stopGraceMs;
          endBy = endAt + (options.catchUpTimeoutMs ?? 60_000);
        }
        if (endAt !== undefined && now() >= endAt && (engine.caughtUp || now() >= (endBy ?? 0))) {
          notify('ended', 'info', 'The task has stopped: the follow is over.');
          return;
        }
        const wait =
          endAt === undefined ? taskPollMs : Math.min(taskPollMs, Math.max(100, endAt - now()), 500);
        await pause(wait, inner.signal).done;
        if (inner.signal.aborted) return;
        if (endAt !== undefined) continue;
        try {
          const described = await deps.ecs.describeTasks(target.cluster, [task.taskArn ?? ''], inner.signal);
          if (described.items[0]) current = described.items[0];
          failures = 0;
        } catch (error) {
          if (isAbort(error, inner.signal)) return;
          if (++failures === 3)
            notify(
              'error',
              'warning',
              `Cannot read the task's status: ${message(error)}. Still following its logs.`,
            );
        }
      }
    }

    // A service.
    const listed = await deps.ecs.listTasks(target.cluster, { serviceName: target.service }, inner.signal);
    notify(
      'target',
      'info',
      `Logs of service ${target.service} in cluster ${target.cluster}: ${listed.items.length} running task${listed.items.length === 1 ? '' : 's'}` +
        `${listed.items.length > 0 ? `, from ${describeSince(options.since)}` : ''}; tasks that start are added, tasks that stop are marked.`,
    );
    startEngine();
    for (const task of listed.items) await addTask(task, sinceFor(task), inner.signal);
    for (;;) {
      await pause(taskPollMs, inner.signal).done;
      if (inner.signal.aborted) return;
      try {
        const list = await deps.ecs.listTasks(target.cluster, { serviceName: target.service }, inner.signal);
        const ids = new Set(list.items.map((t) => taskIdOf(t.taskArn)));
        for (const task of list.items) {
          if (tracked.has(taskIdOf(task.taskArn))) continue;
          notify(
            'taskStarted',
            'info',
            `Task ${shortId(taskIdOf(task.taskArn))} started (${definitionName(task)}).`,
          );
          // A task new to the service: all of its lines, from its creation.
          await addTask(task, (task.createdAt ?? task.startedAt)?.getTime() ?? now(), inner.signal);
        }
        const leaving = [...tracked.entries()].filter(([id, t]) => !ids.has(id) && t.state !== 'stopped');
        if (leaving.length > 0) {
          const described = await deps.ecs.describeTasks(
            target.cluster,
            leaving.map(([, t]) => t.task.taskArn ?? ''),
            inner.signal,
          );
          for (const task of described.items) {
            const entry = tracked.get(taskIdOf(task.taskArn));
            if (!entry) continue;
            entry.task = task;
            const id = shortId(taskIdOf(task.taskArn));
            if (task.lastStatus === 'STOPPED') {
              entry.state = 'stopped';
              entry.removeAt = now() + stopGraceMs;
              notify('taskStopped', 'warning', `Task ${id} stopped: ${stopDescription(task)}.`);
            } else if (entry.state === 'running') {
              entry.state = 'stopping';
              notify(
                'taskStopping',
                'info',
                `Task ${id} is stopping: ${task.stoppedReason ?? task.stopCode ?? 'stop requested'}.`,
              );
            }
          }
        }
        for (const [id, entry] of tracked) {
          if (entry.state === 'stopped' && (entry.removeAt ?? 0) <= now()) {
            engine.remove(entry.keys);
            tracked.delete(id);
          }
        }
        reportStreams();
        failures = 0;
      } catch (error) {
        if (isAbort(error, inner.signal)) return;
        if (++failures === 3) {
          notify(
            'error',
            'warning',
            `Cannot list the service's tasks: ${message(error)}. Still following the known ones.`,
          );
        }
      }
    }
  };

  try {
    await track();
  } catch (error) {
    if (!isAbort(error, inner.signal)) {
      inner.abort();
      await engineDone;
      throw error;
    }
  } finally {
    inner.abort();
    inner.release();
    await engineDone;
  }
  if (engineError !== undefined && !isAbort(engineError, signal)) throw asError(engineError);
}

/**
 * The history of a task's or a service's logs (no live part): FilterLogEvents over every source
 * from the task's start or a chosen `since`, all pages, merged in timestamp order. Editor-free.
 */
function describeSince(since: number | undefined, task?: Task): string {
  if (since !== undefined) return new Date(since).toISOString();
  return task ? 'its start' : 'the start of each task';
}
