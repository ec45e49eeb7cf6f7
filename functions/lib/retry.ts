/**
 * The one way this code tries something again. Every retry loop (DynamoDB unprocessed items,
 * optimistic-concurrency conflicts, the local bus's redeliveries) goes through `retry`, so the
 * rules below hold everywhere:
 *
 * - **Which failures are retried**: only those the caller's `retryIf(error)` accepts (unprocessed
 *   items, a TransactionConflict, a version conflict…). Any other failure is rethrown at once,
 *   unchanged, without waiting.
 * - **How often**: `work(attempt)` runs at most `attempts` times (attempt = 1, 2, …); the limit is
 *   always finite (a whole number ≥ 1, else RangeError before the first try).
 * - **How long between tries**: full jitter with a cap. After the n-th failure it waits a uniform
 *   random time in [0, min(capMs, baseMs · 2^(n−1))), so racing writers spread out instead of
 *   colliding again, and no single wait exceeds `capMs`.
 * - **What is thrown at the end**: when the last allowed try fails with a retryable error, a
 *   `RetriesExhausted` (its `attempts`, and the last error as `lastError` and `cause`), or whatever
 *   `exhausted(lastError, attempts)` returns when the caller gives it (e.g. a 409 DomainError).
 *
 * `sleep` and `random` are injectable so tests run without real waits.
 */
import { DomainError } from '../../shared/domain/errors.js';

export type RetryPolicy = {
  /** tries in all, the first included */
  attempts: number;
  /** the ceiling of the first wait; it doubles with each further failure */
  baseMs: number;
  /** no single wait is longer */
  capMs: number;
};

export type RetryOptions = RetryPolicy & {
  retryIf: (error: unknown) => boolean;
  /** the error to throw when the tries run out; by default a RetriesExhausted */
  exhausted?: (lastError: unknown, attempts: number) => unknown;
  sleep?: (ms: number) => Promise<void>;
  /** uniform in [0, 1), as Math.random */
  random?: () => number;
};

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export class RetriesExhausted extends Error {
  override readonly name = 'RetriesExhausted';

  constructor(
    readonly attempts: number,
    readonly lastError: unknown,
  ) {
    super(`${messageOf(lastError)} (gave up after ${attempts} attempts)`, { cause: lastError });
  }
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The wait after the `failures`-th failure: full jitter under an exponential ceiling and a cap. */
export const backoffMs = (failures: number, policy: Pick<RetryPolicy, 'baseMs' | 'capMs'>, random: () => number = Math.random): number =>
  random() * Math.min(policy.capMs, policy.baseMs * 2 ** (failures - 1));

const checkPolicy = (policy: RetryPolicy): void => {
  if (!Number.isInteger(policy.attempts) || policy.attempts < 1) throw new RangeError(`retry: attempts must be a whole number ≥ 1, not ${policy.attempts}`);
  if (!(policy.baseMs >= 0) || !(policy.capMs >= 0) || !Number.isFinite(policy.capMs)) throw new RangeError('retry: baseMs and capMs must be finite and ≥ 0');
};

export const retry = async <T>(work: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> => {
  checkPolicy(options);
  const sleep = options.sleep ?? realSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(attempt);
    } catch (error) {
      if (!options.retryIf(error)) throw error;
      if (attempt >= options.attempts) throw options.exhausted ? options.exhausted(error, attempt) : new RetriesExhausted(attempt, error);
      await sleep(backoffMs(attempt, options, options.random));
    }
  }
};

/** What a batch API handed back undone (BatchWriteItem's UnprocessedItems, BatchGetItem's UnprocessedKeys). */
export class Unprocessed extends Error {
  override readonly name = 'Unprocessed';

  constructor(
    readonly what: string,
    readonly count: number,
  ) {
    super(`${what} left ${count} unprocessed`);
  }
}

/**
 * Sends `first`, then again only what `send` hands back undone, under `policy`, until nothing is
 * left: nothing is dropped silently. Out of tries, it throws RetriesExhausted whose last error is
 * an `Unprocessed` naming `what` and the count. A failure `send` throws is not retried here.
 */
export const retryUnprocessed = async <T>(
  first: readonly T[],
  send: (pending: T[]) => Promise<readonly T[]>,
  options: RetryPolicy & { what: string; sleep?: RetryOptions['sleep']; random?: RetryOptions['random'] },
): Promise<void> => {
  let pending = first;
  if (!pending.length) return;
  await retry(
    async () => {
      pending = await send([...pending]);
      if (pending.length) throw new Unprocessed(options.what, pending.length);
    },
    { ...options, retryIf: (error) => error instanceof Unprocessed },
  );
};

/**
 * Optimistic writes that lost a race on a versioned record (checkout, void): read again and
 * retry a few times, quickly; then a 409 the person can act on.
 */
export const summaryRace = (message: string, retryIf: (error: unknown) => boolean): RetryOptions => ({
  attempts: 4,
  baseMs: 20,
  capMs: 200,
  retryIf,
  exhausted: () => new DomainError('conflict', message),
});
