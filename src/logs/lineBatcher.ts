/**
 * Batches lines on their way to an output channel, and caps what the channel retains.
 * Each append to a VS Code channel is a message to the renderer, so lines are joined and written
 * at most every `flushMs` (or sooner once `maxPendingLines` wait): 10,000 lines/s become ten
 * appends. An output channel cannot drop its first lines, so the last `maxLines` are kept here
 * and, once the channel holds half as many again, it is replaced by them (at most once per
 * `minReplaceIntervalMs`), under a line saying how many older ones were dropped. Editor-free.
 */

export interface LineSink {
  append(text: string): void;
  replace(text: string): void;
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface LineBatcherOptions {
  /** Lines the channel keeps (setting ecsFargate.logs.maxLines). */
  readonly maxLines: number;
  readonly flushMs?: number;
  readonly maxPendingLines?: number;
  readonly minReplaceIntervalMs?: number;
  readonly timers?: Timers;
  readonly now?: () => number;
  /** Called after each write (the status bar counts lines, tests measure latency). */
  readonly onFlush?: (lines: number) => void;
}

const lineCount = (text: string): number => {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
};

export class LineBatcher {
  private pending: string[] = [];
  private pendingLines = 0;
  private timer: unknown;
  /** The last entries written (each may hold several lines), oldest first from `head`. */
  private recent: string[] = [];
  private recentCounts: number[] = [];
  private head = 0;
  private recentLines = 0;
  private channelLines = 0;
  private dropped = 0;
  private lastReplace = Number.NEGATIVE_INFINITY;
  private disposed = false;
  private readonly timers: Timers;
  private readonly now: () => number;
  private readonly maxLines: number;

  constructor(
    private readonly sink: LineSink,
    private readonly options: LineBatcherOptions,
  ) {
    this.timers = options.timers ?? realTimers;
    this.now = options.now ?? Date.now;
    this.maxLines = Math.max(100, Math.floor(options.maxLines));
  }

  /** Queues one entry (it may contain line breaks). */
  push(text: string): void {
    if (this.disposed) return;
    const lines = text.indexOf('\n') < 0 ? 1 : lineCount(text);
    this.pending.push(text);
    this.pendingLines += lines;
    this.remember(text, lines);
    if (this.pendingLines >= (this.options.maxPendingLines ?? 5000)) this.flush();
    else if (this.timer === undefined) {
      this.timer = this.timers.setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, this.options.flushMs ?? 100);
    }
  }

  /** Writes what is queued now. */
  flush(): void {
    if (this.timer !== undefined) {
      this.timers.clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.pending.length === 0) return;
    const lines = this.pendingLines;
    this.channelLines += lines;
    const now = this.now();
    const minInterval = this.options.minReplaceIntervalMs ?? 1000;
    if (this.channelLines > this.maxLines * 1.5 && now - this.lastReplace >= minInterval) {
      this.lastReplace = now;
      const kept = this.recent.slice(this.head);
      const header = `… ${this.dropped} earlier lines are not kept (setting ecsFargate.logs.maxLines: ${this.maxLines})`;
      this.sink.replace(`${header}\n${kept.join('\n')}\n`);
      this.channelLines = this.recentLines + 1;
    } else {
      this.sink.append(`${this.pending.join('\n')}\n`);
    }
    this.pending = [];
    this.pendingLines = 0;
    this.options.onFlush?.(lines);
  }

  /** Flushes and stops the timer; later pushes are ignored. */
  dispose(): void {
    this.flush();
    this.disposed = true;
  }

  /** Drops what is queued and stops the timer, writing nothing more (the channel was given to another run). */
  discard(): void {
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = [];
    this.pendingLines = 0;
    this.disposed = true;
  }

  /** Lines kept for a replace (at most maxLines, plus one entry's extra lines). */
  get retainedLines(): number {
    return this.recentLines;
  }

  private remember(text: string, lines: number): void {
    this.recent.push(text);
    this.recentCounts.push(lines);
    this.recentLines += lines;
    while (
      this.recentLines - (this.recentCounts[this.head] ?? 0) >= this.maxLines &&
      this.head < this.recent.length - 1
    ) {
      const n = this.recentCounts[this.head] ?? 0;
      this.recentLines -= n;
      this.dropped += n;
      this.head++;
    }
    if (this.head > 4096 && this.head * 2 > this.recent.length) {
      this.recent = this.recent.slice(this.head);
      this.recentCounts = this.recentCounts.slice(this.head);
      this.head = 0;
    }
  }
}
