/** functions/lib/concurrency.ts: the one concurrency limiter — the bound, the order, the error rules. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mapLimit } from '../../functions/lib/concurrency.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Work whose every call waits until released by hand, counting what is in flight. */
const gate = () => {
  let inFlight = 0;
  let most = 0;
  const started: number[] = [];
  const release = new Map<number, { ok: () => void; fail: (e: unknown) => void }>();
  const work = (item: number, index: number) =>
    new Promise<number>((resolve, reject) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      started.push(index);
      const done = () => (inFlight -= 1);
      release.set(index, { ok: () => (done(), resolve(item * 10)), fail: (e) => (done(), reject(e)) });
    });
  return { work, started, release, inFlight: () => inFlight, most: () => most };
};

describe('mapLimit', () => {
  it('never has more than `limit` in flight, and returns results in input order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 40 }), fc.integer({ min: 1, max: 8 }), async (delays, limit) => {
        let inFlight = 0;
        let most = 0;
        const results = await mapLimit(delays, { limit }, async (delay, index) => {
          inFlight += 1;
          most = Math.max(most, inFlight);
          for (let i = 0; i < delay; i++) await tick();
          inFlight -= 1;
          return index;
        });
        expect(most).toBeLessThanOrEqual(limit);
        expect(results).toEqual(delays.map((_, i) => i));
      }),
      { numRuns: 60 },
    );
  });

  it('starts items in input order, each as a slot frees', async () => {
    const g = gate();
    const all = mapLimit([1, 2, 3, 4, 5], { limit: 2 }, g.work);
    await tick();
    expect(g.started).toEqual([0, 1]);
    g.release.get(1)?.ok();
    await tick();
    expect(g.started).toEqual([0, 1, 2]);
    for (const i of [0, 2, 3, 4]) {
      await tick();
      g.release.get(i)?.ok();
    }
    expect(await all).toEqual([10, 20, 30, 40, 50]);
    expect(g.most()).toBe(2);
  });

  it('returns [] for no items, and refuses a limit below 1 or not whole', async () => {
    expect(await mapLimit([], { limit: 3 }, async () => 1)).toEqual([]);
    for (const limit of [0, -2, 1.5, Number.NaN]) await expect(mapLimit([1], { limit }, async () => 1)).rejects.toBeInstanceOf(RangeError);
  });

  it("'stop': after the first error no new item starts; in-flight work finishes before the rejection", async () => {
    const g = gate();
    let settled = false;
    const all = mapLimit([1, 2, 3, 4, 5], { limit: 2 }, g.work).finally(() => (settled = true));
    all.catch(() => undefined);
    await tick();
    const first = new Error('first');
    g.release.get(0)?.fail(first);
    await tick();
    // Item 1 is still running: no rejection yet, and nothing new started.
    expect(settled).toBe(false);
    expect(g.started).toEqual([0, 1]);
    g.release.get(1)?.fail(new Error('later'));
    await expect(all).rejects.toBe(first);
    expect(g.started).toEqual([0, 1]);
    expect(g.inFlight()).toBe(0);
  });

  it("'continue': every item is still tried, then the first error (in time) is thrown", async () => {
    const tried: number[] = [];
    const first = new Error('first');
    const all = mapLimit([0, 1, 2, 3, 4, 5], { limit: 2, onError: 'continue' }, async (item) => {
      tried.push(item);
      await tick();
      if (item === 1) throw first;
      if (item === 4) throw new Error('later');
      return item;
    });
    await expect(all).rejects.toBe(first);
    expect(tried.sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('a synchronous throw in work counts as that item failing', async () => {
    const boom = new Error('sync');
    const work = (item: number): Promise<number> => {
      if (item === 2) throw boom;
      return Promise.resolve(item);
    };
    await expect(mapLimit([1, 2, 3], { limit: 1 }, work)).rejects.toBe(boom);
  });

  it('leaves no unhandled rejection behind when several items fail', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      for (const onError of ['stop', 'continue'] as const) {
        await expect(mapLimit([1, 2, 3, 4], { limit: 4, onError }, async (i) => Promise.reject(new Error(`e${i}`)))).rejects.toThrow('e1');
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });
});
