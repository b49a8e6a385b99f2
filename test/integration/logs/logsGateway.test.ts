import * as assert from 'node:assert/strict';
import { logsErrorKind, type LiveTailUpdate } from '../../../src/aws/logsGateway';
import { useLogsFake } from './helpers';

describe('LogsGateway against the fake CloudWatch Logs endpoint (real SDK client)', function () {
  this.timeout(10_000);
  const ctx = useLogsFake();

  it('reads every FilterLogEvents page, and stops when the signal aborts', async () => {
    ctx.fake.logs.pageEvents = 100;
    const base = Date.now() - 10_000;
    ctx.fake.logs.putEvents(
      '/g',
      's',
      Array.from({ length: 250 }, (_, i) => ({ timestamp: base + i, message: `m${i}` })),
    );
    const pages: number[] = [];
    for await (const page of ctx.logs.filterEvents({ group: '/g', streamNames: ['s'] }))
      pages.push(page.length);
    assert.deepEqual(pages, [100, 100, 50]);
    const controller = new AbortController();
    const read: number[] = [];
    await assert.rejects(
      async () => {
        for await (const page of ctx.logs.filterEvents(
          { group: '/g', streamNames: ['s'] },
          controller.signal,
        )) {
          read.push(page.length);
          controller.abort();
        }
      },
      { name: 'AbortError' },
    );
    assert.deepEqual(read, [100]);
  });

  it('finds a group by exact name (its ARN without :*), once, and which streams exist', async () => {
    ctx.fake.logs.createStream('/ecs/web-admin', 'x');
    ctx.fake.logs.createStream('/ecs/web', 'ecs/web/1');
    ctx.fake.logs.createStream('/ecs/web', 'ecs/web/10');
    assert.deepEqual(await ctx.logs.describeLogGroup('/ecs/web'), {
      name: '/ecs/web',
      arn: 'arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web',
    });
    await ctx.logs.describeLogGroup('/ecs/web');
    assert.equal(ctx.fake.stats.calls('DescribeLogGroups'), 1, 'cached');
    assert.equal(await ctx.logs.describeLogGroup('/ecs/we'), undefined);
    const existing = await ctx.logs.existingStreams('/ecs/web', ['ecs/web/1', 'ecs/web/2', 'ecs/web/10']);
    assert.deepEqual([...existing].sort(), ['ecs/web/1', 'ecs/web/10']);
    assert.deepEqual([...(await ctx.logs.existingStreams('/nope', ['a']))], []);
  });

  it('streams Live Tail updates and throws SessionTimeoutException when the session ends', async () => {
    ctx.fake.logs.liveTail = { updateIntervalMs: 50, sessionLengthMs: 300, maxEventsPerUpdate: 500 };
    const group = ctx.fake.logs.createGroup('/g');
    ctx.fake.logs.createStream('/g', 's');
    const updates: LiveTailUpdate[] = [];
    const error = await (async () => {
      try {
        for await (const u of ctx.logs.startLiveTail(
          { groupArns: [group.logGroupArn], streamNames: ['s'] },
          new AbortController().signal,
        )) {
          updates.push(u);
          if (updates.length === 2) ctx.fake.logs.putEvents('/g', 's', ['live']);
        }
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    assert.equal(logsErrorKind(error), 'sessionTimeout');
    assert.equal(updates[0]?.kind, 'start');
    const events = updates.flatMap((u) => (u.kind === 'update' ? u.events : []));
    assert.deepEqual(
      events.map((e) => [e.stream, e.message, e.groupArn]),
      [['s', 'live', group.logGroupArn]],
    );
  });

  it('ends a Live Tail session quietly when its signal aborts', async () => {
    ctx.fake.logs.liveTail.updateIntervalMs = 50;
    const group = ctx.fake.logs.createGroup('/g');
    const controller = new AbortController();
    let n = 0;
    for await (const _ of ctx.logs.startLiveTail({ groupArns: [group.logGroupArn] }, controller.signal)) {
      if (++n === 3) controller.abort();
    }
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(ctx.fake.logs.activeSessions, 0);
  });
});
