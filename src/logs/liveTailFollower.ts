/**
 * Follows log streams with CloudWatch Logs Live Tail (StartLiveTail, docs/aws-facts.md §6.3).
 *
 * Each session: open it, and once `sessionStart` arrives read with FilterLogEvents what the session
 * cannot show (fill.ts): the history of sources new to this session (from their `since`), and for
 * sources of an earlier session the gap since the newest line shown (minus `lookbackMs`, for
 * batches that land late). Updates that arrive meanwhile wait; then the fill is shown, and the
 * waiting and later updates pass the SeamGuard, which drops the copies of what the fill showed
 * (dedupe.ts). A session ends after 3 hours with SessionTimeoutException, or when the sources
 * change (a task starts or stops): the next session fills the gap the same way, so neither a
 * reconnect nor a restart loses or repeats a line.
 *
 * Limits: ≤ 10 groups per session (more: LiveTailUnavailable, and the caller polls instead);
 * stream names only with one group (≤ 100), else the session takes whole groups and lines are
 * filtered here. AccessDeniedException ends the follower with LiveTailUnavailable, carrying a
 * Handover so polling continues where Live Tail stopped. Editor-free.
 */
import {
  isNetworkError,
  logsErrorKind,
  LOGS_LIMITS,
  type LiveTailQuery,
  type LiveTailUpdate,
  type LogsGateway,
} from '../aws/logsGateway';
import { StreamAvailability } from './availability';
import { contentKey, EmittedWindow, KeyCounts, SeamGuard } from './dedupe';
import type { FillTask } from './fill';
import { planGroupFill } from './fillPlan';
import { LiveTailUnavailable, type LiveTailOptions } from './liveTailOptions';
import type { Handover, LogEngine } from './pollingFollower';
import { asError, childController, pause, sleep } from './timing';
import { byTimestamp, type FollowSink, type LogEvent, type Notice, type SourceStart } from './types';

export interface LiveTailEvents {
  /** The first session started (say once which mode is in use). */
  readonly onStarted?: () => void;
}

export class LiveTailFollower implements LogEngine {
  private readonly wanted = new Map<string, SourceStart>();
  /** Sources whose lines were shown by an earlier session (they need a gap fill, not a history). */
  private readonly filled = new Set<string>();
  private readonly newestByGroup = new Map<string, number>();
  /** What was shown lately, per group (a quiet group must keep its own recent lines). */
  private readonly emitted = new Map<string, EmittedWindow>();
  /** History reads not finished yet (a failed one resumes where it stopped), by source key. */
  private readonly historyFills = new Map<string, FillTask>();
  private readonly seam = new SeamGuard();
  private readonly availability: StreamAvailability;
  private fillPending = false;
  private sampling = false;
  private started = false;
  private restartTimer: ReturnType<typeof setTimeout> | undefined;
  private restart: () => void = () => undefined;
  private wake: () => void = () => undefined;

  constructor(
    private readonly logs: (region: string) => LogsGateway | undefined,
    private readonly sink: FollowSink,
    private readonly options: LiveTailOptions,
    private readonly events: LiveTailEvents = {},
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
    return (
      !this.fillPending &&
      [...this.wanted.keys()].every((k) => this.filled.has(k) || this.availability.has(k))
    );
  }

  add(starts: readonly SourceStart[]): void {
    let changed = false;
    for (const s of starts) {
      if (this.wanted.has(s.source.key)) continue;
      this.wanted.set(s.source.key, s);
      changed = true;
    }
    if (changed) this.scheduleRestart();
  }

  remove(keys: readonly string[]): void {
    let changed = false;
    for (const key of keys) {
      changed = this.wanted.delete(key) || changed;
      this.filled.delete(key);
      const fill = this.historyFills.get(key);
      fill?.drop(key);
      this.historyFills.delete(key);
    }
    this.availability.untrack(keys);
    if (changed) this.scheduleRestart();
  }

  /** The state polling needs to carry on. */
  handover(): Handover {
    const all = [...this.wanted.values()];
    return {
      filled: all.filter((s) => this.filled.has(s.source.key)),
      unfilled: all.filter((s) => !this.filled.has(s.source.key)),
      newestByGroup: new Map(this.newestByGroup),
      emitted: new Map(this.emitted),
    };
  }

  async run(signal: AbortSignal): Promise<void> {
    let backoff = 0;
    let unreachable = 0;
    try {
      while (!signal.aborted) {
        if (this.wanted.size === 0) {
          const p = pause(60_000, signal);
          this.wake = p.wake;
          await p.done;
          continue;
        }
        try {
          const ended = await this.session(signal);
          backoff = 0;
          // Closed by the service without an exception: reconnect, but not in a tight loop.
          if (ended === 'closed') await sleep(this.options.retryMs, signal).catch(() => undefined);
        } catch (error) {
          if (signal.aborted) break;
          if (error instanceof LiveTailUnavailable) throw error;
          const kind = logsErrorKind(error);
          if (kind === 'accessDenied')
            throw new LiveTailUnavailable('denied', this.handover(), { cause: error });
          // Live Tail has its own host (streaming-logs…): a network or VPC endpoint may not reach it
          // while FilterLogEvents works. Twice unreachable before any session started: poll instead.
          if (!this.started && isNetworkError(error) && ++unreachable >= 2) {
            throw new LiveTailUnavailable('unreachable', this.handover(), { cause: error });
          }
          if (kind === 'sessionTimeout' || kind === 'aborted') {
            // Sessions last 3 hours: reconnect at once (the fill covers the gap).
            backoff = 0;
            continue;
          }
          if (kind !== 'throttled' && kind !== 'transient' && kind !== 'notFound') throw error;
          backoff = Math.min(this.options.maxBackoffMs, backoff > 0 ? backoff * 2 : this.options.retryMs);
          await sleep(backoff, signal).catch(() => undefined);
        }
      }
    } finally {
      clearTimeout(this.restartTimer);
      this.restartTimer = undefined;
    }
  }

  private scheduleRestart(): void {
    this.wake();
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      this.restart();
    }, this.options.restartDebounceMs);
  }

  /** One Live Tail session, until it times out (throws), fails, is closed, or the sources change. */
  private async session(signal: AbortSignal): Promise<'closed' | 'restart'> {
    // This session takes every source wanted now: a restart asked for before is moot.
    clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    const included = await this.includedSources(signal);
    if (included.length === 0) {
      // Only missing groups so far: wait for them (or for new sources).
      const p = pause(this.options.availability.recheckMs, signal);
      this.wake = p.wake;
      await p.done;
      return 'restart';
    }
    const byGroup = new Map<string, { arn: string; starts: SourceStart[] }>();
    for (const { start, arn } of included) {
      const entry = byGroup.get(arn) ?? { arn, starts: [] };
      entry.starts.push(start);
      byGroup.set(arn, entry);
    }
    if (byGroup.size > LOGS_LIMITS.liveTailGroups)
      throw new LiveTailUnavailable('tooManyGroups', this.handover());
    const groups = [...byGroup.values()];
    const streams = groups[0]!.starts.map((s) => s.source.stream);
    const query: LiveTailQuery = {
      groupArns: groups.map((g) => g.arn),
      // Stream names only go with exactly one group; otherwise whole groups, filtered below.
      ...(groups.length === 1 && streams.length <= LOGS_LIMITS.streamNames ? { streamNames: streams } : {}),
    };
    const keyByArnStream = new Map<string, SourceStart>();
    for (const g of groups)
      for (const s of g.starts) keyByArnStream.set(`${g.arn}\u0000${s.source.stream}`, s);

    const logs = this.logs(included[0]!.start.source.region);
    if (!logs) return 'restart';
    const session = childController(signal);
    this.restart = () => session.abort();
    const buffered: LiveTailUpdate[] = [];
    let filling: Promise<void> | undefined;
    let fillFailed: unknown;
    this.fillPending = true;
    // Streams missing at the fill are looked for now and then, to explain them if they never come.
    let restarted: boolean | undefined;
    const recheck = setInterval(() => {
      if (this.availability.due()) this.availability.check(session.signal).catch(() => undefined);
    }, this.options.availability.recheckMs);
    try {
      for await (const update of logs.startLiveTail(query, session.signal)) {
        if (update.kind === 'start') {
          if (!this.started) {
            this.started = true;
            this.events.onStarted?.();
          }
          const sessionStarts = included.map((i) => i.start);
          filling = this.fill(sessionStarts, session.signal).then(
            () => {
              this.fillPending = false;
              for (const b of buffered.splice(0)) this.deliver(b, keyByArnStream);
            },
            (error: unknown) => {
              // A restart aborts the fill too; only a real failure ends the session with an error.
              if (!session.signal.aborted) fillFailed = error;
              session.abort();
            },
          );
          continue;
        }
        if (this.fillPending) buffered.push(update);
        else this.deliver(update, keyByArnStream);
      }
      // The gateway ends quietly when the session is aborted: that was a restart.
      restarted = session.signal.aborted;
    } catch (error) {
      if (fillFailed !== undefined) throw asError(fillFailed);
      if (session.signal.aborted && !signal.aborted) return 'restart'; // the sources changed
      throw error;
    } finally {
      clearInterval(recheck);
      session.abort();
      session.release();
      this.restart = () => undefined;
      await filling;
      this.fillPending = false;
    }
    if (fillFailed !== undefined) throw asError(fillFailed);
    return restarted === true ? 'restart' : 'closed';
  }

  /** The wanted sources whose group exists, with the group's ARN; missing groups are waited for. */
  private async includedSources(signal: AbortSignal): Promise<Array<{ start: SourceStart; arn: string }>> {
    const out: Array<{ start: SourceStart; arn: string }> = [];
    const missing: SourceStart[] = [];
    const arns = new Map<string, string | undefined>();
    for (const start of this.wanted.values()) {
      const s = start.source;
      const logs = this.logs(s.region);
      if (!logs) continue;
      const id = `${s.region}\u0000${s.group}`;
      if (!arns.has(id)) arns.set(id, (await logs.describeLogGroup(s.group, signal))?.arn);
      const arn = arns.get(id);
      if (arn) out.push({ start, arn });
      else missing.push(start);
    }
    if (missing.length > 0) {
      this.availability.track(missing);
      if (this.availability.due()) await this.availability.check(signal);
      // Look again soon: a group that appears must join a session.
      clearTimeout(this.restartTimer);
      this.restartTimer = setTimeout(() => this.restart(), this.options.availability.recheckMs);
    }
    return out;
  }

  /**
   * Reads what this session cannot show: history of new sources, the gap of known ones; shows it,
   * and credits it to the seam guard. Streams that do not exist yet have nothing to read.
   */
  private async fill(starts: readonly SourceStart[], signal: AbortSignal): Promise<void> {
    const byGroup = new Map<string, SourceStart[]>();
    for (const s of starts) {
      const key = `${s.source.region}\u0000${s.source.group}`;
      byGroup.set(key, [...(byGroup.get(key) ?? []), s]);
    }
    const credits = new KeyCounts();
    for (const group of byGroup.values()) {
      const { region, group: name } = group[0]!.source;
      const logs = this.logs(region);
      if (!logs) continue;
      const existing = await logs.existingStreams(
        name,
        group.map((s) => s.source.stream),
        signal,
      );
      const present = group.filter((s) => existing.has(s.source.stream));
      this.availability.track(group.filter((s) => !existing.has(s.source.stream)));
      if (this.availability.due()) {
        // Only to explain the ones still missing after a while (they join without a fill).
        await this.availability.check(signal);
      }
      const tasks = planGroupFill({
        region,
        group: name,
        present,
        filled: this.filled,
        historyFills: this.historyFills,
        newest: this.newestByGroup.get(name),
        emitted: this.emittedFor(name),
        lookbackMs: this.options.lookbackMs,
      });
      for (const task of tasks) {
        for await (const events of task.run(logs, signal)) {
          for (const e of events) credits.add(contentKey({ group: name, stream: e.source.stream, ...e }));
          this.show(events);
        }
        for (const s of task.starts) {
          this.historyFills.delete(s.source.key);
          this.filled.add(s.source.key);
        }
      }
    }
    // Streams that did not exist have no history: the session shows all of their lines.
    for (const s of starts) if (!this.historyFills.has(s.source.key)) this.filled.add(s.source.key);
    this.seam.open(credits, this.options.now() + this.options.seamMs);
  }

  private deliver(update: LiveTailUpdate, byArnStream: ReadonlyMap<string, SourceStart>): void {
    if (update.kind !== 'update') return;
    if (update.sampled && !this.sampling) {
      this.notify(
        'sampled',
        'warning',
        `Live Tail is sampling: these streams write more than ${LOGS_LIMITS.liveTailEventsPerSecond} lines per second, so some lines are not shown. ` +
          'Set ecsFargate.logs.mode to "polling" to see every line.',
      );
    } else if (!update.sampled && this.sampling) {
      this.notify('sampled', 'info', 'Live Tail is no longer sampling: every line is shown again.');
    }
    this.sampling = update.sampled;
    const now = this.options.now();
    const out: LogEvent[] = [];
    for (const e of update.events) {
      const start = byArnStream.get(`${e.groupArn}\u0000${e.stream}`);
      if (!start || !this.wanted.has(start.source.key)) continue;
      if (this.seam.isDuplicate({ group: start.source.group, ...e }, now)) continue;
      out.push({
        source: start.source,
        timestamp: e.timestamp,
        message: e.message,
        ingestionTime: e.ingestionTime,
      });
    }
    if (out.length > 0) this.show(byTimestamp(out));
  }

  private show(events: LogEvent[]): void {
    const wanted = events.filter((e) => this.wanted.has(e.source.key));
    if (wanted.length === 0) return;
    for (const e of wanted) {
      this.emittedFor(e.source.group).add({
        group: e.source.group,
        stream: e.source.stream,
        timestamp: e.timestamp,
        message: e.message,
      });
      const newest = this.newestByGroup.get(e.source.group);
      if (newest === undefined || e.timestamp > newest) this.newestByGroup.set(e.source.group, e.timestamp);
    }
    this.sink({ kind: 'events', events: wanted });
  }

  private emittedFor(group: string): EmittedWindow {
    let window = this.emitted.get(group);
    if (!window) {
      window = new EmittedWindow(Math.max(this.options.lookbackMs, 1000));
      this.emitted.set(group, window);
    }
    return window;
  }

  private notify(code: Notice['code'], level: Notice['level'], text: string): void {
    this.sink({ kind: 'notice', code, level, text, time: this.options.now() });
  }
}
