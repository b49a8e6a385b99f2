/**
 * The last log lines of a task, read once through the same history reader Show Logs uses, as
 * evidence for the stopped-task report ("exec format error" only shows up in the logs). Editor-free.
 */
import type { Task } from '@aws-sdk/client-ecs';
import type { FollowDeps } from '../../logs/serviceFollower';
import { readHistory } from '../../logs/readHistory';

export async function recentLogLines(
  deps: FollowDeps,
  cluster: string,
  task: Task,
  signal: AbortSignal,
  keep = 50,
): Promise<string[]> {
  const lines: string[] = [];
  await readHistory(
    { kind: 'task', cluster, task },
    deps,
    (item) => {
      if (item.kind === 'events') lines.push(...item.events.map((e) => e.message));
    },
    {},
    signal,
  );
  return lines.slice(-keep);
}
