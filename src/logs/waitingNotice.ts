/**
 * What a follow says while a container's log stream does not exist, worded by its task's state and
 * age: a task that is starting has no stream yet (awslogs creates it when the container starts,
 * docs/aws-facts.md §3), but a task that has been running for a while and has none has written
 * nothing where its task definition says (or could not create the stream). Editor-free.
 */
import { formatAge } from '../shared/time';
import { shortId } from './logTargets';
import type { LogSource, TaskState } from './types';

/** A task that started running this recently may still be creating its streams. */
export const JUST_STARTED_MS = 60_000;

const STARTING = new Set(['PROVISIONING', 'PENDING', 'ACTIVATING']);
const STOPPING = new Set(['DEACTIVATING', 'STOPPING', 'DEPROVISIONING', 'STOPPED']);

/** The awslogs-stream-prefix of a source's stream (`prefix/container/task-id`), if it has one. */
export function streamPrefix(source: LogSource): string | undefined {
  const tail = `/${source.container}/${source.taskId}`;
  return source.stream.endsWith(tail) ? source.stream.slice(0, -tail.length) : undefined;
}

function where(source: LogSource): string {
  const prefix = streamPrefix(source);
  return `${source.group}${prefix ? ` (stream prefix ${prefix})` : ` (stream ${source.stream})`}`;
}

/** The line said once per task, the first time one of its streams is found missing. */
export function waitingText(source: LogSource, task: TaskState | undefined, now: number): string {
  const id = shortId(source.taskId);
  const status = task?.lastStatus;
  if (status !== undefined && STARTING.has(status)) {
    return `Waiting for the logs of task ${id}: it is ${status}, and a task that is starting has no log stream yet…`;
  }
  if (status !== undefined && STOPPING.has(status)) {
    return `Task ${id} is ${status} and has written no logs to ${where(source)}. Still looking…`;
  }
  if (status === 'RUNNING' && task?.startedAt !== undefined && now - task.startedAt >= JUST_STARTED_MS) {
    return (
      `Task ${id}, running for ${formatAge(task.startedAt, now)}: this task has written no logs to ` +
      `${where(source)} — there is no stream ${source.stream}. Waiting for one…`
    );
  }
  if (status === 'RUNNING') {
    return `Waiting for the logs of task ${id}: it has just started, and its log stream ${source.stream} does not exist yet…`;
  }
  return `Waiting for the logs of task ${id} to appear in ${where(source)}…`;
}
