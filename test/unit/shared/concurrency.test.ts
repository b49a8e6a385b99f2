import * as assert from 'node:assert/strict';
import { createLimiter } from '../../../src/shared/concurrency';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('createLimiter', () => {
  it('never runs more than max at once, and runs everything in order', async () => {
    const limiter = createLimiter(() => 3);
    let active = 0;
    let peak = 0;
    const started: number[] = [];
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        limiter.run(async () => {
          started.push(i);
          active++;
          peak = Math.max(peak, active);
          await sleep(5);
          active--;
          return i * 2;
        }),
      ),
    );
    assert.equal(peak, 3);
    assert.deepEqual(started, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual(results, [0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
  });

  it('frees its slot when a task fails', async () => {
    const limiter = createLimiter(() => 1);
    await assert.rejects(
      limiter.run(() => Promise.reject(new Error('boom'))),
      /boom/,
    );
    assert.equal(await limiter.run(() => Promise.resolve('next')), 'next');
    assert.equal(limiter.active, 0);
  });

  it('rejects queued work once its signal is aborted', async () => {
    const limiter = createLimiter(() => 1);
    const controller = new AbortController();
    const first = limiter.run(() => sleep(10));
    const second = limiter.run(() => Promise.resolve('ran'), controller.signal);
    controller.abort();
    await first;
    await assert.rejects(second, { name: 'AbortError' });
  });
});
