/**
 * Follows log streams by polling FilterLogEvents about every second: the way when Live Tail is
 * denied or not wanted. Per log group, one query per poll (≤ 100 stream names per call; the API
 * allows 5 calls per second per account), starting `lookbackMs` before the newest event seen and
 * skipping event ids already seen (dedupe.ts: the AWS CLI's method, widened for late batches).
 * New sources first get their history (fill.ts) and then join their group's poll, whose id window
 * takes over the fill's, so the seam between history and live has no gap and no duplicate.
 * Throttling and server errors back off (doubling up to `maxBackoffMs`, said once in the channel);
 * nothing is lost, because the next query starts from the last position read. Editor-free.
 */
import { logsErrorKind, LOGS_LIMITS, type LogsGateway } from '../aws/logsGateway';
import { StreamAvailability, type AvailabilityOptions } from './availability';
import { EventIdWindow, type EmittedWindow } from './dedupe';
import { FillTask } from './fill';
import { pause } from './timing';
import {
  byTimestamp,
  type FollowSink,
  type LogEvent,
  type LogSource,
  type Notice,
  type SourceStart,
} from './types';

export interface PollingOptions {
  /** Time between the starts of two polls (default 1000). */
  readonly intervalMs: number;
  /** See EventIdWindow (default 5000; 0 is the AWS CLI's behaviour). */
  readonly lookbackMs: number;
  /** Longest wait after throttling or failures (default 30 s). */
  readonly maxBackoffMs: number;
  readonly availability: Omit<AvailabilityOptions, 'now'>;
  readonly now: () => number;
}

export const DEFAULT_POLLING: Omit<PollingOptions, 'now'> = {
  intervalMs: 1000,
  lookbackMs: 5000,
  maxBackoffMs: 30_000,
  availability: { waitMs: 30_000, recheckMs: 2000 },
};

/** Where a Live Tail follow stopped, for polling to carry on without a gap or a duplicate. */
export interface Handover {
  /** Sources whose lines were already shown, and the newest timestamp shown per group. */
  readonly filled: readonly SourceStart[];
  readonly newestByGroup: ReadonlyMap<string, number>;
  /** What was shown recently per group, by content (Live Tail events have no id). */
  readonly emitted: ReadonlyMap<string, EmittedWindow>;
  /** Sources not read yet. */
  readonly unfilled: readonly SourceStart[];
}

/** The common shape of the two followers. */
export interface LogEngine {
  add(starts: readonly SourceStart[]): void;
  remove(keys: readonly string[]): void;
  /** Sources followed (found or still awaited). */
  readonly streamCount: number;
  /** True when every source that exists has been read up to now (no history pending). */
  readonly caughtUp: boolean;
  run(signal: AbortSignal): Promise<void>;
}

interface GroupPoll {
  readonly region: string;
  readonly group: string;
  readonly sources: Map<string, SourceStart>;
  readonly window: EventIdWindow;
}

const groupKey = (s: LogSource): string => `${s.region}\u0000${s.group}`;

export class PollingFollower implements LogEngine {
  private readonly wanted = new Map<string, SourceStart>();
  private readonly groups = new Map<string, GroupPoll>();
  private fills: FillTask[] = [];
  private readonly availability: StreamAvailability;
  private backoffMs = 0;
  private wake: () => void = () => undefined;

  constructor(
    private readonly logs: (region: string) => LogsGateway | undefined,
    private readonly sink: FollowSink,
    private readonly options: PollingOptions,
  ) {
    this.availability = new StreamAvailability(logs, (n) => sink(n), {
      ...options.availability,
      now: options.now,
    });
  }

  get streamCount(): number {
    return this.wanted.size;
  }

  get caughtUp(): boolean {
    return this.fills.length === 0 && this.availability.unchecked === 0;
  }

  add(starts: readonly SourceStart[]): void {
    const fresh = starts.filter((s) => !this.wanted.has(s.source.key));
    for (const s of fresh) this.wanted.set(s.source.key, s);
    this.availability.track(fresh);
    this.wake();
  }

  remove(keys: readonly string[]): void {
    for (const key of keys) {
      this.wanted.delete(key);
      for (const fill of this.fills) fill.drop(key);
      for (const group of this.groups.values()) {
        for (const [stream, s] of group.sources) if (s.source.key === key) group.sources.delete(stream);
      }
    }
    this.availability.untrack(keys);
    this.fills = this.fills.filter((f) => !f.empty);
    for (const [key, group] of this.groups) if (group.sources.size === 0) this.groups.delete(key);
  }

  /** Takes over from Live Tail: shown sources continue from their newest line, others from their start. */
  adopt(handover: Handover): void {
    for (const s of [...handover.filled, ...handover.unfilled]) this.wanted.set(s.source.key, s);
    this.availability.track(handover.unfilled);
    const byGroup = new Map<string, SourceStart[]>();
    for (const s of handover.filled)
      byGroup.set(groupKey(s.source), [...(byGroup.get(groupKey(s.source)) ?? []), s]);
    for (const starts of byGroup.values()) {
      const first = starts[0]!.source;
      const newest = handover.newestByGroup.get(first.group);
      const from = newest === undefined ? undefined : newest - this.options.lookbackMs;
      const resumed = starts.map((s) => ({
        source: s.source,
        since: from === undefined ? s.since : Math.max(s.since, from),
      }));
      // The overlap is matched by content: what Live Tail showed has no event id.
      this.queueFills(
        resumed,
        from === undefined ? undefined : handover.emitted.get(first.group)?.since(from),
      );
    }
  }

  async run(signal: AbortSignal): Promise<void> {
    let throttledShown = false;
    while (!signal.aborted) {
      const started = this.options.now();
      try {
        await this.cycle(signal);
        if (this.backoffMs > 0 && throttledShown) {
          this.notify('recovered', 'info', 'CloudWatch Logs answers again: back to polling every second.');
          throttledShown = false;
        }
        this.backoffMs = 0;
      } catch (error) {
        if (signal.aborted) break;
        const kind = logsErrorKind(error);
        if (kind === 'throttled' || kind === 'transient') {
          this.backoffMs = Math.min(
            this.options.maxBackoffMs,
            this.backoffMs > 0 ? this.backoffMs * 2 : this.options.intervalMs * 2,
          );
          if (!throttledShown) {
            throttledShown = true;
            this.notify(
              'throttled',
              'warning',
              kind === 'throttled'
                ? `CloudWatch Logs is throttling the reads (FilterLogEvents allows 5 calls per second per account): slowing down, no lines are lost.`
                : `CloudWatch Logs did not answer (${describe(error)}): retrying with back-off, no lines are lost.`,
            );
          }
        } else if (kind === 'notFound') {
          // A group or stream disappeared (deleted, or expired): look for it again.
          this.requeueAll();
        } else {
          throw error;
        }
      }
      const elapsed = this.options.now() - started;
      const wait = this.backoffMs > 0 ? this.backoffMs : Math.max(50, this.options.intervalMs - elapsed);
      const p = pause(wait, signal);
      this.wake = p.wake;
      await p.done;
      this.wake = () => undefined;
    }
  }

  private async cycle(signal: AbortSignal): Promise<void> {
    if (this.availability.due()) {
      const ready = await this.availability.check(signal);
      this.queueFills(ready.filter((s) => this.wanted.has(s.source.key)));
    }
    await this.runFills(signal);
    await this.poll(signal);
  }

  private queueFills(starts: readonly SourceStart[], skip?: ReturnType<EmittedWindow['since']>): void {
    const byGroup = new Map<string, SourceStart[]>();
    for (const s of starts) byGroup.set(groupKey(s.source), [...(byGroup.get(groupKey(s.source)) ?? []), s]);
    for (const group of byGroup.values()) {
      for (let i = 0; i < group.length; i += LOGS_LIMITS.streamNames) {
        const chunk = group.slice(i, i + LOGS_LIMITS.streamNames);
        const first = chunk[0]!.source;
        this.fills.push(new FillTask(first.region, first.group, chunk, this.options.lookbackMs, skip));
      }
    }
  }

  /** Reads the history of new sources; each finished fill joins its group's poll. */
  private async runFills(signal: AbortSignal): Promise<void> {
    for (const fill of [...this.fills]) {
      const logs = this.logs(fill.region);
      if (!logs) continue;
      for await (const events of fill.run(logs, signal)) this.emit(events);
      this.fills = this.fills.filter((f) => f !== fill);
      const key = `${fill.region}\u0000${fill.group}`;
      let group = this.groups.get(key);
      if (!group) {
        group = {
          region: fill.region,
          group: fill.group,
          sources: new Map(),
          window: new EventIdWindow(this.options.lookbackMs),
        };
        this.groups.set(key, group);
      }
      group.window.absorb(fill.window);
      // The poll restarts from the group's newest minus the lookback; a source whose history ended
      // earlier must not be skipped over: the poll starts no later than where the fill ended.
      for (const s of fill.starts) {
        if (!this.wanted.has(s.source.key)) continue;
        const resumeAt = fill.window.startTime ?? group.window.startTime ?? s.since;
        group.sources.set(s.source.stream, { source: s.source, since: s.since });
        this.pollFloor.set(s.source.key, resumeAt);
      }
    }
  }

  /** Per source: the earliest timestamp the next group poll must cover (until it has run once). */
  private readonly pollFloor = new Map<string, number>();

  private async poll(signal: AbortSignal): Promise<void> {
    const collected: LogEvent[] = [];
    try {
      for (const group of this.groups.values()) {
        const logs = this.logs(group.region);
        if (!logs || group.sources.size === 0) continue;
        const starts = [...group.sources.values()];
        // Established streams continue from the window; a stream that just finished its history
        // continues from where that ended. Older events of a stream were read already (or are
        // later than the lookback allows for), so each stream only takes events from its own start.
        const windowStart = group.window.startTime;
        const fromFor = (s: SourceStart): number =>
          this.pollFloor.get(s.source.key) ?? windowStart ?? s.since;
        const startTime = Math.min(...starts.map(fromFor));
        for (let i = 0; i < starts.length; i += LOGS_LIMITS.streamNames) {
          const chunk = starts.slice(i, i + LOGS_LIMITS.streamNames);
          const byStream = new Map(chunk.map((s) => [s.source.stream, s]));
          const pages = logs.filterEvents(
            { group: group.group, streamNames: [...byStream.keys()], startTime },
            signal,
          );
          for await (const page of pages) {
            for (const e of page) {
              const start = byStream.get(e.stream);
              if (!start || e.timestamp < start.since || e.timestamp < fromFor(start)) continue;
              if (!group.window.admit(e.eventId, e.timestamp)) continue;
              collected.push({
                source: start.source,
                timestamp: e.timestamp,
                message: e.message,
                ingestionTime: e.ingestionTime,
                eventId: e.eventId,
              });
            }
          }
        }
        for (const s of starts) this.pollFloor.delete(s.source.key);
        group.window.prune();
      }
    } finally {
      // Whatever was admitted is shown, even when a later query failed: the ids are already seen.
      if (collected.length > 0) this.emit(byTimestamp(collected));
    }
  }

  private requeueAll(): void {
    const all = [...this.wanted.values()];
    this.groups.clear();
    this.fills = [];
    this.pollFloor.clear();
    this.availability.untrack(all.map((s) => s.source.key));
    this.availability.track(all);
  }

  private emit(events: LogEvent[]): void {
    const wanted = events.filter((e) => this.wanted.has(e.source.key));
    if (wanted.length > 0) this.sink({ kind: 'events', events: wanted });
  }

  private notify(code: Notice['code'], level: Notice['level'], text: string): void {
    this.sink({ kind: 'notice', code, level, text, time: this.options.now() });
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.name && error.name !== 'Error' ? error.name : error.message;
  return String(error);
}
