/**
 * The vocabulary of log following, shared by the followers (editor-free) and the channel that
 * renders them: where a container's lines are (a LogSource), the lines themselves, and the
 * notices a follow writes between them (mode, explanations, tasks starting and stopping…).
 */

/** One awslogs stream: a container of a task. */
export interface LogSource {
  /** `group\u0000stream`: unique per region. */
  readonly key: string;
  readonly region: string;
  readonly group: string;
  readonly stream: string;
  readonly container: string;
  /** The full task id (last segment of the task ARN). */
  readonly taskId: string;
  /** What prefixes its lines when several sources are followed: `container/taskShortId`. */
  readonly label: string;
}

/** What was known of a task when its sources were resolved: it words the waiting notices. */
export interface TaskState {
  readonly lastStatus?: string;
  /** When it started running (epoch ms). */
  readonly startedAt?: number;
}

/** A source and where its history starts (epoch ms). */
export interface SourceStart {
  readonly source: LogSource;
  readonly since: number;
  readonly task?: TaskState;
}

export interface LogEvent {
  readonly source: LogSource;
  readonly timestamp: number;
  readonly message: string;
  readonly ingestionTime?: number;
  /** FilterLogEvents events have one; Live Tail events do not. */
  readonly eventId?: string;
}

export type NoticeCode =
  | 'target' // what is followed, said first
  | 'mode' // Live Tail or polling, said once
  | 'sampled' // Live Tail is sampling (> 500 events/s)
  | 'explain' // a container whose logs are elsewhere, or a missing group/stream
  | 'waiting' // a stream that does not exist yet
  | 'taskStarted'
  | 'taskStopping'
  | 'taskStopped'
  | 'throttled'
  | 'recovered'
  | 'history' // end of the history
  | 'ended' // the follow is over
  | 'error';

export interface Notice {
  readonly kind: 'notice';
  readonly code: NoticeCode;
  readonly level: 'info' | 'warning' | 'error';
  readonly text: string;
  /** When it happened (epoch ms). */
  readonly time: number;
}

export type FollowItem = { readonly kind: 'events'; readonly events: readonly LogEvent[] } | Notice;

/** Where a follow reports (the channel, a test's recorder). Called synchronously, in order. */
export type FollowSink = (item: FollowItem) => void;

export function sourceKey(group: string, stream: string): string {
  return `${group}\u0000${stream}`;
}

/** Stable sort by timestamp: events from several streams, merged (ties keep their arrival order). */
export function byTimestamp(events: LogEvent[]): LogEvent[] {
  return events.sort((a, b) => a.timestamp - b.timestamp);
}
