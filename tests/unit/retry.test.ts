/** functions/lib/retry.ts: the one retry helper — its limit, its predicate, its jittered backoff, what it throws at the end. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { backoffMs, retry, retryUnprocessed, RetriesExhausted, Unprocessed } from '../../functions/lib/retry.js';

class Conflict extends Error {}

/** Records every wait instead of waiting. */
const recorder = () => {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
};

const policy = { attempts: 4, baseMs: 100, capMs: 250 };

describe('retry', () => {
  it('returns the first success, passing the attempt number', async () => {
    const { waits, sleep } = recorder();
    const seen: number[] = [];
    const result = await retry(
      async (attempt) => {
        seen.push(attempt);
        if (attempt < 3) throw new Conflict('busy');
        return 'done';
      },
      { ...policy, retryIf: (e) => e instanceof Conflict, sleep },
    );
    expect(result).toBe('done');
    expect(seen).toEqual([1, 2, 3]);
    expect(waits).toHaveLength(2);
  });

  it('tries exactly `attempts` times, then throws RetriesExhausted with the count and the last error', async () => {
    const { waits, sleep } = recorder();
    let tries = 0;
    const failing = retry(
      async (attempt) => {
        tries += 1;
        throw new Conflict(`conflict ${attempt}`);
      },
      { ...policy, retryIf: (e) => e instanceof Conflict, sleep },
    );
    const error = await failing.catch((e: unknown) => e);
    expect(tries).toBe(4);
    expect(waits).toHaveLength(3);
    expect(error).toBeInstanceOf(RetriesExhausted);
    expect(error).toMatchObject({ name: 'RetriesExhausted', attempts: 4, message: 'conflict 4 (gave up after 4 attempts)' });
    expect((error as RetriesExhausted).lastError).toBeInstanceOf(Conflict);
    expect((error as RetriesExhausted).cause).toBe((error as RetriesExhausted).lastError);
  });

  it('throws what `exhausted` makes instead, when given', async () => {
    const { sleep } = recorder();
    const failing = retry(async () => Promise.reject(new Conflict('stale')), {
      ...policy,
      retryIf: () => true,
      exhausted: (last, attempts) => new Error(`kept changing after ${attempts}: ${(last as Error).message}`),
      sleep,
    });
    await expect(failing).rejects.toThrow('kept changing after 4: stale');
  });

  it('rethrows an error the predicate refuses at once, unchanged and without waiting', async () => {
    const { waits, sleep } = recorder();
    const fatal = new TypeError('bad input');
    let tries = 0;
    const failing = retry(
      async () => {
        tries += 1;
        throw tries === 1 ? new Conflict('busy') : fatal;
      },
      { ...policy, retryIf: (e) => e instanceof Conflict, sleep },
    );
    await expect(failing).rejects.toBe(fatal);
    expect(tries).toBe(2);
    expect(waits).toHaveLength(1);
  });

  it('one attempt means no retry', async () => {
    const { waits, sleep } = recorder();
    await expect(retry(async () => Promise.reject(new Conflict('x')), { ...policy, attempts: 1, retryIf: () => true, sleep })).rejects.toBeInstanceOf(RetriesExhausted);
    expect(waits).toEqual([]);
  });

  it('refuses a limit that is not a whole number ≥ 1 before trying', async () => {
    let tries = 0;
    const work = async () => void (tries += 1);
    for (const attempts of [0, -1, 1.5, Number.POSITIVE_INFINITY, Number.NaN]) {
      await expect(retry(work, { ...policy, attempts, retryIf: () => true })).rejects.toBeInstanceOf(RangeError);
    }
    expect(tries).toBe(0);
  });

  it('waits with full jitter: random × the doubling ceiling, never above the cap', async () => {
    const { waits, sleep } = recorder();
    await retry(async () => Promise.reject(new Conflict('x')), { attempts: 5, baseMs: 100, capMs: 250, retryIf: () => true, sleep, random: () => 0.5 }).catch(() => undefined);
    // ceilings 100, 200, 250 (capped), 250
    expect(waits).toEqual([50, 100, 125, 125]);
  });

  it('really sleeps when no sleep is injected', async () => {
    const started = Date.now();
    let tries = 0;
    await retry(async () => (++tries < 2 ? Promise.reject(new Conflict('x')) : 'ok'), { attempts: 2, baseMs: 40, capMs: 40, retryIf: () => true, random: () => 0.99 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(30);
  });
});

describe('backoffMs', () => {
  it('is within [0, min(cap, base·2^(n−1))) for any failure count and random draw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 0, max: 60_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (failures, baseMs, capMs, draw) => {
          const ms = backoffMs(failures, { baseMs, capMs }, () => draw);
          const ceiling = Math.min(capMs, baseMs * 2 ** (failures - 1));
          return ms >= 0 && ms <= ceiling && (ceiling === 0 || ms < ceiling);
        },
      ),
    );
  });
});

describe('retryUnprocessed', () => {
  it('sends again only what came back undone, until nothing is left', async () => {
    const { waits, sleep } = recorder();
    const sent: number[][] = [];
    await retryUnprocessed(
      [1, 2, 3, 4],
      async (pending) => {
        sent.push([...pending]);
        return pending.slice(2);
      },
      { what: 'BatchWriteItem', ...policy, attempts: 5, sleep },
    );
    expect(sent).toEqual([[1, 2, 3, 4], [3, 4]]);
    expect(waits).toHaveLength(1);
  });

  it('sends nothing for nothing', async () => {
    let calls = 0;
    await retryUnprocessed([], async () => [++calls], { what: 'BatchGetItem', ...policy });
    expect(calls).toBe(0);
  });

  it('out of tries, names what was left and how much', async () => {
    const { sleep } = recorder();
    const error = await retryUnprocessed([1, 2, 3], async (pending) => pending.slice(1), { what: 'BatchWriteItem', attempts: 2, baseMs: 1, capMs: 1, sleep }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriesExhausted);
    expect((error as RetriesExhausted).lastError).toBeInstanceOf(Unprocessed);
    expect((error as Error).message).toBe('BatchWriteItem left 1 unprocessed (gave up after 2 attempts)');
  });

  it('does not retry a failure the send itself throws', async () => {
    const { sleep } = recorder();
    let calls = 0;
    const boom = new Error('ValidationException');
    await expect(retryUnprocessed([1], async () => { calls += 1; throw boom; }, { what: 'BatchWriteItem', ...policy, sleep })).rejects.toBe(boom);
    expect(calls).toBe(1);
  });
});
