/**
 * CloudTrail's event history (LookupEvents): the management events that name one resource in a time
 * window, for "Triggered by" on a service deployment. LookupEvents is limited to two requests per
 * second per account and Region, takes one lookup attribute and returns at most 50 events a page
 * (docs/aws-facts.md §11), so this gateway keeps ONE lookup in flight per connection (the others
 * queue behind it), spaces its requests at least `minRequestIntervalMs` apart, follows at most
 * `maxPages` pages and caches each attribute + window. It also remembers, per connection, which
 * lookup attribute found a service's deployment events (ResourceName or EventName, §11). The client
 * module loads on the first lookup (sdkModules.ts). Editor-free.
 */
import type { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { sdk } from './sdkModules';

/** docs/aws-facts.md §11. */
export const CLOUDTRAIL_LIMITS = {
  /** LookupEvents MaxResults: 1–50. */
  pageSize: 50,
  /** Pages followed per lookup: a service's own events in a page's window rarely fill one. */
  maxPages: 3,
  /** Event history keeps the last 90 days of management events. */
  historyDays: 90,
  /** Two LookupEvents a second per account and Region: one connection starts one at most every 500 ms. */
  minRequestIntervalMs: 500,
} as const;

export interface TrailEvent {
  readonly eventId?: string;
  readonly eventName?: string;
  readonly eventTime?: Date;
  readonly username?: string;
  /** The whole record as CloudTrail stores it (JSON text): userIdentity, userAgent, requestParameters… */
  readonly cloudTrailEvent?: string;
}

export interface TimeWindow {
  readonly start: Date;
  readonly end: Date;
}

/** The lookup attributes this extension uses (LookupEvents takes one per request). */
export type LookupKey = 'ResourceName' | 'EventName';

export interface LookupAttribute {
  readonly key: LookupKey;
  readonly value: string;
}

export interface CloudTrailGateway {
  /** The events that have `attribute` (e.g. ResourceName = a service ARN) within the window. */
  lookupEvents(
    attribute: LookupAttribute,
    window: TimeWindow,
    signal?: AbortSignal,
  ): Promise<readonly TrailEvent[]>;
  /** Which attribute found a service's deployment events last on this connection (ResourceName until one says otherwise). */
  serviceEventsKey(): LookupKey;
  rememberServiceEventsKey(key: LookupKey): void;
}

/** Windows cached per gateway (per connection): a page re-expanded asks CloudTrail again only after this many others. */
const CACHE_ENTRIES = 50;
/**
 * Events reach the event history some minutes after the call (docs/aws-facts.md §11): a window that
 * ends less than this long ago may still fill up, so its answer is kept only for RECENT_TTL_MS.
 */
export const SETTLED_AFTER_MS = 15 * 60_000;
export const RECENT_TTL_MS = 60_000;

export interface CloudTrailGatewayOptions {
  /** Epoch milliseconds (tests inject a clock). */
  readonly now?: () => number;
  /** Waits before a request so that two never start closer than minRequestIntervalMs (tests: none). */
  readonly pause?: (ms: number) => Promise<void>;
}

const realPause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createCloudTrailGateway(
  cloudTrailClient: () => CloudTrailClient,
  options: CloudTrailGatewayOptions = {},
): CloudTrailGateway {
  const ct = sdk.cloudTrail;
  const now = options.now ?? Date.now;
  const cache = new Map<
    string,
    { readonly result: Promise<readonly TrailEvent[]>; readonly expires: number }
  >();
  const pause = options.pause ?? realPause;
  // The tail of the queue: each lookup starts when the one before has settled.
  let queue: Promise<unknown> = Promise.resolve();
  let lastRequestAt = Number.NEGATIVE_INFINITY;
  let serviceKey: LookupKey = 'ResourceName';

  const lookup = async (attribute: LookupAttribute, window: TimeWindow, signal?: AbortSignal) => {
    const events: TrailEvent[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < CLOUDTRAIL_LIMITS.maxPages; page++) {
      const wait = lastRequestAt + CLOUDTRAIL_LIMITS.minRequestIntervalMs - now();
      if (wait > 0) await pause(wait);
      lastRequestAt = now();
      const out = await cloudTrailClient().send(
        new (ct().LookupEventsCommand)({
          LookupAttributes: [{ AttributeKey: attribute.key, AttributeValue: attribute.value }],
          StartTime: window.start,
          EndTime: window.end,
          MaxResults: CLOUDTRAIL_LIMITS.pageSize,
          ...(nextToken ? { NextToken: nextToken } : {}),
        }),
        { abortSignal: signal },
      );
      for (const e of out.Events ?? []) {
        events.push({
          ...(e.EventId ? { eventId: e.EventId } : {}),
          ...(e.EventName ? { eventName: e.EventName } : {}),
          ...(e.EventTime ? { eventTime: e.EventTime } : {}),
          ...(e.Username ? { username: e.Username } : {}),
          ...(e.CloudTrailEvent ? { cloudTrailEvent: e.CloudTrailEvent } : {}),
        });
      }
      nextToken = out.NextToken;
      if (!nextToken) break;
    }
    return events;
  };

  return {
    serviceEventsKey: () => serviceKey,
    rememberServiceEventsKey: (key) => {
      serviceKey = key;
    },
    lookupEvents: (attribute, window, signal) => {
      const key = `${attribute.key}=${attribute.value}|${window.start.getTime()}|${window.end.getTime()}`;
      const cached = cache.get(key);
      if (cached && cached.expires > now()) return cached.result;
      const result = queue.then(() => lookup(attribute, window, signal));
      queue = result.catch(() => undefined);
      const settled = window.end.getTime() < now() - SETTLED_AFTER_MS;
      cache.delete(key);
      cache.set(key, { result, expires: settled ? Number.POSITIVE_INFINITY : now() + RECENT_TTL_MS });
      // A failure (denied, throttled, aborted) is not remembered: the next expansion asks again.
      void result.catch(() => {
        if (cache.get(key)?.result === result) cache.delete(key);
      });
      if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
      return result;
    },
  };
}
