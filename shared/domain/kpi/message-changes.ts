/**
 * The KPI message counts from the ledger's own changes (the table's change stream), not from the
 * send path: a message writes its claim, list entry and outcome, and the counts follow from what
 * the ledger item was before and after each change (message-delta.ts does the arithmetic).
 *
 * - Only ledger items count: key `T#<tenant>#P#<patient>` / `MSG#…` (a phone's occasion claims
 *   share the `MSG#` sort key under a `#PHONE#` partition and count nothing).
 * - A removal uncounts nothing: an erased patient's messages were still sent that day.
 * - An item a bulk writer inserted with its counts already in the rollups it wrote beside it (the
 *   demo history, a snapshot) says so (`countedInRollups`) and is not counted again; its later
 *   changes count as any other's.
 */
import type { MessagePurpose } from '../messaging/purposes.js';
import { mergeDayCounters, type DayCounters } from './day-counters.js';
import { deltaForMessageOutcome, type KpiMessage } from './message-delta.js';

export type StoredItem = Readonly<Record<string, unknown>>;

export type LedgerChange = {
  kind: 'INSERT' | 'MODIFY' | 'REMOVE';
  before?: StoredItem;
  after?: StoredItem;
};

/** The attribute bulk writers set on ledger items whose counts their own rollups already hold. */
export const countedInRollups = 'countedInRollups';

const ledgerPartition = /^T#([^#]+)#P#[^#]+$/;

/** The chain of a ledger item, or undefined for any other item. */
export const ledgerTenantOf = (item: StoredItem | undefined): string | undefined => {
  if (!item || typeof item.sk !== 'string' || !item.sk.startsWith('MSG#') || typeof item.pk !== 'string') return undefined;
  return ledgerPartition.exec(item.pk)?.[1];
};

type Decision = { at?: string; reason?: string };

/** What a ledger item contributes to the counts: its status on the day of its last decision. */
export const kpiMessageOfItem = (item: StoredItem): KpiMessage => {
  const decisions = Array.isArray(item.decisions) ? (item.decisions as Decision[]) : [];
  const last = decisions.at(-1);
  return {
    clinicId: String(item.clinicId ?? ''),
    purpose: String(item.purpose ?? String(item.sk).split('#')[1]) as MessagePurpose,
    status: item.status as KpiMessage['status'],
    at: last?.at ?? String(item.updatedAt ?? item.claimedAt ?? ''),
    ...(last?.reason ? { skipReason: last.reason } : {}),
  };
};

const counts = (item: StoredItem | undefined): item is StoredItem => item !== undefined && typeof item.clinicId === 'string' && item.clinicId !== '';

/** One change's delta, on its clinic's days (`zoneOf` gives each clinic's IANA zone). */
export const deltaOfLedgerChange = (change: LedgerChange, zoneOf: (clinicId: string) => string): DayCounters[] => {
  if (change.kind === 'REMOVE' || !change.after) return [];
  if (change.kind === 'INSERT' && change.after[countedInRollups] === true) return [];
  // An item without a clinic (a patient deleted before the send was decided) counts nothing, but
  // still takes back what it counted before.
  const after = counts(change.after) ? kpiMessageOfItem(change.after) : undefined;
  const before = change.kind === 'MODIFY' && counts(change.before) ? kpiMessageOfItem(change.before) : undefined;
  return deltaForMessageOutcome(before, after, zoneOf);
};

/** A change whose delta cannot be worked out (no usable date, an unknown zone): named, not counted. */
export type UncountableChange = { index: number; reason: string };

/** A batch of changes, summed per chain: one delta list per tenant, merged per clinic day. */
export const messageCountsOf = (
  changes: readonly LedgerChange[],
  zoneOf: (tenantId: string, clinicId: string) => string,
  uncountable: UncountableChange[] = [],
): Map<string, DayCounters[]> => {
  const perTenant = new Map<string, DayCounters[]>();
  changes.forEach((change, index) => {
    const tenantId = ledgerTenantOf(change.after ?? change.before);
    if (!tenantId) return;
    try {
      const deltas = deltaOfLedgerChange(change, (clinicId) => zoneOf(tenantId, clinicId));
      if (deltas.length) perTenant.set(tenantId, [...(perTenant.get(tenantId) ?? []), ...deltas]);
    } catch (error) {
      // One malformed item must not hold back every chain's counts in its batch, retry after retry.
      uncountable.push({ index, reason: error instanceof Error ? error.message : String(error) });
    }
  });
  const merged = new Map<string, DayCounters[]>();
  for (const [tenantId, deltas] of perTenant) {
    const sum = mergeDayCounters(deltas);
    if (sum.length) merged.set(tenantId, sum);
  }
  return merged;
};
