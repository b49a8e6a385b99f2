/**
 * A FIFO concurrency limiter: at most `max` tasks run at once, the rest wait in order.
 * `max` is read on every scheduling decision, so a settings change applies to queued work.
 */
import { abortError } from './abort';

export interface Limiter {
  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T>;
  readonly active: number;
  readonly queued: number;
}

export function createLimiter(max: () => number): Limiter {
  let active = 0;
  const waiting: Array<() => void> = [];

  const next = () => {
    // Read once per decision, not per slot: inside VS Code each read is a getConfiguration.
    const limit = Math.max(1, max());
    while (active < limit && waiting.length > 0) {
      active++;
      waiting.shift()?.();
    }
  };

  return {
    get active() {
      return active;
    },
    get queued() {
      return waiting.length;
    },
    run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const start = () => {
          if (signal?.aborted) {
            active--;
            next();
            reject(abortError(signal));
            return;
          }
          const release = () => {
            active--;
            next();
          };
          // Release the slot before settling, so a caller that awaits sees it free.
          task().then(
            (value) => {
              release();
              resolve(value);
            },
            (error: unknown) => {
              release();
              reject(error instanceof Error ? error : new Error(String(error)));
            },
          );
        };
        waiting.push(start);
        next();
      });
    },
  };
}

/** Resolves after `ms`, or rejects with an AbortError as soon as the signal aborts (no timer left behind). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      if (signal) reject(abortError(signal));
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
