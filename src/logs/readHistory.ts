/**
 * Reads the log history of a task or service (its running tasks), from `since` or each task's
 * creation, into a sink: Show Logs renders it in a channel, Run Task's report keeps the last lines.
 * Editor-free.
 */
import { LOGS_LIMITS } from '../aws/logsGateway';
import { FillTask } from './fill';
import { shortId } from './logTargets';
import { SourceResolver, type FollowDeps, type LogTarget } from './serviceFollower';
import type { FollowSink, Notice, SourceStart } from './types';

export interface HistoryResult {
  readonly lines: number;
  readonly streams: number;
}

/** The history of a task or service (its running tasks), from `since` or each task's creation. */
export async function readHistory(
  target: LogTarget,
  deps: FollowDeps,
  sink: FollowSink,
  options: { readonly since?: number; readonly now?: () => number },
  signal: AbortSignal,
): Promise<HistoryResult> {
  const now = options.now ?? Date.now;
  const notify = (code: Notice['code'], level: Notice['level'], text: string): void =>
    sink({ kind: 'notice', code, level, text, time: now() });
  const resolver = new SourceResolver(deps, notify, target.kind === 'task' ? target.container : undefined);
  const tasks =
    target.kind === 'task'
      ? [target.task]
      : (await deps.ecs.listTasks(target.cluster, { serviceName: target.service }, signal)).items;
  if (target.kind === 'service' && tasks.length === 0) {
    notify('history', 'info', `Service ${target.service} has no running tasks.`);
    return { lines: 0, streams: 0 };
  }
  const starts: SourceStart[] = [];
  for (const task of tasks) {
    starts.push(
      ...(await resolver.resolve(
        task,
        options.since ?? (task.createdAt ?? task.startedAt)?.getTime() ?? 0,
        signal,
      )),
    );
  }
  const byGroup = new Map<string, SourceStart[]>();
  for (const s of starts) {
    const key = `${s.source.region}\u0000${s.source.group}`;
    byGroup.set(key, [...(byGroup.get(key) ?? []), s]);
  }
  let lines = 0;
  let streams = 0;
  for (const group of byGroup.values()) {
    const { region, group: name } = group[0]!.source;
    const logs = deps.logs(region);
    if (!logs) continue;
    const exists = await logs.describeLogGroup(name, signal);
    if (!exists) {
      notify(
        'explain',
        'warning',
        `Log group ${name} does not exist in ${region}: these containers have no logs (${group.map((s) => s.source.label).join(', ')}).`,
      );
      continue;
    }
    const existing = await logs.existingStreams(
      name,
      group.map((s) => s.source.stream),
      signal,
    );
    for (const s of group.filter((g) => !existing.has(g.source.stream))) {
      notify(
        'explain',
        'info',
        `No log stream ${s.source.stream} in ${name}: container ${s.source.container} of task ${shortId(s.source.taskId)} has written nothing.`,
      );
    }
    const present = group.filter((g) => existing.has(g.source.stream));
    streams += present.length;
    for (let i = 0; i < present.length; i += LOGS_LIMITS.streamNames) {
      const fill = new FillTask(region, name, present.slice(i, i + LOGS_LIMITS.streamNames), 0);
      for await (const events of fill.run(logs, signal)) {
        lines += events.length;
        sink({ kind: 'events', events });
      }
    }
  }
  notify(
    'history',
    'info',
    `End of the history: ${lines} line${lines === 1 ? '' : 's'} from ${streams} stream${streams === 1 ? '' : 's'}. Use Follow Logs to see new lines as they come.`,
  );
  return { lines, streams };
}
