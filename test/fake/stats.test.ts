import * as assert from 'node:assert/strict';
import { ListClustersCommand, ListServicesCommand } from '@aws-sdk/client-ecs';
import { useFake } from './helpers';

/** Resolves once `condition` holds (checked every 5 ms); the test's timeout catches a hang. */
async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('fake AWS: latency, call counts and in-flight concurrency', () => {
  const ctx = useFake({ lifecycleStepMs: 0 });

  beforeEach(() => ctx.fake.ecs.createCluster('default'));

  it('5 parallel calls with 50 ms latency: all 5 are in flight at once', async () => {
    ctx.fake.faults.latencyMs = 50;
    await Promise.all(Array.from({ length: 5 }, () => ctx.ecs.send(new ListClustersCommand({}))));
    // The latency held every call until the fifth arrived (no wall-clock bound: see the benchmarks).
    assert.equal(ctx.fake.stats.peakConcurrency(), 5);
    assert.equal(ctx.fake.stats.peakConcurrency('ListClusters'), 5);
    assert.equal(ctx.fake.stats.calls('ListClusters'), 5);
    assert.equal(ctx.fake.stats.inFlight(), 0);
  });

  it('sequential calls never overlap: peak 1 (in-flight drops once the answer is written)', async () => {
    ctx.fake.faults.latencyMs = 5;
    for (let i = 0; i < 4; i++) await ctx.ecs.send(new ListClustersCommand({}));
    assert.equal(ctx.fake.stats.peakConcurrency(), 1);
    assert.equal(ctx.fake.stats.calls(), 4);
  });

  it('a client capped at 2 concurrent calls is seen as peak 2', async () => {
    ctx.fake.faults.latencyMs = 20;
    const queue = Array.from({ length: 6 }, () => () => ctx.ecs.send(new ListClustersCommand({})));
    const worker = async (): Promise<void> => {
      for (let job = queue.shift(); job; job = queue.shift()) await job();
    };
    await Promise.all([worker(), worker()]);
    assert.equal(ctx.fake.stats.calls(), 6);
    assert.equal(ctx.fake.stats.peakConcurrency(), 2);
  });

  it('counts the in-flight call during its latency, per operation and overall', async () => {
    // Long enough that the slow call is still held when the fast one returns, even on a loaded
    // machine: the test checks the order of the two answers, not how long either took.
    ctx.fake.faults.setLatency('ListServices', 2000);
    let slowAnswered = false;
    const slow = ctx.ecs.send(new ListServicesCommand({})).then(() => (slowAnswered = true));
    await waitUntil(() => ctx.fake.stats.inFlight('ListServices') === 1);
    await ctx.ecs.send(new ListClustersCommand({}));
    assert.equal(slowAnswered, false, 'per-operation latency applies to that operation only');
    assert.equal(ctx.fake.stats.inFlight('ListServices'), 1);
    await slow;
    assert.equal(ctx.fake.stats.inFlight(), 0);
    assert.equal(ctx.fake.stats.peakConcurrency(), 2);
    assert.equal(ctx.fake.stats.peakConcurrency('ListServices'), 1);
  });

  it('byOperation() and reset()', async () => {
    await ctx.ecs.send(new ListClustersCommand({}));
    await ctx.ecs.send(new ListServicesCommand({}));
    await ctx.ecs.send(new ListServicesCommand({}));
    assert.deepEqual(ctx.fake.stats.byOperation(), { ListClusters: 1, ListServices: 2 });
    assert.equal(ctx.fake.stats.calls(), 3);
    ctx.fake.stats.reset();
    assert.equal(ctx.fake.stats.calls(), 0);
    assert.equal(ctx.fake.stats.peakConcurrency(), 0);
    assert.deepEqual(ctx.fake.stats.byOperation(), {});
  });

  it('failed calls are counted too', async () => {
    ctx.fake.faults.inject('ListClusters', 'throttle');
    await ctx.ecs.send(new ListClustersCommand({})).catch(() => undefined);
    assert.equal(ctx.fake.stats.calls('ListClusters'), 1);
  });
});
