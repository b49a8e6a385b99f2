/**
 * Follows the tasks of one run until each is RUNNING (or STOPPED), or with `until: 'stopped'` until
 * each has STOPPED (a one-off job's exit code). One DescribeTasks per poll for all the run's tasks
 * (a run has ≤ 10; the API takes 100), with backoff: Fargate takes tens of seconds to provision,
 * so polling fast at first and slower later catches the quick steps without hammering ECS.
 * Abortable; progress goes to a callback. The waiters of @aws-sdk/client-ecs are not used: they
 * poll every 6 s minimum, report nothing in between and fail without the task.
 * Editor-free.
 */
import type { Task } from '@aws-sdk/client-ecs';
import type { EcsGateway } from '../../aws/ecsGateway';
import type { DescribeFailure } from '../../aws/listAndDescribe';
import { abortError } from '../../shared/abort';
import { sleep as abortableSleep } from '../../shared/concurrency';

export type FollowGoal = 'running' | 'stopped';

export interface FollowProgress {
  readonly tasks: readonly Task[];
  /** e.g. "1 PROVISIONING, 1 RUNNING". */
  readonly summary: string;
  readonly polls: number;
}

export interface FollowOptions {
  readonly cluster: string;
  readonly taskArns: readonly string[];
  readonly until: FollowGoal;
  readonly signal: AbortSignal;
  readonly onProgress?: (progress: FollowProgress) => void;
  /** First wait, growth factor and longest wait between polls (default 2 s ×1.5 up to 15 s). */
  readonly backoff?: { readonly initialMs?: number; readonly factor?: number; readonly maxMs?: number };
  /** Give up after this long (default: never; the caller's signal ends it). */
  readonly timeoutMs?: number;
  /** Waits `ms` (tests pass one that moves a manual clock). Must reject when the signal aborts. */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly now?: () => number;
}

export interface FollowResult {
  /** The last known state of each task (in the order asked). */
  readonly tasks: readonly Task[];
  /** Every task reached the goal. */
  readonly reached: boolean;
  /** Tasks DescribeTasks no longer knows (reason MISSING: stopped over an hour ago, or a wrong ARN). */
  readonly missing: readonly DescribeFailure[];
  readonly polls: number;
}

const STATUS_ORDER = ['PROVISIONING', 'PENDING', 'ACTIVATING', 'RUNNING', 'DEACTIVATING', 'STOPPING'];

export function isSettled(task: Task, until: FollowGoal): boolean {
  if (task.lastStatus === 'STOPPED') return true;
  return until === 'running' && task.lastStatus === 'RUNNING';
}

export function statusSummary(tasks: readonly Task[]): string {
  const counts = new Map<string, number>();
  for (const t of tasks)
    counts.set(t.lastStatus ?? 'UNKNOWN', (counts.get(t.lastStatus ?? 'UNKNOWN') ?? 0) + 1);
  const rank = (s: string) => (s === 'STOPPED' ? 99 : STATUS_ORDER.indexOf(s));
  return [...counts.entries()]
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
}

export async function followTasks(
  ecs: Pick<EcsGateway, 'describeTasks'>,
  options: FollowOptions,
): Promise<FollowResult> {
  const { cluster, taskArns, until, signal } = options;
  const sleep = options.sleep ?? abortableSleep;
  const now = options.now ?? Date.now;
  const initial = options.backoff?.initialMs ?? 2000;
  const factor = options.backoff?.factor ?? 1.5;
  const max = options.backoff?.maxMs ?? 15_000;
  const deadline = options.timeoutMs === undefined ? Infinity : now() + options.timeoutMs;
  let wait = initial;
  let polls = 0;
  for (;;) {
    if (signal.aborted) throw abortError(signal);
    const described = await ecs.describeTasks(cluster, taskArns, signal);
    polls++;
    const last = new Map<string, Task>(described.items.map((t) => [t.taskArn ?? '', t]));
    const missing: DescribeFailure[] = described.failures.filter((f) => !last.has(f.arn ?? ''));
    const tasks = taskArns.flatMap((arn) => last.get(arn) ?? []);
    options.onProgress?.({ tasks, summary: statusSummary(tasks), polls });
    const settled = tasks.every((t) => isSettled(t, until));
    if (settled || tasks.length === 0) return { tasks, reached: settled && tasks.length > 0, missing, polls };
    if (now() >= deadline) return { tasks, reached: false, missing, polls };
    await sleep(Math.min(wait, Math.max(0, deadline - now())), signal);
    wait = Math.min(max, Math.round(wait * factor));
  }
}
