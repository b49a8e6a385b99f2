// The fake CloudWatch Logs itself, through the REAL SDK: its limits, orders, tokens and errors
// match what the service documents, so the followers are tested against the real contract.
import * as assert from 'node:assert/strict';
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  paginateGetLogEvents,
  PutLogEventsCommand,
  StartLiveTailCommand,
  type CloudWatchLogsClient,
} from '@aws-sdk/client-cloudwatch-logs';
import { delay, logsClient, useLogsFake } from '../integration/logs/helpers';

async function rejection(
  promise: Promise<unknown>,
): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

describe('Fake CloudWatch Logs (awsJson1_1, Logs_20140328) through the real SDK', function () {
  this.timeout(10_000);
  const ctx = useLogsFake();
  let client: CloudWatchLogsClient;
  beforeEach(() => {
    client = ctx.logsClient;
  });

  it('creates groups and streams, with the real errors for duplicates and bad names', async () => {
    await client.send(new CreateLogGroupCommand({ logGroupName: '/ecs/web' }));
    const again = await rejection(client.send(new CreateLogGroupCommand({ logGroupName: '/ecs/web' })));
    assert.equal(again.name, 'ResourceAlreadyExistsException');
    const bad = await rejection(client.send(new CreateLogGroupCommand({ logGroupName: 'bad name!' })));
    assert.equal(bad.name, 'InvalidParameterException');
    await client.send(new CreateLogStreamCommand({ logGroupName: '/ecs/web', logStreamName: 'ecs/web/1' }));
    const colon = await rejection(
      client.send(new CreateLogStreamCommand({ logGroupName: '/ecs/web', logStreamName: 'a:b' })),
    );
    assert.equal(colon.name, 'InvalidParameterException');
    const noGroup = await rejection(
      client.send(new CreateLogStreamCommand({ logGroupName: '/nope', logStreamName: 's' })),
    );
    assert.equal(noGroup.name, 'ResourceNotFoundException');
    assert.equal(noGroup.message, 'The specified log group does not exist.');
  });

  it('describes groups with `arn` ending in :* and `logGroupArn` without it', async () => {
    ctx.fake.logs.createGroup('/ecs/web');
    ctx.fake.logs.createGroup('/ecs/web-admin');
    const out = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/ecs/web' }));
    assert.deepEqual(
      out.logGroups?.map((g) => g.logGroupName),
      ['/ecs/web', '/ecs/web-admin'],
    );
    assert.equal(out.logGroups?.[0]?.arn, 'arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web:*');
    assert.equal(out.logGroups?.[0]?.logGroupArn, 'arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web');
    const paged = await client.send(new DescribeLogGroupsCommand({ limit: 1 }));
    assert.equal(paged.logGroups?.length, 1);
    assert.ok(paged.nextToken);
    const tooMany = await rejection(client.send(new DescribeLogGroupsCommand({ limit: 51 })));
    assert.equal(tooMany.name, 'InvalidParameterException');
  });

  it('describes streams by name or by last event time, but not both with a prefix', async () => {
    ctx.fake.logs.putEvents('/g', 'b', [{ timestamp: 1_000, message: 'x' }]);
    ctx.fake.logs.putEvents('/g', 'a', [{ timestamp: 2_000, message: 'y' }]);
    const byName = await client.send(new DescribeLogStreamsCommand({ logGroupName: '/g' }));
    assert.deepEqual(
      byName.logStreams?.map((s) => s.logStreamName),
      ['a', 'b'],
    );
    const byTime = await client.send(
      new DescribeLogStreamsCommand({ logGroupName: '/g', orderBy: 'LastEventTime', descending: true }),
    );
    assert.deepEqual(
      byTime.logStreams?.map((s) => s.logStreamName),
      ['a', 'b'],
    );
    assert.equal(byTime.logStreams?.[1]?.lastEventTimestamp, 1_000);
    const both = await rejection(
      client.send(
        new DescribeLogStreamsCommand({
          logGroupName: '/g',
          orderBy: 'LastEventTime',
          logStreamNamePrefix: 'a',
        }),
      ),
    );
    assert.equal(both.name, 'InvalidParameterException');
  });

  it('validates PutLogEvents: chronological order, batch size, and rejects too old or too new events', async () => {
    ctx.fake.logs.createStream('/g', 's');
    const now = Date.now();
    const unordered = await rejection(
      client.send(
        new PutLogEventsCommand({
          logGroupName: '/g',
          logStreamName: 's',
          logEvents: [
            { timestamp: now, message: 'b' },
            { timestamp: now - 1, message: 'a' },
          ],
        }),
      ),
    );
    assert.equal(unordered.name, 'InvalidParameterException');
    const big = 'x'.repeat(200_000);
    const tooBig = await rejection(
      client.send(
        new PutLogEventsCommand({
          logGroupName: '/g',
          logStreamName: 's',
          logEvents: Array.from({ length: 6 }, () => ({ timestamp: now, message: big })),
        }),
      ),
    );
    assert.match(tooBig.message, /Upload too large/);
    const old = await client.send(
      new PutLogEventsCommand({
        logGroupName: '/g',
        logStreamName: 's',
        logEvents: [{ timestamp: now - 15 * 24 * 3600_000, message: 'too old' }],
      }),
    );
    assert.deepEqual(old.rejectedLogEventsInfo, { tooOldLogEventEndIndex: 0 });
    const out = await client.send(
      new PutLogEventsCommand({
        logGroupName: '/g',
        logStreamName: 's',
        logEvents: [
          { timestamp: now, message: 'fine' },
          { timestamp: now + 3 * 3600_000, message: 'too new' },
        ],
      }),
    );
    assert.deepEqual(out.rejectedLogEventsInfo, { tooNewLogEventStartIndex: 1 });
    const span = await rejection(
      client.send(
        new PutLogEventsCommand({
          logGroupName: '/g',
          logStreamName: 's',
          logEvents: [
            { timestamp: now - 25 * 3600_000, message: 'a' },
            { timestamp: now, message: 'b' },
          ],
        }),
      ),
    );
    assert.match(span.message, /cannot span more than 24 hours/);
    assert.deepEqual(
      ctx.fake.logs.events('/g', 's').map((e) => e.message),
      ['fine'],
    );
    const missing = await rejection(
      client.send(
        new PutLogEventsCommand({
          logGroupName: '/g',
          logStreamName: 'nope',
          logEvents: [{ timestamp: now, message: 'x' }],
        }),
      ),
    );
    assert.equal(missing.message, 'The specified log stream does not exist.');
  });

  it('GetLogEvents: forward tokens repeat at the end; without startFromHead a forward token skips', async () => {
    const base = Date.now() - 60_000;
    ctx.fake.logs.pageEvents = 10;
    ctx.fake.logs.putEvents(
      '/g',
      's',
      Array.from({ length: 25 }, (_, i) => ({ timestamp: base + i, message: `m${i}` })),
    );
    const seen: string[] = [];
    for await (const page of paginateGetLogEvents(
      { client, stopOnSameToken: true },
      { logGroupName: '/g', logStreamName: 's', startFromHead: true },
    )) {
      seen.push(...(page.events ?? []).map((e) => e.message ?? ''));
    }
    assert.deepEqual(
      seen,
      Array.from({ length: 25 }, (_, i) => `m${i}`),
    );
    const first = await client.send(
      new GetLogEventsCommand({ logGroupName: '/g', logStreamName: 's', startFromHead: true }),
    );
    let token = first.nextForwardToken;
    for (let i = 0; i < 3; i++) {
      const page = await client.send(
        new GetLogEventsCommand({
          logGroupName: '/g',
          logStreamName: 's',
          startFromHead: true,
          nextToken: token,
        }),
      );
      if (page.events?.length === 0) {
        assert.equal(page.nextForwardToken, token, 'at the end the token repeats');
        break;
      }
      token = page.nextForwardToken;
    }
    const latest = await client.send(new GetLogEventsCommand({ logGroupName: '/g', logStreamName: 's' }));
    assert.deepEqual(
      latest.events?.map((e) => e.message),
      Array.from({ length: 10 }, (_, i) => `m${i + 15}`),
    );
    const trap = await client.send(
      new GetLogEventsCommand({ logGroupName: '/g', logStreamName: 's', nextToken: first.nextForwardToken }),
    );
    assert.equal(trap.events?.[0]?.message, 'm15', 'without startFromHead, the page after m9 starts at m15');
    assert.ok(first.nextForwardToken?.startsWith('f/') && first.nextBackwardToken?.startsWith('b/'));
  });

  it('FilterLogEvents: interleaved by time across streams, pages of ≤ 10,000 events and ≤ 1 MB, event ids', async () => {
    const base = Date.now() - 60_000;
    ctx.fake.logs.putEvents(
      '/g',
      'a',
      Array.from({ length: 6000 }, (_, i) => ({ timestamp: base + 2 * i, message: `a${i}` })),
    );
    ctx.fake.logs.putEvents(
      '/g',
      'b',
      Array.from({ length: 6000 }, (_, i) => ({ timestamp: base + 2 * i + 1, message: `b${i}` })),
    );
    const first = await client.send(
      new FilterLogEventsCommand({ logGroupName: '/g', logStreamNames: ['a', 'b'] }),
    );
    assert.equal(first.events?.length, 10_000);
    assert.deepEqual(
      first.events?.slice(0, 3).map((e) => e.message),
      ['a0', 'b0', 'a1'],
    );
    assert.match(first.events?.[0]?.eventId ?? '', /^\d{56}$/);
    const second = await client.send(
      new FilterLogEventsCommand({
        logGroupName: '/g',
        logStreamNames: ['a', 'b'],
        nextToken: first.nextToken,
      }),
    );
    assert.equal(second.events?.length, 2000);
    assert.equal(second.nextToken, undefined, 'done only when nextToken is absent');
    const big = 'y'.repeat(100_000);
    ctx.fake.logs.putEvents(
      '/g',
      'big',
      Array.from({ length: 15 }, (_, i) => ({ timestamp: base + i, message: big })),
    );
    const mb = await client.send(
      new FilterLogEventsCommand({ logGroupName: '/g', logStreamNamePrefix: 'big' }),
    );
    assert.equal(mb.events?.length, 10, '1 MB per page');
    const window = await client.send(
      new FilterLogEventsCommand({
        logGroupName: '/g',
        logStreamNames: ['a'],
        startTime: base + 10,
        endTime: base + 14,
      }),
    );
    assert.deepEqual(
      window.events?.map((e) => e.message),
      ['a5', 'a6', 'a7'],
      'startTime and endTime inclusive',
    );
    const forged = await rejection(
      client.send(
        new FilterLogEventsCommand({ logGroupName: '/g', logStreamNames: ['b'], nextToken: first.nextToken }),
      ),
    );
    assert.equal(forged.name, 'InvalidParameterException', 'a token works only for the query that issued it');
    const both = await rejection(
      client.send(
        new FilterLogEventsCommand({ logGroupName: '/g', logStreamNames: ['a'], logStreamNamePrefix: 'a' }),
      ),
    );
    assert.equal(both.name, 'InvalidParameterException');
    const missing = await rejection(
      client.send(new FilterLogEventsCommand({ logGroupName: '/g', logStreamNames: ['a', 'zzz'] })),
    );
    assert.equal(missing.name, 'ResourceNotFoundException');
    const tooMany = await rejection(
      client.send(
        new FilterLogEventsCommand({
          logGroupName: '/g',
          logStreamNames: Array.from({ length: 101 }, (_, i) => `s${i}`),
        }),
      ),
    );
    assert.equal(tooMany.name, 'InvalidParameterException');
  });

  it('StartLiveTail streams sessionStart, updates every interval with `sampled`, then SessionTimeoutException', async () => {
    ctx.fake.logs.liveTail = { updateIntervalMs: 50, sessionLengthMs: 400, maxEventsPerUpdate: 3 };
    const group = ctx.fake.logs.createGroup('/g');
    ctx.fake.logs.createStream('/g', 's');
    const out = await client.send(
      new StartLiveTailCommand({ logGroupIdentifiers: [group.logGroupArn], logStreamNames: ['s'] }),
    );
    const kinds: string[] = [];
    let sampled = false;
    let delivered = 0;
    let put = false;
    const failure = await rejection(
      (async () => {
        for await (const event of out.responseStream ?? []) {
          if (event.sessionStart) kinds.push('start');
          if (event.sessionUpdate) {
            kinds.push('update');
            sampled ||= event.sessionUpdate.sessionMetadata?.sampled === true;
            delivered += event.sessionUpdate.sessionResults?.length ?? 0;
            if (!put) {
              put = true;
              ctx.fake.logs.putEvents('/g', 's', ['1', '2', '3', '4', '5', '6', '7']);
            }
          }
        }
      })(),
    );
    assert.equal(failure.name, 'SessionTimeoutException');
    assert.equal(kinds[0], 'start');
    assert.ok(kinds.filter((k) => k === 'update').length >= 4);
    assert.ok(sampled, 'more than the per-update maximum is sampled');
    assert.equal(delivered, 3);
    assert.equal(ctx.fake.logs.activeSessions, 0);
  });

  it('StartLiveTail takes 1–10 group ARNs (no trailing *), stream filters only with one group, and can be denied', async () => {
    const g = ctx.fake.logs.createGroup('/g');
    const h = ctx.fake.logs.createGroup('/h');
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ logGroupIdentifiers: ['/g'] }, 'InvalidParameterException'],
      [{ logGroupIdentifiers: [`${g.logGroupArn}:*`] }, 'InvalidParameterException'],
      [{ logGroupIdentifiers: Array.from({ length: 11 }, () => g.logGroupArn) }, 'InvalidParameterException'],
      [
        { logGroupIdentifiers: [g.logGroupArn, h.logGroupArn], logStreamNames: ['s'] },
        'InvalidParameterException',
      ],
      [{ logGroupIdentifiers: [`${g.logGroupArn}-missing`] }, 'ResourceNotFoundException'],
    ];
    for (const [input, name] of cases) {
      const error = await rejection(client.send(new StartLiveTailCommand(input as never)));
      assert.equal(error.name, name, JSON.stringify(input));
    }
    ctx.fake.faults.denyOperation('StartLiveTail');
    const denied = await rejection(
      client.send(new StartLiveTailCommand({ logGroupIdentifiers: [g.logGroupArn] })),
    );
    assert.equal(denied.name, 'AccessDeniedException');
    assert.match(
      denied.message,
      /logs:StartLiveTail on resource: arn:aws:logs:us-east-1:123456789012:log-group:\/g:\*/,
    );
  });

  it('needs disableHostPrefix on 127.0.0.1: with the real stream- prefix the host does not resolve', async () => {
    const g = ctx.fake.logs.createGroup('/g');
    const prefixed = logsClient(ctx.fake, { hostPrefix: true, maxAttempts: 1 });
    const error = await rejection(
      prefixed.send(new StartLiveTailCommand({ logGroupIdentifiers: [g.logGroupArn] })),
    );
    prefixed.destroy();
    assert.match(
      `${(error as { code?: string }).code ?? ''} ${error.message}`,
      /ENOTFOUND|stream-127\.0\.0\.1/,
    );
  });

  it('has admin routes for tests in other processes: put events, read them, tune Live Tail', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${ctx.fake.url}${path}`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json());
    const put = (await post('/__fake/logs/events', {
      group: '/ecs/web',
      stream: 'ecs/web/1',
      messages: ['one', 'two'],
    })) as {
      ingested: number;
    };
    assert.equal(put.ingested, 2);
    const listed = (await (
      await fetch(`${ctx.fake.url}/__fake/logs/events?group=/ecs/web&stream=ecs/web/1`)
    ).json()) as Array<{
      message: string;
    }>;
    assert.deepEqual(
      listed.map((e) => e.message),
      ['one', 'two'],
    );
    await post('/__fake/logs/liveTail', { updateIntervalMs: 250 });
    assert.equal(ctx.fake.logs.liveTail.updateIntervalMs, 250);
    await post('/__fake/reset', { only: 'logs' });
    assert.equal(ctx.fake.logs.groups.size, 0);
    await delay(0);
  });
});
