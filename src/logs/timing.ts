/** Abortable waits for the followers (a timer that an AbortSignal clears: nothing is left behind). */
import { sleep } from '../shared/concurrency';

export { sleep };

/** Like sleep, but resolves (instead of rejecting) when aborted or when `wake` is called first. */
export function pause(ms: number, signal: AbortSignal): { done: Promise<void>; wake: () => void } {
  let wake = (): void => undefined;
  const done = new Promise<void>((resolve) => {
    const finish = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', finish);
      resolve();
    };
    const timer = setTimeout(finish, Math.max(0, ms));
    signal.addEventListener('abort', finish, { once: true });
    wake = finish;
    if (signal.aborted) finish();
  });
  return { done, wake };
}

/** A signal that aborts when the parent does or when abort() is called. */
export function childController(parent: AbortSignal): AbortController & { release(): void } {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(parent.reason);
  if (parent.aborted) controller.abort(parent.reason);
  else parent.addEventListener('abort', onAbort, { once: true });
  return Object.assign(controller, { release: () => parent.removeEventListener('abort', onAbort) });
}

export function isAbort(error: unknown, signal?: AbortSignal): boolean {
  return signal?.aborted === true || (error instanceof Error && error.name === 'AbortError');
}

/** A thrown value as an Error (rethrowing what a callback caught). */
export function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
