import * as assert from 'node:assert/strict';
import { LiveUpdater, type Timers } from '../../../src/explorer/liveUpdates';
import { ClusterNode } from '../../../src/explorer/nodes/clusterNode';
import type { ExplorerContext, ExplorerNode } from '../../../src/explorer/nodes/explorerNode';
import { ServiceNode } from '../../../src/explorer/nodes/serviceNode';
import { TaskNode } from '../../../src/explorer/nodes/taskNode';
import { silentLogger } from '../../../src/shared/logger';
import { aCluster, aService, aStoppedTask, aTask, NOW, REGION } from '../../fakes/ecsBuilders';
import { FakeEcsGateway } from '../../fakes/fakeEcsGateway';

class ManualTimers implements Timers {
  readonly scheduled: Array<{ fn: () => void; ms: number; cleared: boolean }> = [];
  setTimeout(fn: () => void, ms: number) {
    const entry = { fn, ms, cleared: false };
    this.scheduled.push(entry);
    return entry;
  }
  clearTimeout(handle: unknown) {
    (handle as { cleared: boolean }).cleared = true;
  }
  get pending() {
    return this.scheduled.filter((s) => !s.cleared);
  }
}

function setup() {
  const ecs = new FakeEcsGateway();
  const ctx: ExplorerContext = { ecs, region: REGION, now: () => NOW };
  const timers = new ManualTimers();
  const changed: ExplorerNode[][] = [];
  const updater = new LiveUpdater({
    ecs: () => ecs,
    onChanged: (n) => changed.push(n),
    logger: silentLogger,
    timers,
  });
  const cluster = new ClusterNode(ctx, aCluster());
  return { ecs, ctx, timers, changed, updater, cluster };
}

describe('LiveUpdater', () => {
  it('re-describes transitional tasks in one batch per cluster until they settle', async () => {
    const { ecs, ctx, timers, changed, updater, cluster } = setup();
    const a = aTask('aaaaaaaa000000000000000000000000', { lastStatus: 'PROVISIONING' });
    const b = aTask('bbbbbbbb000000000000000000000000', { lastStatus: 'PENDING' });
    ecs.tasks.set('production', [a, b]);
    const nodes = [a, b].map((t) => new TaskNode(cluster, ctx, 'production', { ...t }));
    nodes.forEach((n) => updater.track(n));
    assert.equal(updater.size, 2);
    assert.equal(timers.pending.length, 1, 'one timer for all tracked nodes');

    a.lastStatus = 'RUNNING';
    await updater.tick();
    assert.equal(ecs.callsTo('describeTasks').length, 1);
    assert.deepEqual(ecs.callsTo('describeTasks')[0]![1], [a.taskArn, b.taskArn]);
    assert.equal(updater.size, 1, 'the settled task is no longer followed');
    assert.equal(changed[0]!.length, 2);

    b.lastStatus = 'RUNNING';
    await updater.tick();
    assert.equal(updater.size, 0);
  });

  it('backs off between rounds and resets when something new moves', async () => {
    const { ecs, ctx, timers, updater, cluster } = setup();
    const t = aTask('aaaaaaaa000000000000000000000000', { lastStatus: 'PENDING' });
    ecs.tasks.set('production', [t]);
    updater.track(new TaskNode(cluster, ctx, 'production', { ...t }));
    await updater.tick();
    await updater.tick();
    const delays = timers.scheduled.map((s) => s.ms);
    assert.deepEqual(delays, [2000, 3000, 4500]);
    updater.track(
      new TaskNode(
        cluster,
        ctx,
        'production',
        aTask('bbbbbbbb000000000000000000000000', { lastStatus: 'PENDING' }),
      ),
    );
    await updater.tick();
    assert.equal(timers.scheduled.at(-1)!.ms, 3000);
  });

  it('does not follow settled nodes, and stops when paused, collapsed or disposed', () => {
    const { ctx, timers, updater, cluster } = setup();
    updater.track(new TaskNode(cluster, ctx, 'production', aTask()));
    assert.equal(updater.size, 0);
    const service = new ServiceNode(cluster, ctx, 'production', aService('web', { pendingCount: 1 }));
    const task = new TaskNode(service, ctx, 'production', aTask(undefined, { lastStatus: 'PENDING' }));
    updater.track(service);
    updater.track(task);
    updater.setPaused(true);
    assert.equal(timers.pending.length, 0, 'hidden view: no timer');
    updater.setPaused(false);
    assert.equal(timers.pending.length, 1);
    updater.untrackUnder(service);
    assert.equal(updater.size, 1, 'the collapsed service itself stays, its task goes');
    updater.dispose();
    assert.equal(updater.size, 0);
    assert.equal(timers.pending.length, 0);
  });

  it('asks the parent to re-list when a task stops', async () => {
    const { ecs, ctx, changed, updater, cluster } = setup();
    const service = new ServiceNode(cluster, ctx, 'production', aService());
    const stopping = aTask('aaaaaaaa000000000000000000000000', { desiredStatus: 'STOPPED' });
    const node = new TaskNode(service, ctx, 'production', { ...stopping });
    updater.track(node);
    ecs.tasks.set('production', [aStoppedTask('aaaaaaaa000000000000000000000000')]);
    await updater.tick();
    assert.deepEqual(changed[0], [node, service]);
  });

  it('never starts a round while one is in flight (a slow DescribeTasks, a task stopped meanwhile)', async () => {
    const { ecs, ctx, timers, updater, cluster } = setup();
    const a = aTask('aaaaaaaa000000000000000000000000', { lastStatus: 'PENDING' });
    const b = aTask('bbbbbbbb000000000000000000000000', { lastStatus: 'RUNNING', desiredStatus: 'STOPPED' });
    ecs.tasks.set('production', [a, b]);
    let answer: () => void = () => undefined;
    const describe = ecs.describeTasks.bind(ecs);
    ecs.describeTasks = (cluster, arns) =>
      new Promise((resolve) => (answer = () => resolve(describe(cluster, arns))));
    updater.track(new TaskNode(cluster, ctx, 'production', { ...a }));
    const first = timers.pending[0]!;
    first.cleared = true; // it fired
    first.fn(); // the round starts and waits for ECS
    updater.track(new TaskNode(cluster, ctx, 'production', { ...b })); // Stop Task meanwhile
    updater.setPaused(true);
    updater.setPaused(false); // the view was hidden and shown again
    assert.equal(timers.pending.length, 0, 'no second round is scheduled while the first is in flight');
    answer();
    await new Promise((r) => setImmediate(r));
    assert.equal(ecs.callsTo('describeTasks').length, 1);
    assert.equal(timers.pending.length, 1, 'one round scheduled once the first ended');
    assert.equal(timers.pending[0]!.ms, 2000, 'something new moved during the round: look again soon');
  });

  it('stops following a task ECS no longer knows (MISSING) and asks its parent to re-list', async () => {
    const { ecs, ctx, changed, updater, cluster } = setup();
    const gone = aTask('aaaaaaaa000000000000000000000000', { lastStatus: 'PENDING' });
    const moving = aTask('bbbbbbbb000000000000000000000000', { lastStatus: 'PENDING' });
    ecs.tasks.set('production', [moving]); // `gone` expired: DescribeTasks answers MISSING
    const goneNode = new TaskNode(cluster, ctx, 'production', { ...gone });
    updater.track(goneNode);
    updater.track(new TaskNode(cluster, ctx, 'production', { ...moving }));
    await updater.tick();
    assert.equal(updater.size, 1, 'only the task ECS still knows is followed');
    assert.ok(changed[0]!.includes(goneNode.parent), 'the parent re-lists, dropping the node');
    await updater.tick();
    assert.deepEqual(ecs.callsTo('describeTasks')[1]![1], [moving.taskArn], 'not asked about again');
  });

  it('keeps following after a failed round', async () => {
    const { ecs, ctx, updater, cluster } = setup();
    const t = aTask('aaaaaaaa000000000000000000000000', { lastStatus: 'PENDING' });
    ecs.tasks.set('production', [t]);
    updater.track(new TaskNode(cluster, ctx, 'production', { ...t }));
    ecs.failNext('describeTasks', new Error('Rate exceeded'));
    await updater.tick();
    assert.equal(updater.size, 1);
  });
});
