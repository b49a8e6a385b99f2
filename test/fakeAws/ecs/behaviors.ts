/**
 * Image behaviours: how tasks of an image fail, so the Run Task and Deploy features can be tested
 * against ECS's real failure shapes. A behaviour is matched by the image of a task's essential
 * container when the task is started (RunTask or the service scheduler) and is written into the
 * task's schedule at once; nothing runs on a timer (see exits.ts for when the stop becomes visible).
 */
import { phases, START_SEQUENCE, STOP_SEQUENCE } from './lifecycle';
import type { ContainerRecord, Phase, PlannedExit, TaskRecord } from './types';

export type ImageBehavior =
  /** The pull fails: PROVISIONING → PENDING → STOPPED, TaskFailedToStart, CannotPullContainerError. */
  | { kind: 'pullError'; message?: string }
  /** Registry auth or secrets cannot be fetched: TaskFailedToStart before any pull. */
  | { kind: 'resourceInitError'; message?: string }
  /** Runs, then the essential container exits with `exitCode` after `afterMs` (default one step). */
  | { kind: 'crash'; exitCode: number; afterMs?: number; reason?: string }
  /** Runs, then the kernel kills it: exit code 137 and ECS's OutOfMemoryError reason. */
  | { kind: 'oom'; afterMs?: number }
  /** A run-to-completion job: runs, then exits (default exit code 0). */
  | { kind: 'complete'; exitCode?: number; afterMs?: number };

export const BEHAVIOR_KINDS: readonly ImageBehavior['kind'][] = [
  'pullError',
  'resourceInitError',
  'crash',
  'oom',
  'complete',
];

export const ESSENTIAL_CONTAINER_EXITED = 'Essential container in task exited';
export const OOM_REASON = 'OutOfMemoryError: Container killed due to memory usage';

/** The reference containerd resolves: Docker Hub short names get `docker.io/library/` and `:latest`. */
export function imageRef(image: string): string {
  const [first, ...rest] = image.split('/');
  const hasRegistry = rest.length > 0 && (/[.:]/.test(first!) || first === 'localhost');
  let ref = hasRegistry ? image : `docker.io/${rest.length === 0 ? 'library/' : ''}${image}`;
  const lastSegment = ref.slice(ref.lastIndexOf('/') + 1);
  if (!lastSegment.includes(':') && !lastSegment.includes('@')) ref += ':latest';
  return ref;
}

/** Fargate's (platform 1.4) text for an image tag or repository that does not exist. */
export function pullErrorReason(image: string): string {
  const ref = imageRef(image);
  return `CannotPullContainerError: pull image manifest has been retried 7 time(s): failed to resolve ref ${ref}: ${ref}: not found`;
}

export function resourceInitErrorReason(region: string, message?: string): string {
  const prefix = 'ResourceInitializationError: ';
  if (message !== undefined) return message.startsWith(prefix) ? message : prefix + message;
  return (
    `${prefix}unable to pull secrets or registry auth: execution resource retrieval failed: unable to ` +
    'retrieve ecr registry auth: service call has been retried 5 time(s): RequestError: send request ' +
    `failed caused by: Post "https://api.ecr.${region}.amazonaws.com/": dial tcp 10.0.0.2:443: i/o ` +
    'timeout. Please check your task network configuration.'
  );
}

function validate(behavior: ImageBehavior): void {
  if (!BEHAVIOR_KINDS.includes(behavior.kind)) {
    throw new Error(
      `unknown image behaviour kind ${String(behavior.kind)}; use ${BEHAVIOR_KINDS.join(', ')}`,
    );
  }
  if (behavior.kind === 'crash' && !Number.isInteger(behavior.exitCode)) {
    throw new Error('a crash behaviour needs an integer exitCode');
  }
  const afterMs = 'afterMs' in behavior ? behavior.afterMs : undefined;
  if (afterMs !== undefined && (typeof afterMs !== 'number' || afterMs < 0)) {
    throw new Error('afterMs must be a number ≥ 0');
  }
}

/** Behaviours by image: an exact image, or a prefix ending in `*`. Exact wins, then the longest prefix. */
export class ImageBehaviors {
  private readonly rules = new Map<string, ImageBehavior>();

  set(imageMatch: string, behavior: ImageBehavior): void {
    if (imageMatch === '' || imageMatch === '*')
      throw new Error('an image behaviour needs an image or prefix*');
    validate(behavior);
    this.rules.set(imageMatch, structuredClone(behavior));
  }

  clear(imageMatch?: string): void {
    if (imageMatch === undefined) this.rules.clear();
    else this.rules.delete(imageMatch);
  }

  get size(): number {
    return this.rules.size;
  }

  match(image: string): ImageBehavior | undefined {
    const exact = this.rules.get(image);
    if (exact) return exact;
    let best: { length: number; behavior: ImageBehavior } | undefined;
    for (const [pattern, behavior] of this.rules) {
      if (!pattern.endsWith('*')) continue;
      const prefix = pattern.slice(0, -1);
      if (image.startsWith(prefix) && (!best || prefix.length > best.length))
        best = { length: prefix.length, behavior };
    }
    return best?.behavior;
  }

  /** The first essential container whose image has a behaviour, with that behaviour. */
  forTask(task: TaskRecord): { container: ContainerRecord; behavior: ImageBehavior } | undefined {
    if (this.rules.size === 0) return undefined;
    for (const container of task.containers) {
      if (!container.essential) continue;
      const behavior = this.match(container.image);
      if (behavior) return { container, behavior };
    }
    return undefined;
  }
}

/**
 * Rewrites a just-built task's schedule (started at `at`) for its image's behaviour. A task that
 * fails to start never reaches RUNNING: PROVISIONING → PENDING, stop requested when the pull (or the
 * secrets fetch) gives up, STOPPED one step later. A task that runs stops like any other after its
 * essential container exits.
 */
export function applyBehavior(
  task: TaskRecord,
  container: ContainerRecord,
  behavior: ImageBehavior,
  at: number,
  stepMs: number,
  region: string,
): void {
  if (behavior.kind === 'pullError' || behavior.kind === 'resourceInitError') {
    const failAt = at + 2 * stepMs;
    const reason =
      behavior.kind === 'pullError'
        ? (behavior.message ?? pullErrorReason(container.image))
        : resourceInitErrorReason(region, behavior.message);
    task.phases = [
      ...phases(START_SEQUENCE, at, stepMs, 'PENDING'),
      { status: 'STOPPED', at: failAt + stepMs },
    ];
    task.pull = behavior.kind === 'pullError' ? { startedAt: at + stepMs, stoppedAt: failAt } : {};
    task.plannedExit = {
      at: failAt,
      stopCode: 'TaskFailedToStart',
      stoppedReason: reason,
      container: container.name,
      containerReason: behavior.kind === 'pullError' ? reason : undefined,
    };
    return;
  }
  const exitCode =
    behavior.kind === 'oom' ? 137 : behavior.kind === 'crash' ? behavior.exitCode : (behavior.exitCode ?? 0);
  const running: Phase[] = phases(START_SEQUENCE, at, stepMs);
  const runningAt = running.at(-1)!.at;
  // At least 1 ms after RUNNING, so a zero-step lifecycle still shows the task ran.
  const exitAt = runningAt + Math.max(1, behavior.afterMs ?? stepMs);
  task.phases = [...running, ...phases(STOP_SEQUENCE, exitAt, stepMs)];
  const exit: PlannedExit = {
    at: exitAt,
    stopCode: 'EssentialContainerExited',
    stoppedReason: ESSENTIAL_CONTAINER_EXITED,
    container: container.name,
    exitCode,
    containerReason:
      behavior.kind === 'oom' ? OOM_REASON : behavior.kind === 'crash' ? behavior.reason : undefined,
  };
  task.plannedExit = exit;
}
