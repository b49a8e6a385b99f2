import * as assert from 'node:assert/strict';
import { ClusterNode } from '../../../src/explorer/nodes/clusterNode';
import type { ExplorerContext } from '../../../src/explorer/nodes/explorerNode';
import { TaskNode } from '../../../src/explorer/nodes/taskNode';
import { formatAge, localTimeWithAge } from '../../../src/shared/time';
import { aCluster, aTask, NOW, REGION } from '../../fakes/ecsBuilders';
import { FakeEcsGateway } from '../../fakes/fakeEcsGateway';

/** Runs `fn` with the process in a time zone (Node reads TZ again when it changes). */
function inTimeZone<T>(zone: string, fn: () => T): T {
  const before = process.env['TZ'];
  process.env['TZ'] = zone;
  try {
    return fn();
  } finally {
    if (before === undefined) delete process.env['TZ'];
    else process.env['TZ'] = before;
  }
}

describe('times as people read them', () => {
  it('formats ages compactly, as the tree does', () => {
    assert.equal(formatAge(NOW - 45_000, NOW), '45s');
    assert.equal(formatAge(NOW - 185 * 60_000, NOW), '3h 5m');
    assert.equal(formatAge(NOW - 3 * 24 * 3600_000, NOW), '3d');
  });

  it('gives a local time with its age, in the time zone of the user', () => {
    const at = new Date('2026-11-27T11:45:00Z');
    assert.equal(
      inTimeZone('Asia/Tokyo', () => localTimeWithAge(at, NOW)),
      '2026-11-27 20:45:00 (15m ago)',
    );
    assert.equal(
      inTimeZone('America/New_York', () => localTimeWithAge(at, NOW)),
      '2026-11-27 06:45:00 (15m ago)',
    );
    assert.equal(localTimeWithAge(new Date(NOW + 5 * 60_000), NOW)?.endsWith('(in 5m)'), true);
    assert.equal(localTimeWithAge(undefined, NOW), undefined);
  });

  it('shows a task tooltip’s times in local time with their age, not as UTC ISO strings', () => {
    const ctx: ExplorerContext = { ecs: new FakeEcsGateway(), region: REGION, now: () => NOW };
    const tip = inTimeZone(
      'Europe/Paris',
      () => new TaskNode(new ClusterNode(ctx, aCluster()), ctx, 'production', aTask()).view().tooltip!,
    );
    // aTask: created 16 minutes and started 15 minutes before NOW (12:00 UTC = 13:00 in Paris).
    assert.match(tip, /\*\*Created:\*\* 2026-11-27 12:44:00 \(16m ago\)/);
    assert.match(tip, /\*\*Started:\*\* 2026-11-27 12:45:00 \(15m ago\)/);
    assert.doesNotMatch(tip, /\d{4}-\d\d-\d\dT\d\d:\d\d/);
  });
});
