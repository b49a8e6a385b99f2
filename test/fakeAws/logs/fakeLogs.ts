/**
 * The fake CloudWatch Logs account: log groups, streams and their events, the Live Tail settings,
 * and helpers for tests (create groups, put events with chosen timestamps, inject random faults).
 * The API handlers (handlers.ts, liveTail.ts) work on this state.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Clock } from '../clock';
import { AwsError } from '../errors';
import { seededRandom } from '../seededRandom';
import type { EventInput, GroupRecord, StoredEvent, StreamRecord } from './types';

/** The documented limits the fake enforces. */
export const LOGS_LIMITS = {
  /** FilterLogEvents / GetLogEvents: events and bytes per page. */
  pageEvents: 10_000,
  pageBytes: 1_048_576,
  /** PutLogEvents. */
  putEvents: 10_000,
  putBytes: 1_048_576,
  eventOverheadBytes: 26,
  maxEventBytes: 1_048_576,
  /** FilterLogEvents logStreamNames, StartLiveTail logStreamNames / logStreamNamePrefixes. */
  streamNames: 100,
  /** StartLiveTail logGroupIdentifiers. */
  liveTailGroups: 10,
  /** Concurrent Live Tail sessions per account. */
  liveTailSessions: 15,
  /** Describe* page size. */
  describePage: 50,
} as const;

export interface LiveTailSettings {
  /** Time between sessionUpdate frames (AWS: 1 s). */
  updateIntervalMs: number;
  /** When the session ends with SessionTimeoutException (AWS: 3 hours). */
  sessionLengthMs: number;
  /** Most events in one sessionUpdate; above it the update is sampled (AWS: 500). */
  maxEventsPerUpdate: number;
}

export const DEFAULT_LIVE_TAIL: LiveTailSettings = {
  updateIntervalMs: 1000,
  sessionLengthMs: 3 * 60 * 60 * 1000,
  maxEventsPerUpdate: 500,
};

export interface RandomFaults {
  /** Operations that fail at random ('FilterLogEvents'…); '*' for all. */
  readonly operations: readonly string[];
  /** Probability of a failure per call, 0..1. */
  readonly rate: number;
  /** Which errors, drawn in turn at random (default both). */
  readonly kinds?: ReadonlyArray<'throttle' | 'serverError'>;
  /** Seed of the generator, so a failing run can be replayed (default 1). */
  readonly seed?: number;
}

export type IngestListener = (
  group: GroupRecord,
  stream: StreamRecord,
  events: readonly StoredEvent[],
) => void;

const DAY = 24 * 60 * 60 * 1000;

export const resourceNotFound = (what: 'group' | 'stream'): AwsError =>
  new AwsError('ResourceNotFoundException', `The specified log ${what} does not exist.`);
export const invalidParameter = (message: string): AwsError =>
  new AwsError('InvalidParameterException', message);

export function eventSize(message: string): number {
  return Buffer.byteLength(message, 'utf8') + LOGS_LIMITS.eventOverheadBytes;
}

export class FakeLogs {
  readonly groups = new Map<string, GroupRecord>();
  liveTail: LiveTailSettings = { ...DEFAULT_LIVE_TAIL };
  /** Most events per FilterLogEvents / GetLogEvents page (tests lower it to page small data). */
  pageEvents: number = LOGS_LIMITS.pageEvents;
  /** Live Tail sessions streaming right now. */
  activeSessions = 0;
  /** Calls failed by injectRandomFaults so far. */
  randomFaultsInjected = 0;
  private seq = 0;
  private readonly listeners = new Set<IngestListener>();
  private readonly feeders = new Set<() => void>();
  private faults: { config: RandomFaults; next: () => number } | undefined;
  private readonly secret = randomBytes(16);

  constructor(
    readonly clock: Clock,
    readonly region: string,
    readonly accountId: string,
  ) {}

  now(): number {
    return this.clock.now();
  }

  reset(): void {
    this.groups.clear();
    this.liveTail = { ...DEFAULT_LIVE_TAIL };
    this.pageEvents = LOGS_LIMITS.pageEvents;
    this.faults = undefined;
    this.randomFaultsInjected = 0;
    // Sessions still streaming end on their own (their sockets close with the server or client).
  }

  groupArn(name: string): string {
    return `arn:aws:logs:${this.region}:${this.accountId}:log-group:${name}`;
  }

  /** Creates a group (idempotent for tests; the API raises ResourceAlreadyExistsException). */
  createGroup(name: string, opts: { retentionInDays?: number; createdAt?: number } = {}): GroupRecord {
    const existing = this.groups.get(name);
    if (existing) return existing;
    const logGroupArn = this.groupArn(name);
    const group: GroupRecord = {
      name,
      arn: `${logGroupArn}:*`,
      logGroupArn,
      createdAt: opts.createdAt ?? this.now(),
      retentionInDays: opts.retentionInDays,
      streams: new Map(),
    };
    this.groups.set(name, group);
    return group;
  }

  /** Creates a stream (and its group when missing); idempotent for tests. */
  createStream(groupName: string, name: string, opts: { createdAt?: number } = {}): StreamRecord {
    const group = this.groups.get(groupName) ?? this.createGroup(groupName);
    const existing = group.streams.get(name);
    if (existing) return existing;
    const stream: StreamRecord = {
      name,
      arn: `${group.logGroupArn}:log-stream:${name}`,
      createdAt: opts.createdAt ?? this.now(),
      events: [],
      storedBytes: 0,
    };
    group.streams.set(name, stream);
    return stream;
  }

  /**
   * Ingests events as PutLogEvents would, without its validation (tests may put in any order),
   * creating the group and stream when missing. Plain strings get the clock's time.
   */
  putEvents(
    groupName: string,
    streamName: string,
    events: ReadonlyArray<EventInput | string>,
  ): StoredEvent[] {
    const group = this.groups.get(groupName) ?? this.createGroup(groupName);
    const stream = group.streams.get(streamName) ?? this.createStream(groupName, streamName);
    const now = this.now();
    return this.ingest(
      group,
      stream,
      events.map((e) => (typeof e === 'string' ? { timestamp: now, message: e } : e)),
    );
  }

  /** Stores validated events and tells the Live Tail sessions. */
  ingest(group: GroupRecord, stream: StreamRecord, events: readonly EventInput[]): StoredEvent[] {
    const ingestionTime = this.now();
    const stored = events.map((e): StoredEvent => {
      const seq = ++this.seq;
      const timestamp = e.timestamp ?? ingestionTime;
      return {
        timestamp,
        message: e.message,
        ingestionTime,
        seq,
        eventId: `${String(Math.max(0, timestamp)).padStart(20, '0')}${String(seq).padStart(36, '0')}`,
        size: eventSize(e.message),
      };
    });
    for (const event of stored) insertSorted(stream.events, event);
    stream.lastIngestionTime = ingestionTime;
    stream.storedBytes += stored.reduce((sum, e) => sum + e.size, 0);
    for (const listener of this.listeners) listener(group, stream, stored);
    return stored;
  }

  /** Every event of a stream, in (timestamp, ingestion) order. */
  events(groupName: string, streamName: string): StoredEvent[] {
    return [...(this.groups.get(groupName)?.streams.get(streamName)?.events ?? [])];
  }

  /** Calls `listener` for every ingested batch until the returned function is called. */
  onIngest(listener: IngestListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Calls `feeder` before every API call, so lines that are due by the clock are written before
   * they are read (containers that write logs: taskLogs.ts). Returns the function that removes it.
   */
  addFeeder(feeder: () => void): () => void {
    this.feeders.add(feeder);
    return () => this.feeders.delete(feeder);
  }

  /** Runs the feeders (the module calls it before each operation). */
  feed(): void {
    for (const feeder of this.feeders) feeder();
  }

  /** Makes some calls fail at random with ThrottlingException or ServiceUnavailableException. */
  injectRandomFaults(config: RandomFaults | undefined): void {
    this.faults = config && config.rate > 0 ? { config, next: seededRandom(config.seed ?? 1) } : undefined;
  }

  /** The random fault this call meets, if any (called before the handler). */
  randomFault(operation: string): AwsError | undefined {
    const faults = this.faults;
    if (!faults) return undefined;
    const { operations, rate, kinds = ['throttle', 'serverError'] } = faults.config;
    if (!operations.includes('*') && !operations.includes(operation)) return undefined;
    if (faults.next() >= rate) return undefined;
    this.randomFaultsInjected++;
    const kind = kinds[Math.floor(faults.next() * kinds.length)] ?? 'throttle';
    return kind === 'throttle'
      ? new AwsError('ThrottlingException', 'Rate exceeded')
      : new AwsError('ServiceUnavailableException', 'The service cannot complete the request.', 500);
  }

  /** The oldest timestamp PutLogEvents accepts now for a group (14 days, or its retention). */
  oldestAccepted(group: GroupRecord): number {
    const days = Math.min(14, group.retentionInDays ?? 14);
    return this.now() - days * DAY;
  }

  /** Opaque, tamper-evident tokens bound to a request scope (FilterLogEvents, GetLogEvents). */
  token(scope: string, position: unknown): string {
    const body = JSON.stringify(position);
    const mac = createHmac('sha256', this.secret)
      .update(`${scope}\n${body}`)
      .digest('base64url')
      .slice(0, 22);
    return Buffer.from(JSON.stringify({ p: position, m: mac })).toString('base64url');
  }

  /** The position a token stands for; InvalidParameterException when it was not issued for this scope. */
  position<T>(scope: string, token: string): T {
    try {
      const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {
        p?: unknown;
        m?: unknown;
      };
      const body = JSON.stringify(parsed.p);
      const mac = createHmac('sha256', this.secret)
        .update(`${scope}\n${body}`)
        .digest('base64url')
        .slice(0, 22);
      if (parsed.p !== undefined && parsed.m === mac) return parsed.p as T;
    } catch {
      // fall through
    }
    throw invalidParameter('The specified nextToken is invalid.');
  }
}

/** (timestamp, seq) order. */
export function compareEvents(a: StoredEvent, b: StoredEvent): number {
  return a.timestamp - b.timestamp || a.seq - b.seq;
}

function insertSorted(events: StoredEvent[], event: StoredEvent): void {
  const last = events[events.length - 1];
  if (!last || compareEvents(last, event) <= 0) {
    events.push(event);
    return;
  }
  events.splice(
    lowerBound(events, (e) => compareEvents(e, event) < 0),
    0,
    event,
  );
}

/** The first index where `before` is false (events sorted so that `before` holds for a prefix). */
export function lowerBound(events: readonly StoredEvent[], before: (e: StoredEvent) => boolean): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(events[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
