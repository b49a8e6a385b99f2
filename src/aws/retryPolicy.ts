/**
 * How our SDK clients retry (docs/aws-facts.md §10):
 * - read-only calls (List*, Describe*, Get*, BatchGet*, FilterLogEvents) retry throttling and 5xx
 *   answers up to 8 attempts within a 30 s budget, with full-jitter backoff: safe, because repeating
 *   a read changes nothing, and a tree that shows an error node for a busy account is worse than one
 *   that takes a second longer;
 * - writes keep the SDK's own adaptive strategy and its attempts (3 unless configured);
 * - network errors and timeouts keep the configured attempts for reads too, so a stopped LocalStack
 *   still fails fast; expired credentials and access denied are never retried;
 * - one adaptive rate limiter per client sits in front of both, so after throttling every call of
 *   that client (read or write) slows down together, as the SDK's adaptive mode does.
 * The SDK's retry middleware picks a strategy per client, not per call, so `installRetryPolicy`
 * replaces it with the SDK's own middleware bound to the strategy of the call's command.
 */
import type { DefaultRateLimiter, DefaultRateLimiterOptions } from '@smithy/core/retry';
import type {
  RetryErrorInfo,
  RetryStrategyV2,
  RetryToken,
  StandardRetryBackoffStrategy,
} from '@smithy/types';
import { ACCESS_DENIED, EXPIRED_TOKEN, INVALID_CREDENTIALS } from './awsErrorCodes';
import { sdk } from './sdkModules';

export const READ_MAX_ATTEMPTS = 8;
export const READ_BUDGET_MS = 30_000;
/**
 * The adaptive rate limiter's floor, in calls per second per client (the SDK's is 0.5). A throttle
 * in a new client's first half second drops the SDK's limiter straight to its floor, and the tree
 * then fills at one call every 2 s for the next 10–25 s (docs/aws-facts.md §10, with the figures).
 * 10 calls/s stays under ECS's read buckets (50 burst for cluster reads, the documented example)
 * while the backoff and the cubic recovery above the floor still slow us down after throttling.
 */
export const RATE_LIMITER_MIN_FILL_RATE = 10;

export interface RetryPolicyOptions {
  /** Attempts for throttled or 5xx reads (never fewer than the configured maxAttempts). Default 8. */
  readonly readMaxAttempts?: number;
  /** A read is not retried when the next delay would end past this many ms after its start. Default 30 s. */
  readonly readBudgetMs?: number;
  /** Multiplies every backoff delay (reads and writes): tests use a small one. Default 1. */
  readonly delayScale?: number;
  /** The jitter's source, in [0, 1). Default Math.random. */
  readonly random?: () => number;
  /** Milliseconds, for the budget. Default Date.now. */
  readonly now?: () => number;
  /**
   * The adaptive rate limiter's tuning (default: the SDK's, with `minFillRate`
   * RATE_LIMITER_MIN_FILL_RATE). Its clock is real time, so tests that only check outcomes raise
   * `minFillRate` further to keep it from pacing them.
   */
  readonly rateLimiter?: DefaultRateLimiterOptions;
}

/** The SDK's base delays and cap (@smithy/core/retry: Retry.delay, Retry.throttlingDelay, MAXIMUM_RETRY_DELAY). */
export const SDK_BASE_DELAY_MS = 50;
export const SDK_THROTTLING_BASE_DELAY_MS = 1_000;
export const SDK_MAX_DELAY_MS = 20_000;

const READ_OPERATION = /^(?:(?:List|Describe|Get|BatchGet)[A-Z]|FilterLogEvents$)/;

/** Whether an operation only reads (by the AWS naming convention; `ListServicesCommand` or `ListServices`). */
export function isReadOperation(commandName: string | undefined): boolean {
  return commandName !== undefined && READ_OPERATION.test(commandName.replace(/Command$/, ''));
}

/**
 * Full jitter (the SDK's and the AWS Architecture Blog's formula): a delay drawn uniformly in
 * [0, min(cap, base · 2^retry)], `retry` counting from 0 for the first retry.
 */
export function fullJitterDelay(retry: number, baseMs: number, capMs: number, random: () => number): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** retry));
}

/** The SDK's backoff with an injectable random and scale, for the write strategy. */
class ScaledFullJitter implements StandardRetryBackoffStrategy {
  private baseMs = SDK_BASE_DELAY_MS;
  constructor(
    private readonly scale: number,
    private readonly random: () => number,
  ) {}
  setDelayBase(delayBase: number): void {
    this.baseMs = delayBase;
  }
  computeNextBackoffDelay(retry: number): number {
    return fullJitterDelay(retry, this.baseMs * this.scale, SDK_MAX_DELAY_MS * this.scale, this.random);
  }
}

interface SdkErrorLike {
  readonly name?: string;
  readonly $metadata?: { httpStatusCode?: number; clockSkewCorrected?: boolean };
}

/** Errors no retry can fix: the credentials or the permissions must change first. */
function neverRetried(error: SdkErrorLike | undefined): boolean {
  if (!error?.name || error.$metadata?.clockSkewCorrected) return false;
  return (
    EXPIRED_TOKEN.has(error.name) || ACCESS_DENIED.has(error.name) || INVALID_CREDENTIALS.has(error.name)
  );
}

class ReadRetryToken implements RetryToken {
  readonly $retryLog: { acquisitionDelay: number };
  constructor(
    readonly count: number,
    readonly startedAt: number,
    acquisitionDelay = 0,
  ) {
    this.$retryLog = { acquisitionDelay };
  }
  getRetryCount(): number {
    return this.count;
  }
  /** The strategy waits itself (then asks the rate limiter), as the SDK's strategies do. */
  getRetryDelay(): number {
    return 0;
  }
}

export interface ReadRetryStrategyOptions {
  readonly rateLimiter: DefaultRateLimiter;
  /** Attempts for network errors and timeouts (the configured maxAttempts). */
  readonly transientMaxAttempts: number;
  readonly readMaxAttempts: number;
  readonly budgetMs: number;
  readonly delayScale: number;
  readonly random: () => number;
  readonly now: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Why a read is not retried, or undefined to retry. */
export function readRetryRefusal(
  attempts: number,
  errorInfo: RetryErrorInfo,
  options: Pick<ReadRetryStrategyOptions, 'readMaxAttempts' | 'transientMaxAttempts'>,
): string | undefined {
  const error = errorInfo.error as SdkErrorLike | undefined;
  if (neverRetried(error)) return 'not retryable';
  const status = error?.$metadata?.httpStatusCode ?? 0;
  const patient =
    errorInfo.errorType === 'THROTTLING' || errorInfo.errorType === 'SERVER_ERROR' || status >= 500;
  if (!patient && errorInfo.errorType !== 'TRANSIENT') return 'not retryable';
  const limit = patient ? options.readMaxAttempts : options.transientMaxAttempts;
  return attempts >= limit ? 'attempts' : undefined;
}

/** The read strategy: more attempts, full jitter, a time budget, the client's rate limiter in front. */
export class ReadRetryStrategy implements RetryStrategyV2 {
  readonly mode = 'adaptive';
  constructor(private readonly options: ReadRetryStrategyOptions) {}

  async acquireInitialRetryToken(): Promise<RetryToken> {
    const token = new ReadRetryToken(0, this.options.now());
    await this.options.rateLimiter.getSendToken();
    return token;
  }

  async refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
    const { rateLimiter, delayScale, random, now, budgetMs } = this.options;
    rateLimiter.updateClientSendingRate(errorInfo);
    const read = token as ReadRetryToken;
    const refusal = readRetryRefusal(read.count + 1, errorInfo, this.options);
    if (refusal) throw new Error(`Read not retried: ${refusal}`);
    const base = errorInfo.errorType === 'THROTTLING' ? SDK_THROTTLING_BASE_DELAY_MS : SDK_BASE_DELAY_MS;
    let delay = fullJitterDelay(read.count, base * delayScale, SDK_MAX_DELAY_MS * delayScale, random);
    if (errorInfo.retryAfterHint instanceof Date) {
      delay = Math.max(delay, errorInfo.retryAfterHint.getTime() - now());
    }
    if (now() - read.startedAt + delay > budgetMs) throw new Error('Read not retried: time budget spent');
    await (this.options.sleep ?? sleep)(delay);
    await rateLimiter.getSendToken();
    return new ReadRetryToken(read.count + 1, read.startedAt, delay);
  }

  recordSuccess(): void {
    this.options.rateLimiter.updateClientSendingRate({});
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface ClientRetry {
  /** One per client, in front of both strategies. */
  readonly rateLimiter: DefaultRateLimiter;
  /** The client config's retryStrategy (used for writes). */
  readonly writeStrategy: RetryStrategyV2;
  readonly readStrategy: RetryStrategyV2;
  readonly readMaxAttempts: number;
}

/** The two strategies of one client, sharing its rate limiter. */
export function createClientRetry(maxAttempts: number, options: RetryPolicyOptions = {}): ClientRetry {
  const { AdaptiveRetryStrategy, DefaultRateLimiter } = sdk.retry();
  const rateLimiter = new DefaultRateLimiter({
    minFillRate: RATE_LIMITER_MIN_FILL_RATE,
    ...options.rateLimiter,
  });
  const random = options.random ?? Math.random;
  const delayScale = options.delayScale ?? 1;
  const readMaxAttempts = Math.max(options.readMaxAttempts ?? READ_MAX_ATTEMPTS, maxAttempts);
  const writeStrategy = new AdaptiveRetryStrategy(maxAttempts, {
    maxAttempts,
    rateLimiter,
    backoff: new ScaledFullJitter(delayScale, random),
  });
  const readStrategy = new ReadRetryStrategy({
    rateLimiter,
    transientMaxAttempts: maxAttempts,
    readMaxAttempts,
    budgetMs: options.readBudgetMs ?? READ_BUDGET_MS,
    delayScale,
    random,
    now: options.now ?? Date.now,
  });
  return { rateLimiter, writeStrategy, readStrategy, readMaxAttempts };
}

interface StackLike {
  add(middleware: unknown, options: unknown): void;
}

/**
 * Replaces the client's retry middleware (same name, step and priority) with the SDK's own
 * middleware bound, per call, to the read or the write strategy by the command's name.
 */
export function installRetryPolicy(
  client: { readonly middlewareStack: unknown },
  retry: ClientRetry,
  writeMaxAttempts: number,
): void {
  const { retryMiddleware, retryMiddlewareOptions } = sdk.retry();
  // maxAttempts only feeds the `amz-sdk-request: attempt=n; max=m` header; the strategies decide.
  const forWrites = retryMiddleware({
    maxAttempts: () => Promise.resolve(writeMaxAttempts),
    retryStrategy: () => Promise.resolve(retry.writeStrategy),
  });
  const forReads = retryMiddleware({
    maxAttempts: () => Promise.resolve(retry.readMaxAttempts),
    retryStrategy: () => Promise.resolve(retry.readStrategy),
  });
  type Next = Parameters<typeof forReads>[0];
  type Context = Parameters<typeof forReads>[1];
  const middleware = (next: Next, context: Context) =>
    (isReadOperation(context.commandName) ? forReads : forWrites)(next, context);
  (client.middlewareStack as StackLike).add(middleware, { ...retryMiddlewareOptions, override: true });
}
