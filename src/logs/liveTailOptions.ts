/** Live Tail's tunables, and the error that hands a follow over to polling. Editor-free. */
import { LOGS_LIMITS } from '../aws/logsGateway';
import type { AvailabilityOptions } from './availability';
import type { Handover } from './pollingFollower';

export interface LiveTailOptions {
  /** How far before the newest line a gap fill starts (default 5000). */
  readonly lookbackMs: number;
  /** How long after a fill the session's copies of its lines are dropped (default 15 s). */
  readonly seamMs: number;
  /** Sources changing restart the session after this quiet time (default 500 ms). */
  readonly restartDebounceMs: number;
  /** First wait after a failed session; doubles up to maxBackoffMs (defaults 1 s, 30 s). */
  readonly retryMs: number;
  readonly maxBackoffMs: number;
  readonly availability: Omit<AvailabilityOptions, 'now'>;
  readonly now: () => number;
}

export const DEFAULT_LIVE_TAIL: Omit<LiveTailOptions, 'now'> = {
  lookbackMs: 5000,
  seamMs: 15_000,
  restartDebounceMs: 500,
  retryMs: 1000,
  maxBackoffMs: 30_000,
  availability: { waitMs: 30_000, recheckMs: 2000 },
};

/** Live Tail cannot be used (denied, or too many groups): poll instead, from the handover. */
export class LiveTailUnavailable extends Error {
  override readonly name = 'LiveTailUnavailable';
  constructor(
    readonly reason: 'denied' | 'tooManyGroups' | 'unreachable',
    readonly handover: Handover,
    options?: { cause?: unknown },
  ) {
    super(
      reason === 'denied'
        ? 'Live Tail is not permitted (logs:StartLiveTail).'
        : reason === 'unreachable'
          ? 'The Live Tail endpoint cannot be reached.'
          : `Live Tail takes at most ${LOGS_LIMITS.liveTailGroups} log groups.`,
      options,
    );
  }
}
