/**
 * The CloudWatch Logs operations of the fake (all but StartLiveTail, see liveTail.ts), with the real
 * limits, orders, paging rules and error shapes (docs/aws-facts.md §6).
 */
import type {
  CreateLogGroupRequest,
  CreateLogStreamRequest,
  DescribeLogGroupsRequest,
  DescribeLogStreamsRequest,
  FilterLogEventsRequest,
  GetLogEventsRequest,
  InputLogEvent,
  PutLogEventsRequest,
  PutRetentionPolicyRequest,
} from '@aws-sdk/client-cloudwatch-logs';
import { AwsError } from '../errors';
import {
  compareEvents,
  eventSize,
  invalidParameter,
  LOGS_LIMITS,
  lowerBound,
  resourceNotFound,
  type FakeLogs,
} from './fakeLogs';
import type { GroupRecord, StoredEvent, StreamRecord } from './types';

export type LogsHandler = (logs: FakeLogs, input: unknown) => unknown;

function op<I>(fn: (logs: FakeLogs, input: I) => unknown): LogsHandler {
  return (logs, input) => fn(logs, input as I);
}

const GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;
/** What PutRetentionPolicy accepts (the CloudWatch Logs API reference, retentionInDays). */
const RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];
const HOUR = 60 * 60 * 1000;

/** `name`, or `arn:aws:logs:region:account:log-group:name[:*]` → name. */
export function groupNameOf(identifier: string): string {
  const match = /^arn:aws[a-z-]*:logs:[^:]*:\d*:log-group:(.+?)(:\*)?$/.exec(identifier);
  return match?.[1] ?? identifier;
}

/** The group of a request that takes logGroupName or logGroupIdentifier (exactly one). */
function requireGroup(
  logs: FakeLogs,
  input: { logGroupName?: string; logGroupIdentifier?: string },
): GroupRecord {
  if (input.logGroupName !== undefined && input.logGroupIdentifier !== undefined) {
    throw invalidParameter('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
  }
  const ref = input.logGroupName ?? input.logGroupIdentifier;
  if (ref === undefined || ref === '') {
    throw invalidParameter('Either logGroupName or logGroupIdentifier must be specified.');
  }
  const group = logs.groups.get(groupNameOf(ref));
  if (!group) throw resourceNotFound('group');
  return group;
}

function requireStream(group: GroupRecord, name: string | undefined): StreamRecord {
  const stream = name === undefined ? undefined : group.streams.get(name);
  if (!stream) throw resourceNotFound('stream');
  return stream;
}

function checkLimit(limit: number | undefined, max: number): number | undefined {
  if (limit === undefined || limit === null) return undefined;
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw invalidParameter(
      `1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: ` +
        `Member must have value less than or equal to ${max}`,
    );
  }
  return limit;
}

/** Offset paging for the Describe* operations (pages of at most 50). */
function offsetPage<T>(
  logs: FakeLogs,
  items: readonly T[],
  scope: string,
  input: { nextToken?: string; limit?: number },
): { items: T[]; nextToken?: string } {
  const size = checkLimit(input.limit, LOGS_LIMITS.describePage) ?? LOGS_LIMITS.describePage;
  const start = input.nextToken ? logs.position<number>(scope, input.nextToken) : 0;
  const end = start + size;
  return {
    items: items.slice(start, end),
    nextToken: end < items.length ? logs.token(scope, end) : undefined,
  };
}

/**
 * A minimal filter pattern: empty matches everything; `"quoted text"` is a substring; otherwise
 * every space-separated term must occur, and a term starting with `-` must not.
 */
export function matchesPattern(pattern: string | undefined, message: string): boolean {
  const p = pattern?.trim();
  if (!p) return true;
  const quoted = /^"(.*)"$/.exec(p);
  if (quoted) return message.includes(quoted[1] ?? '');
  return p
    .split(/\s+/)
    .every((term) => (term.startsWith('-') ? !message.includes(term.slice(1)) : message.includes(term)));
}

interface Cursor {
  /** Timestamp and ingestion sequence of the last event returned (events after it come next). */
  t: number;
  s: number;
}

const after = (e: StoredEvent, c: Cursor): boolean =>
  e.timestamp > c.t || (e.timestamp === c.t && e.seq > c.s);

/** Index of the first event of a sorted stream that comes after the cursor. */
function firstAfter(events: readonly StoredEvent[], c: Cursor): number {
  return lowerBound(events, (e) => !after(e, c));
}

/** A k-way merge of sorted streams by (timestamp, seq), with a binary heap on the stream heads. */
function* mergeStreams(
  streams: ReadonlyArray<{ stream: StreamRecord; from: number }>,
): Generator<{ stream: StreamRecord; event: StoredEvent }> {
  const heads = streams
    .filter((s) => s.from < s.stream.events.length)
    .map((s) => ({ stream: s.stream, i: s.from }));
  const key = (h: { stream: StreamRecord; i: number }) => h.stream.events[h.i]!;
  const less = (a: number, b: number) => compareEvents(key(heads[a]!), key(heads[b]!)) < 0;
  const swap = (a: number, b: number) => ([heads[a], heads[b]] = [heads[b]!, heads[a]!]);
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heads.length && less(l, m)) m = l;
      if (r < heads.length && less(r, m)) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  for (let i = (heads.length >> 1) - 1; i >= 0; i--) down(i);
  while (heads.length > 0) {
    const top = heads[0]!;
    yield { stream: top.stream, event: key(top) };
    top.i++;
    if (top.i >= top.stream.events.length) {
      heads[0] = heads[heads.length - 1]!;
      heads.pop();
    }
    if (heads.length > 0) down(0);
  }
}

function validateEvents(logs: FakeLogs, group: GroupRecord, events: InputLogEvent[] | undefined) {
  if (!events || events.length < 1 || events.length > LOGS_LIMITS.putEvents) {
    throw invalidParameter(
      `1 validation error detected: Value at 'logEvents' failed to satisfy constraint: ` +
        `Member must have length less than or equal to ${LOGS_LIMITS.putEvents}`,
    );
  }
  let bytes = 0;
  for (const [i, e] of events.entries()) {
    if (typeof e.timestamp !== 'number' || typeof e.message !== 'string' || e.message === '') {
      throw invalidParameter(`Log event ${i} needs a timestamp and a message of at least 1 character.`);
    }
    const size = eventSize(e.message);
    if (size > LOGS_LIMITS.maxEventBytes) throw invalidParameter('Log event too large.');
    bytes += size;
    const previous = events[i - 1];
    if (previous && (previous.timestamp ?? 0) > e.timestamp) {
      throw invalidParameter('Log events in a single PutLogEvents request must be in chronological order.');
    }
  }
  if (bytes > LOGS_LIMITS.putBytes) {
    throw invalidParameter(`Upload too large: ${bytes} bytes exceeds limit of ${LOGS_LIMITS.putBytes}`);
  }
  const first = events[0]!.timestamp!;
  const last = events[events.length - 1]!.timestamp!;
  if (last - first > 24 * HOUR) {
    throw invalidParameter(
      'The batch of log events in a single PutLogEvents request cannot span more than 24 hours.',
    );
  }
  // Rejected, while the rest is ingested: too old (14 days), expired (retention), too new (2 hours).
  const now = logs.now();
  const retention = group.retentionInDays === undefined ? undefined : now - group.retentionInDays * 24 * HOUR;
  let tooOldEnd = -1;
  let expiredEnd = -1;
  let tooNewStart = -1;
  events.forEach((e, i) => {
    const t = e.timestamp!;
    if (t < now - 14 * 24 * HOUR) tooOldEnd = i;
    else if (retention !== undefined && t < retention) expiredEnd = i;
    if (t > now + 2 * HOUR && tooNewStart < 0) tooNewStart = i;
  });
  return { tooOldEnd, expiredEnd, tooNewStart };
}

export const logsHandlers: Record<string, LogsHandler> = {
  CreateLogGroup: op<CreateLogGroupRequest>((logs, input) => {
    const name = input.logGroupName ?? '';
    if (!GROUP_NAME.test(name)) {
      throw invalidParameter(
        `1 validation error detected: Value '${name}' at 'logGroupName' failed to satisfy constraint: ` +
          'Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+',
      );
    }
    if (logs.groups.has(name)) {
      throw new AwsError('ResourceAlreadyExistsException', 'The specified log group already exists');
    }
    logs.createGroup(name);
    return {};
  }),

  PutRetentionPolicy: op<PutRetentionPolicyRequest>((logs, input) => {
    const days = input.retentionInDays;
    if (days === undefined || !RETENTION_DAYS.includes(days)) {
      throw invalidParameter(
        `1 validation error detected: Value '${String(days)}' at 'retentionInDays' failed to satisfy constraint: ` +
          `Member must satisfy enum value set: [${RETENTION_DAYS.join(', ')}]`,
      );
    }
    const group = requireGroup(logs, { logGroupName: input.logGroupName });
    group.retentionInDays = days;
    return {};
  }),

  CreateLogStream: op<CreateLogStreamRequest>((logs, input) => {
    const group = requireGroup(logs, { logGroupName: input.logGroupName });
    const name = input.logStreamName ?? '';
    if (name.length < 1 || name.length > 512 || /[:*]/.test(name)) {
      throw invalidParameter(
        `1 validation error detected: Value '${name}' at 'logStreamName' failed to satisfy constraint: ` +
          'Member must satisfy regular expression pattern: [^:*]*',
      );
    }
    if (group.streams.has(name)) {
      throw new AwsError('ResourceAlreadyExistsException', 'The specified log stream already exists');
    }
    logs.createStream(group.name, name);
    return {};
  }),

  DescribeLogGroups: op<DescribeLogGroupsRequest>((logs, input) => {
    if (input.logGroupNamePrefix !== undefined && input.logGroupNamePattern !== undefined) {
      throw invalidParameter(
        'LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.',
      );
    }
    const identifiers = input.logGroupIdentifiers?.map(groupNameOf);
    const pattern = input.logGroupNamePattern?.toLowerCase();
    const groups = [...logs.groups.values()]
      .filter((g) => input.logGroupNamePrefix === undefined || g.name.startsWith(input.logGroupNamePrefix))
      .filter((g) => pattern === undefined || g.name.toLowerCase().includes(pattern))
      .filter((g) => identifiers === undefined || identifiers.includes(g.name))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const scope = `DescribeLogGroups|${input.logGroupNamePrefix ?? ''}|${pattern ?? ''}|${identifiers?.join(',') ?? ''}`;
    const page = offsetPage(logs, groups, scope, input);
    return {
      logGroups: page.items.map((g) => ({
        logGroupName: g.name,
        creationTime: g.createdAt,
        retentionInDays: g.retentionInDays,
        metricFilterCount: 0,
        arn: g.arn,
        logGroupArn: g.logGroupArn,
        storedBytes: [...g.streams.values()].reduce((sum, s) => sum + s.storedBytes, 0),
        logGroupClass: 'STANDARD',
      })),
      nextToken: page.nextToken,
    };
  }),

  DescribeLogStreams: op<DescribeLogStreamsRequest>((logs, input) => {
    const group = requireGroup(logs, input);
    const orderBy = input.orderBy ?? 'LogStreamName';
    if (orderBy !== 'LogStreamName' && orderBy !== 'LastEventTime') {
      throw invalidParameter(`Invalid orderBy ${String(orderBy)}.`);
    }
    if (orderBy === 'LastEventTime' && input.logStreamNamePrefix !== undefined) {
      throw invalidParameter('Cannot order by LastEventTime with a logStreamNamePrefix.');
    }
    const prefix = input.logStreamNamePrefix;
    const lastEvent = (s: StreamRecord) => s.events[s.events.length - 1]?.timestamp ?? 0;
    const streams = [...group.streams.values()]
      .filter((s) => prefix === undefined || s.name.startsWith(prefix))
      .sort((a, b) =>
        orderBy === 'LastEventTime'
          ? lastEvent(a) - lastEvent(b)
          : a.name < b.name
            ? -1
            : a.name > b.name
              ? 1
              : 0,
      );
    if (input.descending) streams.reverse();
    const scope = `DescribeLogStreams|${group.name}|${prefix ?? ''}|${orderBy}|${input.descending ? 1 : 0}`;
    const page = offsetPage(logs, streams, scope, input);
    return {
      logStreams: page.items.map((s) => ({
        logStreamName: s.name,
        creationTime: s.createdAt,
        firstEventTimestamp: s.events[0]?.timestamp,
        lastEventTimestamp: s.events[s.events.length - 1]?.timestamp,
        lastIngestionTime: s.lastIngestionTime,
        arn: s.arn,
        storedBytes: 0, // deprecated: AWS returns 0
      })),
      nextToken: page.nextToken,
    };
  }),

  PutLogEvents: op<PutLogEventsRequest>((logs, input) => {
    const group = requireGroup(logs, { logGroupName: input.logGroupName });
    const stream = requireStream(group, input.logStreamName);
    const { tooOldEnd, expiredEnd, tooNewStart } = validateEvents(logs, group, input.logEvents);
    const events = input.logEvents ?? [];
    const end = tooNewStart < 0 ? events.length : tooNewStart;
    const accepted = events
      .slice(Math.max(tooOldEnd, expiredEnd) + 1, end)
      .map((e) => ({ timestamp: e.timestamp!, message: e.message! }));
    const stored = accepted.length > 0 ? logs.ingest(group, stream, accepted) : [];
    const rejected =
      tooOldEnd >= 0 || expiredEnd >= 0 || tooNewStart >= 0
        ? {
            ...(tooNewStart >= 0 ? { tooNewLogEventStartIndex: tooNewStart } : {}),
            ...(tooOldEnd >= 0 ? { tooOldLogEventEndIndex: tooOldEnd } : {}),
            ...(expiredEnd >= 0 ? { expiredLogEventEndIndex: expiredEnd } : {}),
          }
        : undefined;
    return {
      nextSequenceToken: String(stored[stored.length - 1]?.seq ?? 0).padStart(56, '0'),
      rejectedLogEventsInfo: rejected,
    };
  }),

  GetLogEvents: op<GetLogEventsRequest>((logs, input) => {
    const group = requireGroup(logs, input);
    const stream = requireStream(group, input.logStreamName);
    const limit = checkLimit(input.limit, LOGS_LIMITS.pageEvents) ?? logs.pageEvents;
    const scope = `GetLogEvents|${group.name}|${stream.name}`;
    // The range: startTime inclusive, endTime exclusive.
    const lo = lowerBound(stream.events, (e) => e.timestamp < (input.startTime ?? -Infinity));
    const hi =
      input.endTime === undefined
        ? stream.events.length
        : lowerBound(stream.events, (e) => e.timestamp < input.endTime!);
    let from = lo;
    let to = Math.max(lo, hi);
    let backward = false;
    const token = input.nextToken;
    if (token !== undefined) {
      const direction = token.slice(0, 2);
      if (direction !== 'f/' && direction !== 'b/')
        throw invalidParameter('The specified nextToken is invalid.');
      const cursor = logs.position<Cursor>(scope, token.slice(2));
      const at = firstAfter(stream.events, cursor);
      if (direction === 'f/') from = Math.max(from, at);
      else {
        // A backward cursor names the first event of the previous page: read what comes before it.
        to = Math.min(
          to,
          lowerBound(
            stream.events,
            (e) => compareEvents(e, { ...e, timestamp: cursor.t, seq: cursor.s }) < 0,
          ),
        );
        backward = true;
      }
    }
    // startFromHead decides which end of the range a page is cut from, even with a forward token
    // (AWS: "if you are using nextToken, you must specify true for startFromHead"; without it pages skip).
    const head = input.startFromHead === true && !backward;
    const slice = cut(stream.events, from, Math.max(from, to), limit, head);
    const first = slice[0];
    const last = slice[slice.length - 1];
    const forward = last ? `f/${logs.token(scope, { t: last.timestamp, s: last.seq })}` : undefined;
    const back = first ? `b/${logs.token(scope, { t: first.timestamp, s: first.seq })}` : undefined;
    // At the end the tokens repeat: the forward token equals the one passed in.
    const startCursor: Cursor = { t: (input.startTime ?? 0) - 1, s: Number.MAX_SAFE_INTEGER };
    const fallback = `f/${logs.token(scope, startCursor)}`;
    return {
      events: slice.map((e) => ({
        timestamp: e.timestamp,
        message: e.message,
        ingestionTime: e.ingestionTime,
      })),
      nextForwardToken: forward ?? (token?.startsWith('f/') ? token : fallback),
      nextBackwardToken: back ?? (token?.startsWith('b/') ? token : `b/${logs.token(scope, startCursor)}`),
    };
  }),

  FilterLogEvents: op<FilterLogEventsRequest>((logs, input) => {
    const group = requireGroup(logs, input);
    if (input.logStreamNames !== undefined && input.logStreamNamePrefix !== undefined) {
      throw invalidParameter('Cannot specify both logStreamNames and logStreamNamePrefix.');
    }
    const names = input.logStreamNames;
    if (names !== undefined && (names.length < 1 || names.length > LOGS_LIMITS.streamNames)) {
      throw invalidParameter(
        `1 validation error detected: Value at 'logStreamNames' failed to satisfy constraint: ` +
          `Member must have length less than or equal to ${LOGS_LIMITS.streamNames}`,
      );
    }
    const limit = checkLimit(input.limit, LOGS_LIMITS.pageEvents) ?? logs.pageEvents;
    const streams =
      names !== undefined
        ? [...new Set(names)].map((n) => requireStream(group, n))
        : [...group.streams.values()].filter(
            (s) => input.logStreamNamePrefix === undefined || s.name.startsWith(input.logStreamNamePrefix),
          );
    const scope = [
      'FilterLogEvents',
      group.name,
      names?.join(',') ?? '',
      input.logStreamNamePrefix ?? '',
      input.startTime ?? '',
      input.endTime ?? '',
      input.filterPattern ?? '',
    ].join('|');
    const cursor: Cursor = input.nextToken
      ? logs.position<Cursor>(scope, input.nextToken)
      : { t: (input.startTime ?? 0) - 1, s: Number.MAX_SAFE_INTEGER };
    const endTime = input.endTime ?? Infinity; // inclusive
    const events: Array<Record<string, unknown>> = [];
    let bytes = 0;
    let last: Cursor | undefined;
    let more = false;
    const merged = mergeStreams(
      streams.map((stream) => ({ stream, from: firstAfter(stream.events, cursor) })),
    );
    for (const { stream, event } of merged) {
      if (event.timestamp > endTime) break; // the merge is in timestamp order: nothing later matches
      if (!matchesPattern(input.filterPattern, event.message)) {
        last = { t: event.timestamp, s: event.seq };
        continue;
      }
      if (events.length >= limit || bytes + event.size > LOGS_LIMITS.pageBytes) {
        more = true;
        break;
      }
      events.push({
        logStreamName: stream.name,
        timestamp: event.timestamp,
        message: event.message,
        ingestionTime: event.ingestionTime,
        eventId: event.eventId,
      });
      bytes += event.size;
      last = { t: event.timestamp, s: event.seq };
    }
    return {
      events,
      searchedLogStreams: streams.map((s) => ({ logStreamName: s.name, searchedCompletely: !more })),
      nextToken: more && last ? logs.token(scope, last) : undefined,
    };
  }),
};

/** At most `limit` events of [from, to): the first ones (head) or the last ones. */
function cut(
  events: readonly StoredEvent[],
  from: number,
  to: number,
  limit: number,
  head: boolean,
): StoredEvent[] {
  let size = 0;
  const out: StoredEvent[] = [];
  if (head) {
    for (let i = from; i < to && out.length < limit; i++) {
      const e = events[i]!;
      if (size + e.size > LOGS_LIMITS.pageBytes) break;
      size += e.size;
      out.push(e);
    }
    return out;
  }
  for (let i = to - 1; i >= from && out.length < limit; i--) {
    const e = events[i]!;
    if (size + e.size > LOGS_LIMITS.pageBytes) break;
    size += e.size;
    out.push(e);
  }
  return out.reverse();
}
