import * as assert from 'node:assert/strict';
import { contentKey, EmittedWindow, EventIdWindow, KeyCounts, SeamGuard } from '../../../src/logs/dedupe';

describe('logs/dedupe', () => {
  describe('EventIdWindow (the AWS CLI method, widened by a lookback)', () => {
    it('with lookback 0 it is the CLI: ids at the newest timestamp, the next query starts there', () => {
      const w = new EventIdWindow(0);
      assert.ok(w.admit('a', 100));
      assert.ok(w.admit('b', 200));
      assert.ok(w.admit('c', 200));
      w.prune();
      assert.equal(w.size, 2, 'only the ids at the newest timestamp are kept');
      assert.equal(w.startTime, 200);
      assert.ok(!w.admit('b', 200), 'a repeat at the restart timestamp is skipped');
      assert.ok(w.admit('d', 200), 'a new event at the same millisecond is not');
    });

    it('with a lookback, keeps ids within it and restarts that much earlier', () => {
      const w = new EventIdWindow(1000);
      w.admit('old', 0);
      w.admit('a', 1500);
      w.admit('b', 2000);
      w.prune();
      assert.equal(w.startTime, 1000);
      assert.equal(w.size, 2);
      assert.ok(!w.admit('a', 1500), 'a late batch re-read within the lookback is skipped');
      assert.ok(w.admit('late', 1200), 'a late event first seen now is shown');
    });

    it('absorbs another window (a finished history joining the poll)', () => {
      const poll = new EventIdWindow(1000);
      const fill = new EventIdWindow(1000);
      fill.admit('x', 5000);
      poll.absorb(fill);
      assert.ok(!poll.admit('x', 5000));
      assert.equal(poll.startTime, 4000);
    });
  });

  describe('content keys (Live Tail has no event ids)', () => {
    it('counts identical lines: two in the same millisecond are two events', () => {
      const counts = new KeyCounts();
      const key = contentKey({ group: 'g', stream: 's', timestamp: 1, message: 'same' });
      counts.add(key);
      counts.add(key);
      assert.ok(counts.take(key));
      assert.ok(counts.take(key));
      assert.ok(!counts.take(key));
    });

    it('EmittedWindow keeps what was shown within its window, and gives the counts since a time', () => {
      const w = new EmittedWindow(1000);
      const e = (timestamp: number, message: string) => ({ group: 'g', stream: 's', timestamp, message });
      w.add(e(100, 'a'));
      w.add(e(1500, 'b'));
      w.add(e(1500, 'b'));
      w.add(e(2000, 'c'));
      w.prune();
      const since = w.since(1000);
      assert.ok(!since.take(contentKey(e(100, 'a'))), 'pruned');
      assert.ok(since.take(contentKey(e(1500, 'b'))));
      assert.ok(since.take(contentKey(e(1500, 'b'))));
      assert.ok(!since.take(contentKey(e(1500, 'b'))));
      assert.equal(w.newestTimestamp, 2000);
    });

    it('SeamGuard drops the live copy of what the fill showed, only while the seam is open', () => {
      const guard = new SeamGuard();
      const e = { group: 'g', stream: 's', timestamp: 1, message: 'x' };
      const credits = new KeyCounts();
      credits.add(contentKey(e));
      guard.open(credits, 1000);
      assert.ok(guard.isDuplicate(e, 500));
      assert.ok(!guard.isDuplicate(e, 600), 'one credit, one drop');
      credits.add(contentKey(e));
      guard.open(credits, 1000);
      assert.ok(!guard.isDuplicate(e, 1001), 'the seam has closed');
    });
  });
});
