/**
 * De-duplication at the places where the same event can be read twice:
 *
 * - Polling (EventIdWindow). The AWS CLI's `logs tail --follow` keeps the event ids seen at the
 *   newest timestamp and restarts each FilterLogEvents query from that timestamp, skipping ids it
 *   has seen. That loses events that arrive late, i.e. ingested after a poll has already seen
 *   newer timestamps: normal with awslogs, which ships each container's lines in batches (every
 *   few seconds), so one stream's batch lands after another stream's newer lines. This generalises
 *   the CLI: ids are kept for every timestamp within `lookbackMs` of the newest, and the next
 *   query starts `lookbackMs` before the newest. With lookbackMs = 0 it is exactly the CLI.
 *
 * - Live Tail (EmittedWindow + SeamGuard). Live Tail events carry no id, so events are matched by
 *   content: (group, stream, timestamp, message), counted (two identical lines in the same
 *   millisecond are two events). When a session starts, a FilterLogEvents fill (the history, or
 *   after a reconnect the gap since the last event seen) overlaps the session: events ingested
 *   after the session started and before the fill's query are in both. The fill skips what was
 *   already emitted (EmittedWindow), and the events the fill emitted are credited to the session
 *   (SeamGuard), whose copies are dropped, for a short while.
 * Editor-free.
 */

export class EventIdWindow {
  private readonly ids = new Map<string, number>();
  private newest = Number.NEGATIVE_INFINITY;

  constructor(readonly lookbackMs: number) {}

  /** True the first time an event is offered, false for one seen before. */
  admit(eventId: string, timestamp: number): boolean {
    if (this.ids.has(eventId)) return false;
    if (timestamp > this.newest) this.newest = timestamp;
    if (timestamp >= this.newest - this.lookbackMs) this.ids.set(eventId, timestamp);
    return true;
  }

  /** Forgets ids older than the window; call after each query. */
  prune(): void {
    const floor = this.newest - this.lookbackMs;
    for (const [id, timestamp] of this.ids) if (timestamp < floor) this.ids.delete(id);
  }

  /** Where the next query starts (undefined before any event was seen). */
  get startTime(): number | undefined {
    return Number.isFinite(this.newest) ? this.newest - this.lookbackMs : undefined;
  }

  get newestTimestamp(): number | undefined {
    return Number.isFinite(this.newest) ? this.newest : undefined;
  }

  get size(): number {
    return this.ids.size;
  }

  /** Takes over another window's ids (a finished fill joining its group's poll). */
  absorb(other: EventIdWindow): void {
    for (const [id, timestamp] of other.ids) this.admit(id, timestamp);
    this.prune();
  }
}

export interface ContentKeyed {
  readonly group: string;
  readonly stream: string;
  readonly timestamp: number;
  readonly message: string;
}

export function contentKey(e: ContentKeyed): string {
  return `${e.group}\u0000${e.stream}\u0000${e.timestamp}\u0000${e.message}`;
}

/** A multiset of keys. */
export class KeyCounts {
  private readonly counts = new Map<string, number>();

  add(key: string, n = 1): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + n);
  }

  /** Consumes one occurrence; false when there is none. */
  take(key: string): boolean {
    const n = this.counts.get(key);
    if (!n) return false;
    if (n === 1) this.counts.delete(key);
    else this.counts.set(key, n - 1);
    return true;
  }

  clear(): void {
    this.counts.clear();
  }

  get size(): number {
    return this.counts.size;
  }
}

/** What was emitted recently (by content key), kept for `windowMs` behind the newest timestamp. */
export class EmittedWindow {
  private readonly entries = new Map<string, { count: number; timestamp: number }>();
  private newest = Number.NEGATIVE_INFINITY;
  private addsSincePrune = 0;

  constructor(readonly windowMs: number) {}

  add(e: ContentKeyed): void {
    if (e.timestamp > this.newest) this.newest = e.timestamp;
    if (e.timestamp < this.newest - this.windowMs) return;
    const key = contentKey(e);
    const entry = this.entries.get(key);
    if (entry) entry.count++;
    else this.entries.set(key, { count: 1, timestamp: e.timestamp });
    if (++this.addsSincePrune >= 4096) this.prune();
  }

  prune(): void {
    this.addsSincePrune = 0;
    const floor = this.newest - this.windowMs;
    for (const [key, entry] of this.entries) if (entry.timestamp < floor) this.entries.delete(key);
  }

  /** The newest timestamp emitted for a group (undefined when none yet). */
  get newestTimestamp(): number | undefined {
    return Number.isFinite(this.newest) ? this.newest : undefined;
  }

  /** The counts of events at or after `from`, to consume while filtering an overlapping fill. */
  since(from: number): KeyCounts {
    const counts = new KeyCounts();
    for (const [key, entry] of this.entries) if (entry.timestamp >= from) counts.add(key, entry.count);
    return counts;
  }
}

/** Drops a live event the fill already emitted, while the seam is open. */
export class SeamGuard {
  private credits = new KeyCounts();
  private until = 0;

  /** The fill emitted these; their live copies arriving before `until` (epoch ms) are dropped. */
  open(credits: KeyCounts, until: number): void {
    this.credits = credits;
    this.until = until;
  }

  isDuplicate(e: ContentKeyed, now: number): boolean {
    if (this.credits.size === 0) return false;
    if (now > this.until) {
      this.credits.clear();
      return false;
    }
    return this.credits.take(contentKey(e));
  }
}
