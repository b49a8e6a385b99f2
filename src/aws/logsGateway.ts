/**
 * Everything the extension asks of CloudWatch Logs, over one CloudWatchLogsClient (docs/aws-facts.md §6):
 * - filterEvents: FilterLogEvents, every page until nextToken is absent (pages may be empty or
 *   partial before the end), ≤ 100 stream names per call;
 * - startLiveTail: StartLiveTail as an async iterable of session updates (≤ 10 group ARNs; stream
 *   names or prefixes only with exactly one group). Its errors (SessionTimeoutException after
 *   3 hours, AccessDeniedException…) are thrown from the iteration or the first call;
 * - describeLogGroup: the group's `logGroupArn` (without the IAM-style `:*` that `arn` carries),
 *   which Live Tail needs; cached, since a group's ARN never changes;
 * - existingStreams: which of some stream names exist (FilterLogEvents fails with
 *   ResourceNotFoundException when any named stream is missing);
 * - createLogGroup / putRetentionPolicy: a missing awslogs group is created before a task
 *   definition is registered (workflows/logGroups.ts); ResourceAlreadyExistsException means
 *   someone else created it meanwhile, which is fine.
 * The SDK package is loaded on first use. Editor-free.
 */
import type {
  CloudWatchLogsClient,
  FilterLogEventsCommandOutput,
  StartLiveTailResponseStream,
} from '@aws-sdk/client-cloudwatch-logs';
import { abortError } from '../shared/abort';
import { createLimiter } from '../shared/concurrency';
import { sdk } from './sdkModules';

export const LOGS_LIMITS = {
  /** FilterLogEvents logStreamNames, StartLiveTail stream names or prefixes. */
  streamNames: 100,
  /** StartLiveTail logGroupIdentifiers. */
  liveTailGroups: 10,
  /** Live Tail sends at most this many events per second; above it, sessionMetadata.sampled. */
  liveTailEventsPerSecond: 500,
} as const;

export interface FilterQuery {
  readonly group: string;
  /** At most 100; every one must exist. */
  readonly streamNames?: readonly string[];
  readonly streamPrefix?: string;
  /** Epoch ms, inclusive. */
  readonly startTime?: number;
  /** Epoch ms, inclusive. */
  readonly endTime?: number;
}

export interface FilteredEvent {
  readonly stream: string;
  readonly timestamp: number;
  readonly message: string;
  readonly ingestionTime?: number;
  readonly eventId: string;
}

export interface LiveTailQuery {
  /** Log group ARNs without `:*` (describeLogGroup's `arn`), 1–10. */
  readonly groupArns: readonly string[];
  /** Only with exactly one group; at most 100. */
  readonly streamNames?: readonly string[];
  readonly streamPrefixes?: readonly string[];
}

export interface LiveTailEvent {
  readonly groupArn: string;
  readonly stream: string;
  readonly timestamp: number;
  readonly message: string;
  readonly ingestionTime?: number;
}

export type LiveTailUpdate =
  | { readonly kind: 'start'; readonly sessionId: string }
  | { readonly kind: 'update'; readonly events: readonly LiveTailEvent[]; readonly sampled: boolean };

export interface LogGroupInfo {
  readonly name: string;
  /** For logGroupIdentifier(s): no trailing `:*`. */
  readonly arn: string;
}

export interface LogsGateway {
  /** The region the client talks to (awslogs-region of other regions cannot be read through it). */
  readonly region: string;
  /** One array per page, in the service's order (interleaved by timestamp across streams). */
  filterEvents(query: FilterQuery, signal?: AbortSignal): AsyncIterable<readonly FilteredEvent[]>;
  /** Opens a Live Tail session; abort the signal to end it. */
  startLiveTail(query: LiveTailQuery, signal: AbortSignal): AsyncIterable<LiveTailUpdate>;
  /** The group, or undefined when it does not exist. */
  describeLogGroup(name: string, signal?: AbortSignal): Promise<LogGroupInfo | undefined>;
  /** The subset of `names` that exist in the group (empty when the group does not exist). */
  existingStreams(group: string, names: readonly string[], signal?: AbortSignal): Promise<Set<string>>;
  /** CreateLogGroup: `created`, or `exists` when it already existed (ResourceAlreadyExistsException). */
  createLogGroup(name: string, signal?: AbortSignal): Promise<'created' | 'exists'>;
  /** PutRetentionPolicy: the group's events expire after `days` (a value CloudWatch accepts). */
  putRetentionPolicy(name: string, days: number, signal?: AbortSignal): Promise<void>;
}

export interface LogsGatewayOptions {
  readonly region: string;
  /** Most DescribeLogStreams calls in flight (the API allows 25 per second); default 4. */
  readonly describeConcurrency?: number;
}

/** What a CloudWatch Logs failure means to a follower. */
export type LogsErrorKind =
  'aborted' | 'accessDenied' | 'throttled' | 'notFound' | 'sessionTimeout' | 'transient' | 'other';

const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
  'TimeoutError',
  'RequestTimeout',
  'SessionStreamingException',
  'ServiceUnavailableException',
  'InternalFailure',
]);

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
]);

/** The endpoint could not be reached at all (DNS, refused, unreachable): no HTTP answer. */
export function isNetworkError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const e = current as { code?: unknown; name?: unknown; cause?: unknown; $metadata?: unknown };
    if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
    if (typeof e.name === 'string' && NETWORK_CODES.has(e.name)) return true;
    current = e.cause;
  }
  return false;
}

export function logsErrorKind(error: unknown): LogsErrorKind {
  const e = (error ?? {}) as {
    name?: unknown;
    code?: unknown;
    $fault?: unknown;
    $metadata?: { httpStatusCode?: number };
  };
  const name = typeof e.name === 'string' ? e.name : '';
  const code = typeof e.code === 'string' ? e.code : '';
  if (name === 'AbortError' || code === 'ABORT_ERR') return 'aborted';
  if (name === 'AccessDeniedException' || name === 'AccessDenied') return 'accessDenied';
  if (
    name === 'ThrottlingException' ||
    name === 'LimitExceededException' ||
    name === 'TooManyRequestsException'
  )
    return 'throttled';
  if (name === 'ResourceNotFoundException') return 'notFound';
  if (name === 'SessionTimeoutException') return 'sessionTimeout';
  if (TRANSIENT_CODES.has(name) || TRANSIENT_CODES.has(code) || isNetworkError(error)) return 'transient';
  if (e.$fault === 'server' || (e.$metadata?.httpStatusCode ?? 0) >= 500) return 'transient';
  return 'other';
}

export function createLogsGateway(client: CloudWatchLogsClient, options: LogsGatewayOptions): LogsGateway {
  const groups = new Map<string, LogGroupInfo>();
  const describeStreams = createLimiter(() => options.describeConcurrency ?? 4);

  async function* filterEvents(query: FilterQuery, signal?: AbortSignal): AsyncGenerator<FilteredEvent[]> {
    const { FilterLogEventsCommand } = sdk.logs();
    let nextToken: string | undefined;
    do {
      if (signal?.aborted) throw abortError(signal);
      const out: FilterLogEventsCommandOutput = await client.send(
        new FilterLogEventsCommand({
          logGroupName: query.group,
          logStreamNames: query.streamNames ? [...query.streamNames] : undefined,
          logStreamNamePrefix: query.streamPrefix,
          startTime: query.startTime,
          endTime: query.endTime,
          nextToken,
        }),
        { abortSignal: signal },
      );
      yield (out.events ?? []).map((e) => ({
        stream: e.logStreamName ?? '',
        timestamp: e.timestamp ?? 0,
        message: e.message ?? '',
        ingestionTime: e.ingestionTime,
        eventId: e.eventId ?? `${e.logStreamName ?? ''}/${e.timestamp ?? 0}/${e.message ?? ''}`,
      }));
      nextToken = out.nextToken;
    } while (nextToken);
  }

  async function* startLiveTail(query: LiveTailQuery, signal: AbortSignal): AsyncGenerator<LiveTailUpdate> {
    const { StartLiveTailCommand } = sdk.logs();
    const out = await client.send(
      new StartLiveTailCommand({
        logGroupIdentifiers: [...query.groupArns],
        logStreamNames: query.streamNames ? [...query.streamNames] : undefined,
        logStreamNamePrefixes: query.streamPrefixes ? [...query.streamPrefixes] : undefined,
      }),
      { abortSignal: signal },
    );
    const stream: AsyncIterable<StartLiveTailResponseStream> | undefined = out.responseStream;
    if (!stream) return;
    try {
      for await (const item of stream) {
        if (signal.aborted) return;
        if (item.sessionStart) {
          yield { kind: 'start', sessionId: item.sessionStart.sessionId ?? '' };
        } else if (item.sessionUpdate) {
          const update = item.sessionUpdate;
          yield {
            kind: 'update',
            sampled: update.sessionMetadata?.sampled === true,
            events: (update.sessionResults ?? []).map((e) => ({
              groupArn: e.logGroupIdentifier ?? '',
              stream: e.logStreamName ?? '',
              timestamp: e.timestamp ?? 0,
              message: e.message ?? '',
              ingestionTime: e.ingestionTime,
            })),
          };
        } else if (item.SessionTimeoutException) {
          throw item.SessionTimeoutException;
        } else if (item.SessionStreamingException) {
          throw item.SessionStreamingException;
        }
      }
    } catch (error) {
      // Aborting tears the socket down; the decoder then fails with whatever the stream saw.
      if (signal.aborted) return;
      throw error;
    }
  }

  return {
    region: options.region,
    filterEvents,
    startLiveTail,

    describeLogGroup: async (name, signal) => {
      const cached = groups.get(name);
      if (cached) return cached;
      const { DescribeLogGroupsCommand } = sdk.logs();
      // A prefix query lists the group itself first: groups sort by name and all share the prefix.
      const out = await client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name, limit: 1 }), {
        abortSignal: signal,
      });
      const found = out.logGroups?.[0];
      if (found?.logGroupName !== name) return undefined;
      const info = { name, arn: found.logGroupArn ?? found.arn?.replace(/:\*$/, '') ?? '' };
      groups.set(name, info);
      return info;
    },

    createLogGroup: async (name, signal) => {
      const { CreateLogGroupCommand } = sdk.logs();
      try {
        await client.send(new CreateLogGroupCommand({ logGroupName: name }), { abortSignal: signal });
        return 'created';
      } catch (error) {
        if (error instanceof Error && error.name === 'ResourceAlreadyExistsException') return 'exists';
        throw error;
      }
    },

    putRetentionPolicy: async (name, days, signal) => {
      const { PutRetentionPolicyCommand } = sdk.logs();
      await client.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: days }), {
        abortSignal: signal,
      });
    },

    existingStreams: async (group, names, signal) => {
      const { DescribeLogStreamsCommand } = sdk.logs();
      const found = new Set<string>();
      // A prefix equal to the name lists the stream itself first (streams sort by name).
      await Promise.all(
        [...new Set(names)].map((name) =>
          describeStreams.run(async () => {
            try {
              const out = await client.send(
                new DescribeLogStreamsCommand({ logGroupName: group, logStreamNamePrefix: name, limit: 1 }),
                { abortSignal: signal },
              );
              if (out.logStreams?.[0]?.logStreamName === name) found.add(name);
            } catch (error) {
              if (logsErrorKind(error) !== 'notFound') throw error;
            }
          }, signal),
        ),
      );
      return found;
    },
  };
}
