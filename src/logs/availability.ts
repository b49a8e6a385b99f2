/**
 * Streams that do not exist yet. A task that is still starting has no log stream (awslogs creates
 * it when the container starts), and FilterLogEvents fails for the whole call when one named
 * stream is missing, so followers only read streams known to exist. This tracker re-checks the
 * missing ones every `recheckMs`, says once per task that it is waiting, and after `waitMs`
 * explains what is probably wrong (the group missing, or the execution role unable to create
 * streams), then keeps checking. Editor-free.
 */
import { deniedAction } from '../aws/awsErrors';
import { logsErrorKind, type LogsGateway } from '../aws/logsGateway';
import type { Notice, NoticeCode, SourceStart } from './types';
import { waitingText } from './waitingNotice';

export interface AvailabilityOptions {
  /** How long a missing stream is waited for before it is explained (default 30 s). */
  readonly waitMs: number;
  /** How often missing streams are looked for (default 2 s). */
  readonly recheckMs: number;
  readonly now: () => number;
}

interface Tracked {
  readonly start: SourceStart;
  readonly since: number;
  explained: boolean;
  checked: boolean;
}

export class StreamAvailability {
  private readonly pending = new Map<string, Tracked>();
  private readonly waitingTasks = new Set<string>();
  private lastCheck = Number.NEGATIVE_INFINITY;
  private describeDenied = false;

  constructor(
    private readonly logs: (region: string) => LogsGateway | undefined,
    private readonly notify: (notice: Notice) => void,
    private readonly options: AvailabilityOptions,
  ) {}

  track(starts: readonly SourceStart[]): void {
    const now = this.options.now();
    for (const start of starts) {
      if (!this.pending.has(start.source.key)) {
        this.pending.set(start.source.key, { start, since: now, explained: false, checked: false });
      }
    }
    this.lastCheck = Number.NEGATIVE_INFINITY; // check the new ones on the next occasion
  }

  untrack(keys: readonly string[]): void {
    for (const key of keys) this.pending.delete(key);
  }

  get size(): number {
    return this.pending.size;
  }

  /** Sources not looked for yet. */
  get unchecked(): number {
    let n = 0;
    for (const t of this.pending.values()) if (!t.checked) n++;
    return n;
  }

  has(key: string): boolean {
    return this.pending.has(key);
  }

  /** The tracked starts, still missing. */
  missing(): SourceStart[] {
    return [...this.pending.values()].map((t) => t.start);
  }

  /** True when a check is due (something is missing and recheckMs has passed). */
  due(): boolean {
    return this.pending.size > 0 && this.options.now() - this.lastCheck >= this.options.recheckMs;
  }

  /** Looks for the missing streams; returns (and stops tracking) those that now exist. */
  async check(signal: AbortSignal): Promise<SourceStart[]> {
    this.lastCheck = this.options.now();
    const byGroup = new Map<string, Tracked[]>();
    for (const tracked of this.pending.values()) {
      const s = tracked.start.source;
      const key = `${s.region}\u0000${s.group}`;
      byGroup.set(key, [...(byGroup.get(key) ?? []), tracked]);
    }
    const ready: SourceStart[] = [];
    for (const tracked of byGroup.values()) {
      const first = tracked[0]!.start.source;
      const logs = this.logs(first.region);
      if (!logs) continue;
      let group: unknown;
      let existing: Set<string>;
      try {
        group = await logs.describeLogGroup(first.group, signal);
        existing = group
          ? await logs.existingStreams(
              first.group,
              tracked.map((t) => t.start.source.stream),
              signal,
            )
          : new Set<string>();
      } catch (error) {
        if (logsErrorKind(error) !== 'accessDenied') throw error;
        // Without logs:DescribeLogGroups/DescribeLogStreams, read the streams blindly: a missing
        // one then fails the read with ResourceNotFoundException, and is looked for again.
        if (!this.describeDenied) {
          this.describeDenied = true;
          this.emit(
            'explain',
            'warning',
            `Cannot check which log streams exist (${deniedAction(error instanceof Error ? error.message : undefined) ?? 'access denied'}): reading them anyway.`,
          );
        }
        group = true;
        existing = new Set(tracked.map((t) => t.start.source.stream));
      }
      for (const t of tracked) {
        t.checked = true;
        if (existing.has(t.start.source.stream)) {
          this.pending.delete(t.start.source.key);
          ready.push(t.start);
        } else {
          this.reportMissing(t, group === undefined);
        }
      }
    }
    return ready;
  }

  private reportMissing(t: Tracked, groupMissing: boolean): void {
    const s = t.start.source;
    const now = this.options.now();
    if (!this.waitingTasks.has(s.taskId)) {
      this.waitingTasks.add(s.taskId);
      this.emit('waiting', 'info', waitingText(s, t.start.task, now));
    }
    if (t.explained || now - t.since < this.options.waitMs) return;
    t.explained = true;
    const waited = Math.round((now - t.since) / 1000);
    this.emit(
      'explain',
      'warning',
      groupMissing
        ? `Log group ${s.group} does not exist in ${s.region} after ${waited} s: container ${s.container} cannot send its logs. ` +
            'Create the group, or set "awslogs-create-group": "true" (the task execution role then needs logs:CreateLogGroup). Still waiting.'
        : `No log stream ${s.stream} in ${s.group} after ${waited} s: container ${s.container} has not written anything yet, ` +
            'or the task execution role cannot create log streams (logs:CreateLogStream). Still waiting.',
    );
  }

  private emit(code: NoticeCode, level: Notice['level'], text: string): void {
    this.notify({ kind: 'notice', code, level, text, time: this.options.now() });
  }
}
