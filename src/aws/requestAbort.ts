/**
 * Cancellation for clients whose middleware stack is resolved once per command class.
 *
 * Every client is built with the SDK's `cacheMiddleware`: without it, each `send` sorts and
 * composes the whole middleware stack again, about a fifth of a call's CPU (1.45 → 1.13 ms per
 * DescribeServices in `npm run bench:explorer`; docs/performance.md §3). The SDK uses the cache only for calls made
 * WITHOUT options, and a call with options also throws the cache away. Our gateways cancel through
 * `send(command, { abortSignal })`, so `sendWithoutOptions` rewrites exactly those calls:
 * - the signal rides on the command's input under a symbol (the serializers write only the
 *   operation's members, so it never reaches the wire);
 * - a middleware at the very end of the stack copies it onto the signed HTTP request it hands to
 *   the HTTP handler, which passes it to Node as the SDK would (`abortSignalOf`, httpHandler.ts):
 *   an aborted request is destroyed on the wire, and a later attempt is refused before it is sent;
 * - the caller's promise rejects as soon as the signal fires (the SDK's retry wait, which used to
 *   read the signal from the per-call context, no longer sees it; its next attempt is refused).
 * Calls with any other option, or with a callback, go to the SDK unchanged (docs/aws-facts.md §12).
 */
import { abortError } from '../shared/abort';

const ABORT_SIGNAL = Symbol('ecsFargate.abortSignal');

type Tagged = { [ABORT_SIGNAL]?: AbortSignal };

interface SendableClient {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- every SDK client's overloaded send
  send(...args: any[]): unknown;
  readonly middlewareStack: unknown;
}

interface StackLike {
  add(
    middleware: (next: (args: Args) => Promise<unknown>) => (args: Args) => Promise<unknown>,
    options: { step: 'deserialize'; name: string; priority: 'low'; override: boolean },
  ): void;
}

interface Args {
  readonly input?: unknown;
  readonly request?: unknown;
}

/** The abort signal a request was sent with (see the module comment), if any. */
export function abortSignalOf(request: unknown): AbortSignal | undefined {
  return typeof request === 'object' && request !== null ? (request as Tagged)[ABORT_SIGNAL] : undefined;
}

/** `{ abortSignal }` and nothing else: the only options this module takes over. */
function onlyAbortSignal(options: unknown): AbortSignal | undefined {
  if (typeof options !== 'object' || options === null) return undefined;
  const keys = Object.keys(options).filter((k) => (options as Record<string, unknown>)[k] !== undefined);
  if (keys.length !== 1 || keys[0] !== 'abortSignal') return undefined;
  return (options as { abortSignal: AbortSignal }).abortSignal;
}

function rejectOnAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/**
 * Makes `client.send(command, { abortSignal })` a call without options (so the cached middleware
 * stack is used) that is still cancelled by the signal. Call once, right after construction.
 */
export function sendWithoutOptions(client: SendableClient): void {
  (client.middlewareStack as StackLike).add(
    (next) => (args) => {
      const signal = (args.input as Tagged | undefined)?.[ABORT_SIGNAL];
      if (signal && typeof args.request === 'object' && args.request !== null)
        (args.request as Tagged)[ABORT_SIGNAL] = signal;
      return next(args);
    },
    // Last before the HTTP handler: after signing and retries, on the very request that is sent.
    { step: 'deserialize', name: 'ecsFargateAbortSignal', priority: 'low', override: true },
  );
  const send = client.send.bind(client);
  client.send = (command: unknown, optionsOrCb?: unknown, cb?: unknown): unknown => {
    const signal = cb === undefined ? onlyAbortSignal(optionsOrCb) : undefined;
    const input = (command as { input?: unknown } | undefined)?.input;
    if (!signal || typeof input !== 'object' || input === null) return send(command, optionsOrCb, cb);
    if (signal.aborted) return Promise.reject(abortError(signal));
    (input as Tagged)[ABORT_SIGNAL] = signal;
    return rejectOnAbort(send(command) as Promise<unknown>, signal);
  };
}
