/**
 * Call counting and in-flight concurrency, per operation and overall. An operation is named
 * plainly ('ListServices') or with its service ('ecs:ListServices'); both forms are counted.
 */
export interface StatsSnapshot {
  calls: number;
  peakConcurrency: number;
  inFlight: number;
  byOperation: Record<string, number>;
  peakByOperation: Record<string, number>;
}

/** One line of the journal: a request received or answered, in the order the fake saw them. */
export interface CallEvent {
  readonly operation: string;
  readonly event: 'received' | 'answered';
  /** Milliseconds since the stats were created or reset. */
  readonly atMs: number;
}

/** The journal keeps the latest events only, so a long-running fake does not grow without bound. */
const JOURNAL_LIMIT = 10_000;

export class CallStats {
  private total = 0;
  private journal: CallEvent[] = [];
  private since = performance.now();
  private readonly perOp = new Map<string, number>();
  private overallInFlight = 0;
  private overallPeak = 0;
  private readonly inFlightByOp = new Map<string, number>();
  private readonly peakByOp = new Map<string, number>();

  /** Calls received so far: all of them, or those of one operation. */
  calls(operation?: string): number {
    return operation === undefined ? this.total : (this.perOp.get(operation) ?? 0);
  }

  /** The most calls that were in flight at once: overall, or of one operation. */
  peakConcurrency(operation?: string): number {
    return operation === undefined ? this.overallPeak : (this.peakByOp.get(operation) ?? 0);
  }

  /** Calls in flight right now. */
  inFlight(operation?: string): number {
    return operation === undefined ? this.overallInFlight : (this.inFlightByOp.get(operation) ?? 0);
  }

  /** Calls per plain operation name. */
  byOperation(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [op, n] of this.perOp) if (!op.includes(':')) out[op] = n;
    return out;
  }

  /** Requests received and answered, in order (plain operation names; the latest 10,000). */
  events(operation?: string): CallEvent[] {
    return operation === undefined
      ? [...this.journal]
      : this.journal.filter((e) => e.operation === operation);
  }

  private note(operation: string, event: CallEvent['event']): void {
    this.journal.push({ operation, event, atMs: Math.round((performance.now() - this.since) * 10) / 10 });
    if (this.journal.length > JOURNAL_LIMIT) this.journal = this.journal.slice(-JOURNAL_LIMIT / 2);
  }

  reset(): void {
    this.total = 0;
    this.journal = [];
    this.since = performance.now();
    this.perOp.clear();
    this.peakByOp.clear();
    // Calls still in flight stay counted so their end does not go negative; peaks restart from them.
    this.overallPeak = this.overallInFlight;
    for (const [op, n] of this.inFlightByOp) if (n > 0) this.peakByOp.set(op, n);
  }

  snapshot(): StatsSnapshot {
    const peakByOperation: Record<string, number> = {};
    for (const [op, n] of this.peakByOp) if (!op.includes(':')) peakByOperation[op] = n;
    return {
      calls: this.total,
      peakConcurrency: this.overallPeak,
      inFlight: this.overallInFlight,
      byOperation: this.byOperation(),
      peakByOperation,
    };
  }

  /** A call arrived; returns the function to call once its response is written. */
  begin(service: string, operation: string): () => void {
    const keys = [operation, `${service}:${operation}`];
    this.total++;
    this.note(operation, 'received');
    this.overallInFlight++;
    this.overallPeak = Math.max(this.overallPeak, this.overallInFlight);
    for (const key of keys) {
      this.perOp.set(key, (this.perOp.get(key) ?? 0) + 1);
      const now = (this.inFlightByOp.get(key) ?? 0) + 1;
      this.inFlightByOp.set(key, now);
      this.peakByOp.set(key, Math.max(this.peakByOp.get(key) ?? 0, now));
    }
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.note(operation, 'answered');
      this.overallInFlight--;
      for (const key of keys) this.inFlightByOp.set(key, (this.inFlightByOp.get(key) ?? 1) - 1);
    };
  }
}

/**
 * For a sequential chain of calls (a page chain): how long each request came after the previous
 * call's answer, i.e. what the chain lost to other work in the client. Milliseconds.
 */
export function chainGaps(events: readonly CallEvent[], operation: string): { mean: number; max: number } {
  const received = events.filter((e) => e.operation === operation && e.event === 'received');
  const answered = events.filter((e) => e.operation === operation && e.event === 'answered');
  const gaps = received.slice(1).map((r, i) => r.atMs - (answered[i]?.atMs ?? r.atMs));
  if (gaps.length === 0) return { mean: 0, max: 0 };
  return { mean: gaps.reduce((a, b) => a + b, 0) / gaps.length, max: Math.max(...gaps) };
}
