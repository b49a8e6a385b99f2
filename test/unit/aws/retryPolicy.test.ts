/**
 * The retry policy's pure parts: which operations are reads, the full-jitter delays (with an
 * injected random), which errors a read retries and how often, and the read strategy's waits and
 * time budget (with an injected clock and sleep, around the SDK's real rate limiter).
 */
import * as assert from 'node:assert/strict';
import { DefaultRateLimiter } from '@smithy/core/retry';
import type { RetryErrorInfo, RetryToken, SdkError } from '@smithy/types';
import {
  createClientRetry,
  fullJitterDelay,
  isReadOperation,
  ReadRetryStrategy,
  RATE_LIMITER_MIN_FILL_RATE,
  readRetryRefusal,
  SDK_MAX_DELAY_MS,
  SDK_THROTTLING_BASE_DELAY_MS,
} from '../../../src/aws/retryPolicy';

function sdkError(name: string, status: number, extra: { clockSkewCorrected?: true } = {}): SdkError {
  return Object.assign(new Error(name), {
    name,
    $metadata: { httpStatusCode: status, ...extra },
  }) as SdkError;
}
const throttled: RetryErrorInfo = { errorType: 'THROTTLING', error: sdkError('ThrottlingException', 400) };
const internal: RetryErrorInfo = { errorType: 'TRANSIENT', error: sdkError('ServerException', 500) };
const otherServer: RetryErrorInfo = { errorType: 'SERVER_ERROR', error: sdkError('Whatever', 501) };
const network: RetryErrorInfo = {
  errorType: 'TRANSIENT',
  error: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }) as SdkError,
};
const limits = { readMaxAttempts: 8, transientMaxAttempts: 3 };

describe('retry policy', () => {
  it('tells reads (List*, Describe*, Get*, BatchGet*, FilterLogEvents) from writes', () => {
    for (const read of [
      'ListServicesCommand',
      'DescribeServices',
      'GetMetricDataCommand',
      'BatchGetImageCommand',
      'FilterLogEventsCommand',
      'GetLogEvents',
    ]) {
      assert.equal(isReadOperation(read), true, read);
    }
    for (const write of [
      'UpdateServiceCommand',
      'RegisterTaskDefinitionCommand',
      'RunTask',
      'PutLogEventsCommand',
      'Listen',
      'Getaway',
      'StartLiveTailCommand',
      undefined,
    ]) {
      assert.equal(isReadOperation(write), false, String(write));
    }
  });

  it('draws full-jitter delays uniformly in [0, min(cap, base · 2^retry)]', () => {
    assert.equal(
      fullJitterDelay(0, 1000, 20_000, () => 0),
      0,
    );
    assert.equal(
      fullJitterDelay(0, 1000, 20_000, () => 0.5),
      500,
    );
    assert.equal(
      fullJitterDelay(3, 1000, 20_000, () => 0.5),
      4000,
    );
    assert.equal(
      fullJitterDelay(3, 1000, 20_000, () => 0.999999),
      7999,
    );
    assert.equal(
      fullJitterDelay(5, 1000, 20_000, () => 0.999999),
      19_999,
      'capped at 20 s',
    );
    assert.equal(
      fullJitterDelay(30, 1000, 20_000, () => 0.25),
      5000,
    );
    for (let retry = 0; retry < 10; retry++) {
      for (const r of [0, 0.1, 0.5, 0.9, 0.9999]) {
        const d = fullJitterDelay(retry, 50, 20_000, () => r);
        assert.ok(d >= 0 && d <= Math.min(20_000, 50 * 2 ** retry), `retry ${retry}, random ${r}: ${d}`);
      }
    }
  });

  it('retries throttling and 5xx reads up to 8 attempts, network errors up to 3, credentials and permissions never', () => {
    assert.equal(readRetryRefusal(1, throttled, limits), undefined);
    assert.equal(readRetryRefusal(7, throttled, limits), undefined);
    assert.equal(readRetryRefusal(8, throttled, limits), 'attempts');
    assert.equal(readRetryRefusal(7, internal, limits), undefined);
    assert.equal(readRetryRefusal(7, otherServer, limits), undefined, 'any 5xx, not only 500/502/503/504');
    assert.equal(readRetryRefusal(2, network, limits), undefined);
    assert.equal(readRetryRefusal(3, network, limits), 'attempts', 'a stopped endpoint still fails fast');
    for (const name of ['ExpiredTokenException', 'AccessDeniedException', 'UnrecognizedClientException']) {
      const info: RetryErrorInfo = { errorType: 'TRANSIENT', error: sdkError(name, 400) };
      assert.equal(readRetryRefusal(1, info, limits), 'not retryable', name);
    }
    const skewed: RetryErrorInfo = {
      errorType: 'TRANSIENT',
      error: sdkError('InvalidSignatureException', 403, { clockSkewCorrected: true }),
    };
    assert.equal(readRetryRefusal(1, skewed, limits), undefined, 'the SDK corrected the clock: one more try');
    assert.equal(
      readRetryRefusal(1, { errorType: 'CLIENT_ERROR', error: sdkError('ClientException', 400) }, limits),
      'not retryable',
    );
  });

  function strategy(options: { random: () => number; now: () => number; budgetMs?: number }) {
    const slept: number[] = [];
    const s = new ReadRetryStrategy({
      rateLimiter: new DefaultRateLimiter({ minFillRate: 1000 }),
      transientMaxAttempts: 3,
      readMaxAttempts: 8,
      budgetMs: options.budgetMs ?? 30_000,
      delayScale: 1,
      random: options.random,
      now: options.now,
      sleep: (ms) => Promise.resolve(void slept.push(ms)),
    });
    return { s, slept };
  }

  it('waits full-jitter delays from the SDK’s throttling base, then gives up after the 8th attempt', async () => {
    const { s, slept } = strategy({ random: () => 0.5, now: () => 0, budgetMs: Infinity });
    let token: RetryToken = await s.acquireInitialRetryToken();
    for (let retry = 0; retry < 7; retry++) token = await s.refreshRetryTokenForRetry(token, throttled);
    assert.equal(token.getRetryCount(), 7);
    const expected = [0, 1, 2, 3, 4, 5, 6].map((n) =>
      Math.floor(0.5 * Math.min(SDK_MAX_DELAY_MS, SDK_THROTTLING_BASE_DELAY_MS * 2 ** n)),
    );
    assert.deepEqual(slept, expected);
    await assert.rejects(s.refreshRetryTokenForRetry(token, throttled), /attempts/);
  });

  it('stops retrying when the next delay would end past the budget', async () => {
    let t = 0;
    const { s, slept } = strategy({ random: () => 0.5, now: () => t, budgetMs: 30_000 });
    let token = await s.acquireInitialRetryToken();
    t = 12_000;
    token = await s.refreshRetryTokenForRetry(token, throttled); // 12 s + 0.5 s
    t = 28_000;
    token = await s.refreshRetryTokenForRetry(token, throttled); // 28 s + 1 s
    t = 28_500;
    await assert.rejects(s.refreshRetryTokenForRetry(token, throttled), /time budget/); // 28.5 s + 2 s > 30 s
    assert.deepEqual(slept, [500, 1000]);
  });

  it('a client throttled in its first half second keeps pacing at our floor, not the SDK’s 0.5 calls/s', () => {
    // The limiter's fill rate is private to the SDK; it is what paces every call of the client.
    const fillRate = (limiter: DefaultRateLimiter) => (limiter as unknown as { fillRate: number }).fillRate;
    // The rate after a throttle depends on the half-second bucket the call falls in: compare
    // with the floors, not exact values.
    const sdkDefault = new DefaultRateLimiter();
    sdkDefault.updateClientSendingRate(throttled);
    assert.ok(fillRate(sdkDefault) < 2, `the SDK's limiter falls to ~0.5 calls/s (${fillRate(sdkDefault)})`);

    const ours = createClientRetry(3).rateLimiter;
    ours.updateClientSendingRate(throttled);
    assert.ok(fillRate(ours) >= RATE_LIMITER_MIN_FILL_RATE, `ours stays at ${fillRate(ours)} calls/s`);
    const tuned = createClientRetry(3, { rateLimiter: { minFillRate: 200 } }).rateLimiter;
    tuned.updateClientSendingRate(throttled);
    assert.ok(fillRate(tuned) >= 200, 'a caller’s tuning wins');
  });
});
