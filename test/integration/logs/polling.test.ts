import * as assert from 'node:assert/strict';
import type { Task } from '@aws-sdk/client-ecs';
import { followLogs, type FollowOptions } from '../../../src/logs/serviceFollower';
import { readHistory } from '../../../src/logs/readHistory';
import {
  compare,
  delay,
  Recorder,
  useLogsFake,
  Writer,
  type LogsContext,
  followTask,
  registerAwslogs,
  streamOf,
  runningTask,
} from './helpers';

const FAST: FollowOptions = {
  mode: 'polling',
  taskPollMs: 200,
  stopGraceMs: 300,
  polling: { intervalMs: 200, availability: { waitMs: 1000, recheckMs: 200 } },
};

const follow = (ctx: LogsContext, task: Task, recorder: Recorder, options: FollowOptions = FAST) =>
  followTask(ctx, task, recorder, options);

describe('Log following by polling, against the fake CloudWatch Logs (real SDK)', function () {
  this.timeout(15_000);
  const ctx = useLogsFake();

  it('shows the whole history across FilterLogEvents pages, two streams merged in timestamp order', async () => {
    const { record, task } = await runningTask(ctx, ['web', 'proxy']);
    const start = Date.now() - 60_000;
    const web = Array.from({ length: 12_500 }, (_, i) => ({ timestamp: start + 2 * i, message: `w${i}` }));
    const proxy = Array.from({ length: 12_500 }, (_, i) => ({
      timestamp: start + 2 * i + 1,
      message: `p${i}`,
    }));
    ctx.fake.logs.putEvents('/ecs/web', streamOf(record, 'web'), web);
    ctx.fake.logs.putEvents('/ecs/web', streamOf(record, 'proxy'), proxy);
    const recorder = new Recorder();
    const result = await readHistory(
      { kind: 'task', cluster: 'prod', task },
      ctx.deps,
      recorder.sink,
      {},
      new AbortController().signal,
    );
    assert.equal(result.lines, 25_000);
    assert.equal(recorder.events.length, 25_000);
    const times = recorder.events.map((e) => e.timestamp);
    assert.ok(
      times.every((t, i) => i === 0 || t >= times[i - 1]!),
      'in timestamp order',
    );
    assert.equal(recorder.messages[0], 'w0');
    assert.equal(recorder.messages[1], 'p0');
    assert.ok(ctx.fake.stats.calls('FilterLogEvents') >= 3, 'pages of at most 10,000 events');
    assert.match(recorder.notices('history').at(-1)?.text ?? '', /25000 lines from 2 streams/);
  });

  it('shows lines put while following within one poll', async () => {
    const { record, task } = await runningTask(ctx);
    ctx.fake.logs.putEvents('/ecs/web', streamOf(record, 'web'), ['before']);
    const recorder = new Recorder();
    const { controller, done } = follow(ctx, task, recorder);
    await recorder.until('the history', () => recorder.messages.includes('before'));
    assert.match(
      recorder
        .notices('mode')
        .map((n) => n.text)
        .join('\n'),
      /polling CloudWatch Logs every 0\.2 s/,
    );
    // "Within one poll" counted in reads, not milliseconds: the read that arrives after the put has
    // the line (a read already in flight may miss it, so at most two). Latency is bench:logs' figure.
    const readsBefore = ctx.fake.stats.calls('FilterLogEvents');
    ctx.fake.logs.putEvents('/ecs/web', streamOf(record, 'web'), ['hello']);
    let readsUntilShown = 0;
    recorder.onItem = (item) => {
      if (item.kind === 'events' && item.events.some((e) => e.message === 'hello'))
        readsUntilShown = ctx.fake.stats.calls('FilterLogEvents') - readsBefore;
    };
    await recorder.until('the new line', () => recorder.messages.includes('hello'));
    assert.ok(readsUntilShown >= 1 && readsUntilShown <= 2, `shown after ${readsUntilShown} reads`);
    controller.abort();
    await done;
    assert.deepEqual(recorder.messages, ['before', 'hello']);
  });

  it('has no gap and no duplicate between the history and the live lines', async () => {
    const { record, task } = await runningTask(ctx, ['web', 'proxy']);
    const writer = new Writer(
      ctx.fake,
      '/ecs/web',
      [streamOf(record, 'web'), streamOf(record, 'proxy')],
      ctx.logsClient,
    );
    writer.start(10, 5);
    await delay(300); // history to read
    const recorder = new Recorder();
    const { controller, done } = follow(ctx, task, recorder);
    await delay(1200);
    await writer.stop();
    await recorder.until('every line put', () => recorder.events.length >= writer.put.length, 3000);
    await delay(450); // two more polls: nothing more may come
    controller.abort();
    await done;
    const diff = compare(writer.put, recorder.messages);
    assert.deepEqual(diff, { missing: [], duplicated: [], extra: [] });
    // Within a stream, the order is the order of the put.
    const web = recorder.events.filter((e) => e.source.container === 'web').map((e) => e.message);
    assert.deepEqual(
      web,
      writer.put.filter((m) => web.includes(m)),
    );
  });

  it('stops every timer and request when cancelled: the fake sees no more calls', async () => {
    const { record, task } = await runningTask(ctx);
    ctx.fake.logs.putEvents('/ecs/web', streamOf(record, 'web'), ['one']);
    const recorder = new Recorder();
    const { controller, done } = follow(ctx, task, recorder);
    await recorder.until('the history', () => recorder.messages.includes('one'));
    await delay(300);
    controller.abort();
    await done;
    const calls = ctx.fake.stats.calls();
    await delay(1000); // five poll intervals, five task polls
    assert.equal(ctx.fake.stats.calls(), calls, 'no call after the follow ended');
    assert.equal(ctx.fake.stats.inFlight(), 0);
  });

  it('waits for a stream that does not exist yet, explains it after a while, then shows its lines', async () => {
    ctx.fake.ecs.createCluster('prod');
    registerAwslogs(ctx.fake.ecs, 'web');
    ctx.fake.logs.createGroup('/ecs/web');
    const record = ctx.fake.ecs.addTask('prod', { taskDefinition: 'web' });
    const task = (await ctx.deps.ecs.describeTasks('prod', [record.arn])).items[0]!;
    const recorder = new Recorder();
    const { controller, done } = follow(ctx, task, recorder);
    await recorder.until('the waiting line', () => recorder.notices('waiting').length === 1);
    await recorder.until('the explanation', () => recorder.notices('explain').length === 1, 3000);
    assert.match(
      recorder.notices('explain')[0]!.text,
      /No log stream ecs\/web\/\w+ in \/ecs\/web after 1 s.*logs:CreateLogStream/,
    );
    ctx.fake.logs.putEvents('/ecs/web', streamOf(record, 'web'), ['finally']);
    await recorder.until('the first line', () => recorder.messages.includes('finally'), 3000);
    controller.abort();
    await done;
  });

  it('reads the streams anyway when it may not list them (DescribeLogGroups/Streams denied)', async () => {
    const { record, task } = await runningTask(ctx);
    ctx.fake.faults.denyOperation('DescribeLogGroups');
    ctx.fake.faults.denyOperation('DescribeLogStreams');
    ctx.fake.logs.putEvents('/ecs/web', streamOf(record, 'web'), ['still readable']);
    const recorder = new Recorder();
    const { controller, done } = follow(ctx, task, recorder, { ...FAST, mode: 'auto' });
    await recorder.until('the line', () => recorder.messages.includes('still readable'), 5000);
    controller.abort();
    await done;
    const text = recorder.items.map((i) => (i.kind === 'notice' ? i.text : '')).join('\n');
    assert.match(
      text,
      /Live Tail is not permitted for these credentials \(logs:DescribeLogGroups is denied\)/,
    );
    assert.match(text, /Cannot check which log streams exist \(logs:Describe\w+\): reading them anyway/);
  });

  it('ends a task follow after the task stops, with its stop reason and a closing line', async () => {
    const { record, task } = await runningTask(ctx);
    ctx.fake.logs.putEvents('/ecs/web', streamOf(record, 'web'), ['working']);
    const recorder = new Recorder();
    const { done } = follow(ctx, task, recorder);
    await recorder.until('the history', () => recorder.messages.includes('working'));
    ctx.fake.ecs.stopTask('prod', record.arn, 'Scaling down');
    // Its last words arrive after the stop: the grace period still shows them.
    ctx.fake.logs.putEvents('/ecs/web', streamOf(record, 'web'), ['SIGTERM received, bye']);
    await done;
    assert.ok(recorder.messages.includes('SIGTERM received, bye'));
    assert.match(recorder.notices('taskStopped')[0]!.text, /stopped: Scaling down/);
    assert.equal(recorder.notices('ended').length, 1);
    const last = recorder.items.at(-1);
    assert.ok(last?.kind === 'notice' && last.code === 'ended', 'the closing line comes last');
  });
});

describe('Log following by polling through throttling and server errors (20% of calls fail)', function () {
  this.timeout(15_000);
  // One attempt per call: every injected fault reaches the follower instead of the SDK's retries.
  const ctx = useLogsFake({ maxAttempts: 1 });

  it('loses and repeats nothing: the received lines are exactly the lines put', async () => {
    ctx.fake.ecs.createCluster('prod');
    registerAwslogs(ctx.fake.ecs, 'web', ['web', 'proxy']);
    const record = ctx.fake.ecs.addTask('prod', { taskDefinition: 'web' });
    const streams = [streamOf(record, 'web'), streamOf(record, 'proxy')];
    for (const s of streams) ctx.fake.logs.createStream('/ecs/web', s);
    const task = (await ctx.deps.ecs.describeTasks('prod', [record.arn])).items[0]!;
    ctx.fake.logs.injectRandomFaults({
      operations: ['FilterLogEvents', 'DescribeLogStreams', 'DescribeLogGroups'],
      rate: 0.2,
      seed: 42,
    });
    const writer = new Writer(ctx.fake, '/ecs/web', streams, ctx.logsClient);
    writer.start(10, 4);
    await delay(200);
    const recorder = new Recorder();
    const controller = ctx.controller();
    const done = followLogs(
      { kind: 'task', cluster: 'prod', task },
      ctx.deps,
      recorder.sink,
      { ...FAST, polling: { ...FAST.polling, intervalMs: 100, maxBackoffMs: 400 } },
      controller.signal,
    );
    // Writes go on until the faults happened, counted (not a fixed time: a loaded machine reads less).
    await recorder.until(
      'five injected faults in more than ten reads',
      () => ctx.fake.logs.randomFaultsInjected >= 5 && ctx.fake.stats.calls('FilterLogEvents') > 10,
      8000,
    );
    await writer.stop();
    await recorder.until('every line put', () => recorder.events.length >= writer.put.length, 6000);
    await delay(300);
    controller.abort();
    await done;
    assert.deepEqual(compare(writer.put, recorder.messages), { missing: [], duplicated: [], extra: [] });
    const calls = ctx.fake.stats.calls('FilterLogEvents');
    assert.ok(calls > 10, `${calls} FilterLogEvents calls`);
    assert.ok(
      ctx.fake.logs.randomFaultsInjected >= 5,
      `${ctx.fake.logs.randomFaultsInjected} faults injected`,
    );
    assert.ok(recorder.notices('throttled').length >= 1, 'the back-off was said');
  });
});
