/**
 * The List → Describe pipeline every ECS listing uses. ECS lists return only ARNs (≤ 100 a page)
 * and the Describe calls take bounded batches (services 10, tasks and clusters 100), so:
 * - the page chain runs sequentially (each page needs the previous token) through `listLimiter`,
 *   and the next page is requested the moment the previous page's token is known, before that
 *   page's describes are even started: the chain bounds the total, so it never queues behind them;
 * - each full batch is described as soon as it is known, while later pages are still being listed,
 *   through `describeLimiter` (its own limiter: describes never hold a page back);
 * - every described batch is reported through `onBatch` as it arrives (progressive rendering);
 * - `failures[]` from Describe are returned, never dropped.
 * Results keep the listing order.
 */
import type { Limiter } from '../shared/concurrency';
import { abortError } from '../shared/abort';

export interface Page {
  readonly ids: readonly string[];
  readonly nextToken?: string;
}

export interface Described<T> {
  readonly items: readonly T[];
  readonly failures: readonly DescribeFailure[];
}

export interface DescribeFailure {
  readonly arn?: string;
  readonly reason?: string;
  readonly detail?: string;
}

/** Told about each described batch as it arrives (arrival order, not listing order). */
export type OnBatch<T> = (batch: Described<T>) => void;

export interface ListAndDescribeOptions<T> {
  listPage(nextToken: string | undefined): Promise<Page>;
  describe(ids: readonly string[]): Promise<Described<T>>;
  batchSize: number;
  listLimiter: Limiter;
  describeLimiter: Limiter;
  signal?: AbortSignal;
  onBatch?: OnBatch<T>;
}

export async function listAndDescribe<T>(options: ListAndDescribeOptions<T>): Promise<Described<T>> {
  const { batchSize, signal } = options;
  const batches: Array<Promise<Described<T>>> = [];
  let pending: string[] = [];

  const flush = () => {
    if (pending.length === 0) return;
    const ids = pending;
    pending = [];
    const batch = options.describeLimiter.run(() => options.describe(ids), signal);
    batch.then(
      (result) => options.onBatch?.(result),
      // Observed now; the rejection is re-thrown below by Promise.all in order.
      () => undefined,
    );
    batches.push(batch);
  };

  const requestPage = (token: string | undefined): Promise<Page> => {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return options.listLimiter.run(() => options.listPage(token), signal);
  };

  let next: Promise<Page> | undefined = requestPage(undefined);
  while (next) {
    const page: Page = await next;
    // The next page goes out first, so its request is on the wire before this page's describes.
    next = page.nextToken ? requestPage(page.nextToken) : undefined;
    // A failed page is awaited (and thrown) on the next turn; until then it must not go unobserved.
    next?.catch(() => undefined);
    for (const id of page.ids) {
      pending.push(id);
      if (pending.length === batchSize) flush();
    }
  }
  flush();

  const results = await Promise.all(batches);
  return {
    items: results.flatMap((r) => r.items),
    failures: results.flatMap((r) => r.failures),
  };
}

/** Splits ids into chunks of at most `size` (describe calls by ARN, outside a listing). */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
