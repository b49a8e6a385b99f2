/**
 * One FilterLogEvents read of up to 100 streams of one group, from each stream's `since` to now,
 * all pages: the history of new sources, or the gap after a Live Tail reconnect. Resumable: a read
 * that fails part-way starts again where it got to (its own EventIdWindow skips what it already
 * gave), so a throttled or failed page never duplicates or loses lines. Editor-free.
 */
import type { LogsGateway } from '../aws/logsGateway';
import { contentKey, EventIdWindow, type KeyCounts } from './dedupe';
import type { LogEvent, LogSource, SourceStart } from './types';

export class FillTask {
  readonly window: EventIdWindow;
  private readonly byStream = new Map<string, SourceStart>();
  private finished = false;

  constructor(
    readonly region: string,
    readonly group: string,
    starts: readonly SourceStart[],
    lookbackMs: number,
    /** Events already emitted (by content), skipped once each: the overlap of a gap fill. */
    private readonly skip?: KeyCounts,
  ) {
    this.window = new EventIdWindow(lookbackMs);
    for (const start of starts) this.byStream.set(start.source.stream, start);
  }

  get done(): boolean {
    return this.finished;
  }

  get starts(): SourceStart[] {
    return [...this.byStream.values()];
  }

  get sources(): LogSource[] {
    return this.starts.map((s) => s.source);
  }

  /** Stops reading a source (it was removed while the fill ran). */
  drop(key: string): void {
    for (const [stream, start] of this.byStream) if (start.source.key === key) this.byStream.delete(stream);
  }

  get empty(): boolean {
    return this.byStream.size === 0;
  }

  /** Yields the new events of each page, in timestamp order. */
  async *run(logs: LogsGateway, signal: AbortSignal): AsyncGenerator<LogEvent[]> {
    if (this.byStream.size === 0) {
      this.finished = true;
      return;
    }
    const since = Math.min(...[...this.byStream.values()].map((s) => s.since));
    const resume = this.window.startTime;
    const startTime = resume === undefined ? since : Math.max(since, resume);
    const pages = logs.filterEvents(
      { group: this.group, streamNames: [...this.byStream.keys()], startTime },
      signal,
    );
    for await (const page of pages) {
      const out: LogEvent[] = [];
      for (const e of page) {
        const start = this.byStream.get(e.stream);
        if (!start || e.timestamp < start.since) continue;
        if (!this.window.admit(e.eventId, e.timestamp)) continue;
        if (this.skip?.take(contentKey({ group: this.group, ...e }))) continue;
        out.push({
          source: start.source,
          timestamp: e.timestamp,
          message: e.message,
          ingestionTime: e.ingestionTime,
          eventId: e.eventId,
        });
      }
      this.window.prune();
      if (out.length > 0) yield out;
    }
    this.finished = true;
  }
}
