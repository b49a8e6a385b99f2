/**
 * The one home of cancellation for editor-free code: the error an aborted operation rejects with
 * (named AbortError, like the SDK's and fetch's, so the UI layer recognises it as a cancellation and
 * stays silent) and the test for it.
 */

/** An AbortError; with a signal whose reason is an Error, that reason. */
export function abortError(signal?: AbortSignal, message = 'The operation was cancelled.'): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error) return reason;
  const error = new Error(message);
  error.name = 'AbortError';
  return error;
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}
