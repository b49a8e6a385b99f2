import * as assert from 'node:assert/strict';
import { chunk, listAndDescribe, type Described, type Page } from '../../../src/aws/listAndDescribe';
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
      events.indexOf('describe id-0') < events.indexOf('list 200'),
      'first batch described while page 2 is being listed',
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

/** Pages of `pageSize` ids; the calls are journaled in the order they are made. */
function source(total: number, pageSize: number) {
  const calls: string[] = [];
  const listPage = (token: string | undefined): Promise<Page> => {
    const start = Number(token ?? 0);
    calls.push(`list ${start}`);
    const ids = Array.from({ length: Math.min(pageSize, total - start) }, (_, i) => `id-${start + i}`);
    const next = start + pageSize < total ? String(start + pageSize) : undefined;
    return Promise.resolve({ ids, nextToken: next });
  };
  const describe = (ids: readonly string[]): Promise<Described<string>> => {
    calls.push(`describe ${ids[0] ?? ''}`);
    return Promise.resolve({ items: ids.map((id) => id.toUpperCase()), failures: [] });
  };
  return { calls, listPage, describe };
}

describe('listAndDescribe: the page chain goes first', function () {
  it('requests the next page before describing the page it just got', async () => {
    const s = source(30, 10);
    const result = await listAndDescribe({
      ...s,
      batchSize: 5,
      listLimiter: createLimiter(() => 1),
      describeLimiter: createLimiter(() => 8),
    });
    assert.equal(result.items.length, 30);
    assert.deepEqual(s.calls.slice(0, 3), ['list 0', 'list 10', 'describe id-0']);
    // Each page's request precedes the describes of the page before it.
    assert.ok(s.calls.indexOf('list 20') < s.calls.indexOf('describe id-10'));
  });

  it('keeps listing while every describe is held', async () => {
    const s = source(2000, 100);
    const held: Array<() => void> = [];
    const describe = (ids: readonly string[]) =>
      new Promise<Described<string>>((resolve) =>
        held.push(() => resolve({ items: [...ids], failures: [] })),
      );
    const batches: number[] = [];
    const listing = listAndDescribe({
      listPage: s.listPage,
      describe,
      batchSize: 10,
      listLimiter: createLimiter(() => 8),
      describeLimiter: createLimiter(() => 8),
      onBatch: (b) => batches.push(b.items.length),
    });
    for (let i = 0; i < 100; i++) await Promise.resolve();
    assert.equal(s.calls.filter((c) => c.startsWith('list')).length, 20, 'all 20 pages listed');
    assert.equal(held.length, 8, 'describes wait for their own limiter only');
    assert.deepEqual(batches, []);
    while (held.length > 0) {
      held.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    const result = await listing;
    assert.equal(result.items.length, 2000);
    assert.equal(batches.length, 200, 'every batch reported as it arrived');
  });

  it('a failing page rejects the listing (nothing left unobserved)', async () => {
    const s = source(300, 100);
    await assert.rejects(
      listAndDescribe({
        listPage: (token) =>
          token === '200' ? Promise.reject(new Error('page 3 failed')) : s.listPage(token),
        describe: s.describe,
        batchSize: 10,
        listLimiter: createLimiter(() => 8),
        describeLimiter: createLimiter(() => 8),
      }),
      /page 3 failed/,
    );
  });
});
