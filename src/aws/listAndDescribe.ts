/**
 * The List → Describe pipeline every ECS listing uses. ECS lists return only ARNs (≤ 100 a page)
 * and the Describe calls take bounded batches (services 10, tasks and clusters 100), so:
 * - the page chain runs sequentially (each page needs the previous token) through `listLimiter`;
 * - each full batch is described as soon as it is known, while later pages are still being listed,
 *   through `describeLimiter` — so a 2,000-service cluster costs ≈ one page chain plus one describe round;
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

export interface ListAndDescribeOptions<T> {
  listPage(nextToken: string | undefined): Promise<Page>;
  describe(ids: readonly string[]): Promise<Described<T>>;
  batchSize: number;
  listLimiter: Limiter;
  describeLimiter: Limiter;
  signal?: AbortSignal;
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
    // Observe rejections now; they are re-thrown below by Promise.all in order.
    batch.catch(() => undefined);
    batches.push(batch);
  };

  let token: string | undefined;
  do {
    if (signal?.aborted) throw abortError(signal);
    const page = await options.listLimiter.run(() => options.listPage(token), signal);
    for (const id of page.ids) {
      pending.push(id);
      if (pending.length === batchSize) flush();
    }
    token = page.nextToken;
  } while (token);
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
