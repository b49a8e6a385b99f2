/**
 * StartLiveTail: validates like AWS (1–10 group ARNs without a trailing `*`; stream names or
 * prefixes, at most 100, only with exactly one group), then streams an AWS event stream: one
 * sessionStart, a sessionUpdate every interval with at most 500 events (sampled beyond, with
 * `sessionMetadata.sampled`), and SessionTimeoutException after the session length. Events
 * ingested after the session started are delivered; those still pending at the timeout are
 * dropped, as a real session that ends loses them (followers must fill the gap).
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { StartLiveTailRequest } from '@aws-sdk/client-cloudwatch-logs';
import { AwsError } from '../errors';
import { eventFrame, exceptionFrame, StreamingReply } from './eventStream';
import { invalidParameter, LOGS_LIMITS, resourceNotFound, type FakeLogs } from './fakeLogs';
import { matchesPattern } from './handlers';
import type { GroupRecord, StoredEvent, StreamRecord } from './types';

interface Pending {
  group: GroupRecord;
  stream: StreamRecord;
  event: StoredEvent;
}

/** At most `max` of the events, spread evenly (the order is kept). */
function sample<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items];
  const out: T[] = [];
  for (let i = 0; i < max; i++) out.push(items[Math.floor((i * items.length) / max)]!);
  return out;
}

export function startLiveTail(
  logs: FakeLogs,
  input: StartLiveTailRequest,
  requestId: string,
): StreamingReply {
  const identifiers = input.logGroupIdentifiers ?? [];
  if (identifiers.length < 1 || identifiers.length > LOGS_LIMITS.liveTailGroups) {
    throw invalidParameter(
      `logGroupIdentifiers must contain between 1 and ${LOGS_LIMITS.liveTailGroups} log group ARNs.`,
    );
  }
  const groups = identifiers.map((id) => {
    if (!id.startsWith('arn:')) throw invalidParameter(`Log group identifier must be an ARN: ${id}`);
    if (id.endsWith('*')) throw invalidParameter(`Log group ARN must not end with '*': ${id}`);
    const group = [...logs.groups.values()].find((g) => g.logGroupArn === id);
    if (!group) throw resourceNotFound('group');
    return group;
  });
  const names = input.logStreamNames;
  const prefixes = input.logStreamNamePrefixes;
  if (names !== undefined && prefixes !== undefined) {
    throw invalidParameter('Only one of logStreamNames and logStreamNamePrefixes can be specified.');
  }
  const streamFilter = names ?? prefixes;
  if (streamFilter !== undefined) {
    if (groups.length !== 1) {
      throw invalidParameter(
        'logStreamNames and logStreamNamePrefixes can only be used with exactly one log group.',
      );
    }
    if (streamFilter.length < 1 || streamFilter.length > LOGS_LIMITS.streamNames) {
      throw invalidParameter(`At most ${LOGS_LIMITS.streamNames} log stream names or prefixes.`);
    }
  }
  const pattern = input.logEventFilterPattern;
  if (pattern !== undefined && pattern.length > 1024) {
    throw invalidParameter('logEventFilterPattern can be at most 1024 characters.');
  }
  if (logs.activeSessions >= LOGS_LIMITS.liveTailSessions) {
    throw new AwsError(
      'LimitExceededException',
      `You have reached the maximum number of concurrent Live Tail sessions (${LOGS_LIMITS.liveTailSessions}).`,
    );
  }
  const wanted = new Set(groups);
  const streamMatches = (name: string): boolean =>
    names !== undefined
      ? names.includes(name)
      : prefixes !== undefined
        ? prefixes.some((p) => name.startsWith(p))
        : true;
  const settings = { ...logs.liveTail };

  return new StreamingReply(
    { 'content-type': 'application/vnd.amazon.eventstream' },
    (res: ServerResponse) =>
      new Promise<void>((resolve) => {
        logs.activeSessions++;
        let pending: Pending[] = [];
        const unsubscribe = logs.onIngest((group, stream, events) => {
          if (!wanted.has(group) || !streamMatches(stream.name)) return;
          for (const event of events) {
            if (matchesPattern(pattern, event.message)) pending.push({ group, stream, event });
          }
        });
        let finished = false;
        const finish = (): void => {
          if (finished) return;
          finished = true;
          clearInterval(interval);
          clearTimeout(timeout);
          unsubscribe();
          logs.activeSessions--;
          if (!res.writableEnded) res.end();
          resolve();
        };
        const write = (frame: Buffer): void => {
          if (!res.destroyed && !res.writableEnded) res.write(frame);
        };
        write(
          eventFrame('sessionStart', {
            requestId,
            sessionId: randomUUID(),
            logGroupIdentifiers: identifiers,
            logStreamNames: names,
            logStreamNamePrefixes: prefixes,
            logEventFilterPattern: pattern,
          }),
        );
        const interval = setInterval(() => {
          const batch = pending;
          pending = [];
          const sent = sample(batch, settings.maxEventsPerUpdate);
          write(
            eventFrame('sessionUpdate', {
              sessionMetadata: { sampled: sent.length < batch.length },
              sessionResults: sent.map(({ group, stream, event }) => ({
                logStreamName: stream.name,
                logGroupIdentifier: group.logGroupArn,
                message: event.message,
                timestamp: event.timestamp,
                ingestionTime: event.ingestionTime,
              })),
            }),
          );
        }, settings.updateIntervalMs);
        const timeout = setTimeout(() => {
          write(exceptionFrame('SessionTimeoutException', 'Session timed out'));
          finish();
        }, settings.sessionLengthMs);
        res.on('close', finish);
      }),
  );
}
