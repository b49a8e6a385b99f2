import * as assert from 'node:assert/strict';
import type { Task } from '@aws-sdk/client-ecs';
import { createLogsGateway } from '../../../src/aws/logsGateway';
import { followLogs, type FollowOptions } from '../../../src/logs/serviceFollower';
import {
  compare,
  delay,
  logsClient,
  Recorder,
  useLogsFake,
  Writer,
  type LogsContext,
  followTask,
  streamOf,
  runningTask,
} from './helpers';

const FAST: FollowOptions = {
  mode: 'auto',
  taskPollMs: 200,
  stopGraceMs: 300,
  polling: { intervalMs: 200, availability: { waitMs: 1000, recheckMs: 200 } },
  liveTail: { lookbackMs: 2000, seamMs: 2000, retryMs: 100, availability: { waitMs: 1000, recheckMs: 200 } },
};

const follow = (ctx: LogsContext, task: Task, recorder: Recorder, options: FollowOptions = FAST) =>
  followTask(ctx, task, recorder, options);

describe('Log following with Live Tail, against the fake CloudWatch Logs event stream (real SDK)', function () {
  this.timeout(15_000);
  const ctx = useLogsFake();
  beforeEach(() => {
    ctx.fake.logs.liveTail.updateIntervalMs = 100;
  });

  it('follows with Live Tail, says so once, and joins history and live without gap or duplicate', async () => {
    const { record, task } = await runningTask(ctx, ['web', 'proxy']);
    const writer = new Writer(
      ctx.fake,
      '/ecs/web',
      [streamOf(record, 'web'), streamOf(record, 'proxy')],
      ctx.logsClient,
    );
    writer.start(10, 5);
    await delay(300);
    const recorder = new Recorder();
    const { controller, done } = follow(ctx, task, recorder);
    await delay(1200);
    await writer.stop();
    await recorder.until('every line put', () => recorder.events.length >= writer.put.length, 3000);
    await delay(300);
    controller.abort();
    await done;
    assert.deepEqual(compare(writer.put, recorder.messages), { missing: [], duplicated: [], extra: [] });
    const modes = recorder.notices('mode').filter((n) => /Live Tail/.test(n.text));
    assert.equal(modes.length, 1, 'the mode is said once');
    assert.equal(ctx.fake.stats.calls('StartLiveTail'), 1);
    assert.equal(ctx.fake.logs.activeSessions, 0, 'the session ended with the follow');
  });

  it('reconnects when the session times out, with no gap and no duplicate', async () => {
    ctx.fake.logs.liveTail.sessionLengthMs = 600;
    const { record, task } = await runningTask(ctx);
    const writer = new Writer(ctx.fake, '/ecs/web', [streamOf(record, 'web')], ctx.logsClient);
    const recorder = new Recorder();
    const { controller, done } = follow(ctx, task, recorder);
    writer.start(7, 3);
    // Lines keep coming across two reconnects, however slowly the machine runs: counted in sessions.
    await recorder.until(
      'a third Live Tail session',
      () => ctx.fake.stats.calls('StartLiveTail') >= 3,
      10_000,
    );
    await writer.stop();
    await recorder.until('every line put', () => recorder.events.length >= writer.put.length, 3000);
    await delay(300);
    controller.abort();
    await done;
    assert.ok(ctx.fake.logs.activeSessions === 0, 'the last session ended with the follow');
    assert.deepEqual(compare(writer.put, recorder.messages), { missing: [], duplicated: [], extra: [] });
  });

  it('says when Live Tail samples (more than its per-update maximum)', async () => {
    ctx.fake.logs.liveTail.maxEventsPerUpdate = 5;
    const { record, task } = await runningTask(ctx);
    const recorder = new Recorder();
    const { controller, done } = follow(ctx, task, recorder);
    await recorder.until('the session', () => recorder.notices('mode').some((n) => /Live Tail/.test(n.text)));
    await delay(200);
    await new Writer(ctx.fake, '/ecs/web', [streamOf(record, 'web')]).burst(50);
    await recorder.until('the sampling notice', () => recorder.notices('sampled').length > 0, 2000);
    assert.match(recorder.notices('sampled')[0]!.text, /sampling.*500 lines per second/);
    controller.abort();
    await done;
  });

  it('falls back to polling when StartLiveTail is denied, and says why once', async () => {
    ctx.fake.faults.denyOperation('StartLiveTail');
    const { record, task } = await runningTask(ctx);
    ctx.fake.logs.putEvents('/ecs/web', streamOf(record, 'web'), ['history']);
    const recorder = new Recorder();
    const { controller, done } = follow(ctx, task, recorder);
    await recorder.until('the history', () => recorder.messages.includes('history'), 3000);
    ctx.fake.logs.putEvents('/ecs/web', streamOf(record, 'web'), ['live']);
    await recorder.until('the live line', () => recorder.messages.includes('live'), 2000);
    controller.abort();
    await done;
    const modes = recorder.notices('mode').filter((n) => /polling/.test(n.text));
    assert.equal(modes.length, 1);
    assert.match(modes[0]!.text, /not permitted.*logs:StartLiveTail/);
    assert.deepEqual(recorder.messages, ['history', 'live']);
  });

  it('ends with the reason when Live Tail is denied and the mode is "liveTail"', async () => {
    ctx.fake.faults.denyOperation('StartLiveTail');
    const { task } = await runningTask(ctx);
    const recorder = new Recorder();
    const { done } = follow(ctx, task, recorder, { ...FAST, mode: 'liveTail' });
    await assert.rejects(done, { name: 'LiveTailUnavailable' });
    assert.match(recorder.notices('error')[0]!.text, /ecsFargate\.logs\.mode is "liveTail"/);
  });

  it('falls back to polling when the Live Tail host cannot be reached (the real stream- host prefix)', async () => {
    const { record, task } = await runningTask(ctx);
    ctx.fake.logs.putEvents('/ecs/web', streamOf(record, 'web'), ['reachable']);
    const prefixed = logsClient(ctx.fake, { hostPrefix: true, maxAttempts: 1 });
    const logs = createLogsGateway(prefixed, { region: ctx.fake.region });
    const deps = { ...ctx.deps, logs: () => logs };
    const recorder = new Recorder();
    const controller = ctx.controller();
    const done = followLogs(
      { kind: 'task', cluster: 'prod', task },
      deps,
      recorder.sink,
      FAST,
      controller.signal,
    );
    await recorder.until('the line, by polling', () => recorder.messages.includes('reachable'), 6000);
    controller.abort();
    await done;
    prefixed.destroy();
    assert.match(
      recorder
        .notices('mode')
        .map((n) => n.text)
        .join('\n'),
      /Live Tail endpoint cannot be reached \(ENOTFOUND/,
    );
  });

  it('stops the session, timers and requests when cancelled', async () => {
    const { record, task } = await runningTask(ctx);
    ctx.fake.logs.putEvents('/ecs/web', streamOf(record, 'web'), ['one']);
    const recorder = new Recorder();
    const { controller, done } = follow(ctx, task, recorder);
    await recorder.until('the history', () => recorder.messages.includes('one'));
    controller.abort();
    await done;
    await delay(100);
    assert.equal(ctx.fake.logs.activeSessions, 0);
    const calls = ctx.fake.stats.calls();
    await delay(1000);
    assert.equal(ctx.fake.stats.calls(), calls, 'no call after the follow ended');
  });
});
