import * as assert from 'node:assert/strict';
import { chunk, listAndDescribe } from '../../../src/aws/listAndDescribe';
import { createLimiter } from '../../../src/shared/concurrency';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('listAndDescribe', () => {
  it('describes batches while later pages are still being listed, keeping list order', async () => {
    const ids = Array.from({ length: 250 }, (_, i) => `id-${i}`);
    const events: string[] = [];
    const result = await listAndDescribe({
      listPage: async (token) => {
        const start = Number(token ?? 0);
        events.push(`list ${start}`);
        await sleep(5);
        const next = start + 100;
        return { ids: ids.slice(start, next), nextToken: next < ids.length ? String(next) : undefined };
      },
      describe: async (batch) => {
        events.push(`describe ${batch[0]}`);
        await sleep(1);
        return {
          items: batch.map((id) => id.toUpperCase()),
          failures: batch.includes('id-42') ? [{ arn: 'x', reason: 'MISSING' }] : [],
        };
      },
      batchSize: 10,
      listLimiter: createLimiter(() => 1),
      describeLimiter: createLimiter(() => 4),
    });
    assert.equal(result.items.length, 250);
    assert.deepEqual(result.items.slice(0, 3), ['ID-0', 'ID-1', 'ID-2']);
    assert.equal(result.items[249], 'ID-249');
    assert.deepEqual(result.failures, [{ arn: 'x', reason: 'MISSING' }]);
    assert.ok(
      events.indexOf('describe id-0') < events.indexOf('list 100'),
      'first batch described before page 2 is listed',
    );
    assert.equal(events.filter((e) => e.startsWith('describe')).length, 25);
  });

  it('bounds describe concurrency', async () => {
    let active = 0;
    let peak = 0;
    await listAndDescribe({
      listPage: () => Promise.resolve({ ids: Array.from({ length: 100 }, (_, i) => `${i}`) }),
      describe: async (batch) => {
        active++;
        peak = Math.max(peak, active);
        await sleep(3);
        active--;
        return { items: batch, failures: [] };
      },
      batchSize: 10,
      listLimiter: createLimiter(() => 1),
      describeLimiter: createLimiter(() => 3),
    });
    assert.equal(peak, 3);
  });

  it('propagates a describe failure', async () => {
    await assert.rejects(
      listAndDescribe({
        listPage: () => Promise.resolve({ ids: ['a', 'b'] }),
        describe: () => Promise.reject(new Error('AccessDenied')),
        batchSize: 10,
        listLimiter: createLimiter(() => 1),
        describeLimiter: createLimiter(() => 1),
      }),
      /AccessDenied/,
    );
  });

  it('chunks', () => {
    assert.deepEqual(chunk([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
    assert.deepEqual(chunk([], 10), []);
  });
});
