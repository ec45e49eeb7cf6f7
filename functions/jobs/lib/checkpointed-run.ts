/**
 * Large runs in checkpointed batches: a page of due items is handled (a few at a time), then the
 * checkpoint moves past it. A run that fails part-way resumes at the page it was on; one that
 * finished for its run key (e.g. the local day) is not read again. Handlers must be idempotent:
 * every message goes through the send ledger, so redoing a page never sends twice.
 */
import { readCheckpoint, writeCheckpoint } from '../../adapters/dynamo/checkpoint-repository.js';
import { mapLimit } from '../../lib/concurrency.js';

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
    // Every item on the page is tried even after one fails: a bad item must not starve the rest.
    await mapLimit(page.items, { limit: run.concurrency ?? 4, onError: 'continue' }, async (item) => {
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
