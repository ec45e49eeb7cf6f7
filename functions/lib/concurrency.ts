/**
 * The one concurrency limiter. `mapLimit` runs `work` over `items` with these rules:
 *
 * - **At most `limit` in flight** (a whole number ≥ 1, else RangeError). Items start in input
 *   order, each as soon as a slot frees.
 * - **Results in input order**: `results[i]` is what `work(items[i], i)` resolved to.
 * - **Errors**: the returned promise rejects with the first error (the first to happen, not the
 *   first by index). What else still starts depends on `onError`:
 *   - `'stop'` (default): no new item starts after a failure, for steps that are retried whole
 *     (an import chunk, a batch write) where going on is wasted work;
 *   - `'continue'`: every item is still tried, for jobs where one bad item must not starve the
 *     rest of the page (each send is idempotent; the page is redone on the next run).
 * - **In-flight work is awaited, never abandoned**: the promise settles only after every started
 *   `work` has settled, so nothing of this call still runs when the caller retries. Their results
 *   and any later errors are discarded. No rejection is ever left unhandled.
 */

export type LimitOptions = {
  /** most items in flight at once */
  limit: number;
  /** after a failure: start no more items ('stop', the default) or still try every one ('continue') */
  onError?: 'stop' | 'continue';
};

export const mapLimit = async <T, R>(items: readonly T[], options: LimitOptions, work: (item: T, index: number) => Promise<R>): Promise<R[]> => {
  const { limit, onError = 'stop' } = options;
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`mapLimit: limit must be a whole number ≥ 1, not ${limit}`);
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  // A lane never rejects: errors are kept, so Promise.all below waits for every lane.
  const lane = async (): Promise<void> => {
    while (next < items.length && !(failure && onError === 'stop')) {
      const index = next++;
      try {
        results[index] = await work(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failure) throw failure.error;
  return results;
};

/**
 * Like Promise.all, but settles only when every promise has: a caller that stops on a failure
 * leaves nothing of it still writing (a Lambda container frozen after it returns must not land a
 * stale write later). Rejects with the first failure by position.
 */
export const allSettled = async <T>(promises: readonly Promise<T>[]): Promise<T[]> => {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
};
