/**
 * A campaign page's sent outcomes, written 25 to a batch write instead of one put each. Only first
 * claims come here (the claim wrote the whole item, so the outcome is that item marked sent) and
 * nothing else writes a claimed item meanwhile: another run's claim fails on it, and the claim
 * sweep only takes claims older than `staleClaimMinutes`. The channel window grows from one round
 * trip to at most a batch: a crash inside it leaves claims the sweep counts as unknown for
 * marketing, never a second message (invariant 7 holds on the claim, not on the outcome).
 */
import type { LedgerDecision } from '../../../shared/schemas/messages.js';
import { allSettled } from '../../lib/concurrency.js';
import { batchWriteAll } from './import-batch.js';
import { sentItem } from './send-ledger-repository.js';

const batchSize = 25;

export class SentOutcomeBatch {
  private pending: Record<string, unknown>[] = [];
  private writes: Promise<void>[] = [];

  /** The claimed item and how it was sent; written with the next full batch, or at `flush`. */
  add(claimedItem: Record<string, unknown>, outcome: { decision: LedgerDecision; messageId?: string; sentAt?: string; channel?: string }): void {
    this.pending.push(sentItem(claimedItem, outcome));
    if (this.pending.length >= batchSize) this.startWrite();
  }

  /** Writes what is pending and waits for every batch; a failed batch fails the flush (the page is redone). */
  async flush(): Promise<void> {
    if (this.pending.length > 0) this.startWrite();
    const writes = this.writes;
    this.writes = [];
    await allSettled(writes);
  }

  private startWrite(): void {
    const items = this.pending;
    this.pending = [];
    const write = batchWriteAll(items, 1);
    // Awaited by flush; until then a rejection must not surface as an unhandled one.
    write.catch(() => undefined);
    this.writes.push(write);
  }
}
