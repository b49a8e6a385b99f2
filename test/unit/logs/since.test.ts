import * as assert from 'node:assert/strict';
import { parseSince } from '../../../src/logs/since';

describe('logs/since', () => {
  const now = Date.UTC(2025, 0, 15, 12, 0, 0);

  it('reads durations before now', () => {
    assert.equal(parseSince('30m', now), now - 30 * 60_000);
    assert.equal(parseSince(' 2H ', now), now - 2 * 3_600_000);
    assert.equal(parseSince('3d', now), now - 3 * 86_400_000);
    assert.equal(parseSince('1w', now), now - 7 * 86_400_000);
    assert.equal(parseSince('45s', now), now - 45_000);
  });

  it('reads past dates and times, and refuses the future and nonsense', () => {
    assert.equal(parseSince('2025-01-15T09:00:00Z', now), Date.UTC(2025, 0, 15, 9));
    assert.equal(parseSince('2025-01-16T09:00:00Z', now), undefined);
    assert.equal(parseSince('yesterday', now), undefined);
    assert.equal(parseSince('5 minutes', now), undefined);
    assert.equal(parseSince('', now), undefined);
  });
});
