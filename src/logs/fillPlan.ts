/**
 * Which FilterLogEvents reads a Live Tail session needs for one log group before it can show its
 * own lines: for sources an earlier session already showed, the gap since the newest line shown
 * (minus the look-back, for batches that land late); for new sources, their history from `since`
 * — resuming a history read that failed part-way rather than starting it again. Editor-free.
 */
import { LOGS_LIMITS } from '../aws/logsGateway';
import type { EmittedWindow } from './dedupe';
import { FillTask } from './fill';
import type { SourceStart } from './types';

export interface GroupFillInput {
  readonly region: string;
  readonly group: string;
  /** The group's wanted sources whose streams exist. */
  readonly present: readonly SourceStart[];
  /** Sources whose lines an earlier session showed. */
  readonly filled: ReadonlySet<string>;
  /** Unfinished history reads by source key; new ones are added here. */
  readonly historyFills: Map<string, FillTask>;
  /** The newest timestamp shown for the group, if any. */
  readonly newest: number | undefined;
  readonly emitted: EmittedWindow;
  readonly lookbackMs: number;
}

export function planGroupFill(input: GroupFillInput): FillTask[] {
  const { region, group, lookbackMs } = input;
  const gapFrom = input.newest === undefined ? undefined : input.newest - lookbackMs;
  const known = input.present.filter((s) => input.filled.has(s.source.key));
  const fresh = input.present.filter((s) => !input.filled.has(s.source.key));
  const tasks: FillTask[] = [];
  for (let i = 0; i < known.length; i += LOGS_LIMITS.streamNames) {
    const chunk = known.slice(i, i + LOGS_LIMITS.streamNames).map((s) => ({
      source: s.source,
      since: gapFrom === undefined ? s.since : Math.max(s.since, gapFrom),
    }));
    const skip = input.emitted.since(Math.min(...chunk.map((c) => c.since)));
    tasks.push(new FillTask(region, group, chunk, lookbackMs, skip));
  }
  // A history read that failed part-way resumes (its own id window skips what it showed).
  const resumed = new Set<FillTask>();
  const brandNew: SourceStart[] = [];
  for (const s of fresh) {
    const pending = input.historyFills.get(s.source.key);
    if (pending && !pending.done) resumed.add(pending);
    else brandNew.push(s);
  }
  tasks.push(...resumed);
  for (let i = 0; i < brandNew.length; i += LOGS_LIMITS.streamNames) {
    const task = new FillTask(region, group, brandNew.slice(i, i + LOGS_LIMITS.streamNames), lookbackMs);
    for (const s of task.starts) input.historyFills.set(s.source.key, task);
    tasks.push(task);
  }
  return tasks;
}
