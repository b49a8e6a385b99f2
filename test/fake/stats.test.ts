import * as assert from 'node:assert/strict';
import { ListClustersCommand, ListServicesCommand } from '@aws-sdk/client-ecs';
import { useFake } from './helpers';

describe('fake AWS: latency, call counts and in-flight concurrency', () => {
  const ctx = useFake({ lifecycleStepMs: 0 });

  beforeEach(() => ctx.fake.ecs.createCluster('default'));

  it('5 parallel calls with 50 ms latency: all 5 are in flight at once', async () => {
    ctx.fake.faults.latencyMs = 50;
    const started = Date.now();
    await Promise.all(Array.from({ length: 5 }, () => ctx.ecs.send(new ListClustersCommand({}))));
    assert.ok(Date.now() - started >= 45, 'the latency was applied');
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
    ctx.fake.faults.setLatency('ListServices', 80);
    const slow = ctx.ecs.send(new ListServicesCommand({}));
    await new Promise((resolve) => setTimeout(resolve, 40));
    assert.equal(ctx.fake.stats.inFlight('ListServices'), 1);
    const fastStart = Date.now();
    await ctx.ecs.send(new ListClustersCommand({}));
    assert.ok(Date.now() - fastStart < 60, 'per-operation latency applies to that operation only');
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
