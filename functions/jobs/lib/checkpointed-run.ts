/**
 * Large runs in checkpointed batches: a page of due items is handled (a few at a time), then the
 * checkpoint moves past it. A run that fails part-way resumes at the page it was on; one that
 * finished for its run key (e.g. the local day) is not read again. Handlers must be idempotent:
 * every message goes through the send ledger, so redoing a page never sends twice.
 */
import { readCheckpoint, writeCheckpoint } from '../../adapters/dynamo/checkpoint-repository.js';

export type PageOf<T> = { items: T[]; lastKey?: Record<string, unknown> };

export type CheckpointedRun<T> = {
  tenantId: string;
  job: string;
  /** one checkpoint per run key: a daily job uses its local day */
  runKey: string;
  fetchPage: (startKey: Record<string, unknown> | undefined) => Promise<PageOf<T>>;
  /** returns the label counted in the tally (sent, skipped, deferred…) */
  handle: (item: T) => Promise<string>;
  concurrency?: number;
  now?: () => Date;
};

/** Runs `work` over items with at most `limit` in flight; every item is handled, errors rethrown after. */
export const inParallel = async <T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> => {
  let next = 0;
  const errors: unknown[] = [];
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        errors.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (errors.length) throw errors[0];
};

export const runCheckpointed = async <T>(run: CheckpointedRun<T>): Promise<Record<string, number>> => {
  const now = run.now ?? (() => new Date());
  const saved = await readCheckpoint(run.tenantId, run.job, run.runKey);
  if (saved?.done) return { ...saved.tally, alreadyDone: 1 };
  const tally: Record<string, number> = { ...(saved?.tally ?? {}) };
  let startKey = saved?.startKey;
  let pages = saved?.pages ?? 0;
  if (saved) tally.resumed = (tally.resumed ?? 0) + 1;
  for (;;) {
    const page = await run.fetchPage(startKey);
    const pageTally: Record<string, number> = {};
    await inParallel(page.items, run.concurrency ?? 4, async (item) => {
      const label = await run.handle(item);
      pageTally[label] = (pageTally[label] ?? 0) + 1;
    });
    for (const [label, n] of Object.entries(pageTally)) tally[label] = (tally[label] ?? 0) + n;
    pages += 1;
    startKey = page.lastKey;
    await writeCheckpoint(run.tenantId, run.job, run.runKey, { startKey, done: startKey === undefined, pages, tally }, now().toISOString());
    if (startKey === undefined) return tally;
  }
};
