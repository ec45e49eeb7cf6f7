/**
 * Bonus expiry (赠送金额有效期): when the owner sets a validity, the bonus of each top-up is a lot
 * that lapses after its last valid day. Lots are not stored: they are replayed from the ledger,
 * which stays the one record of stored value (invariant 8), so no path that moves bonus (checkout,
 * void, transfer, merge, refund) has to know about lots.
 *
 * Spending order: bonus is taken from the lot that lapses soonest (so the patient loses as little
 * as possible), lots that never lapse last. A void gives back to the very lots its debit took
 * from; a lot that lapsed meanwhile lapses again at the next expiry run. Bonus moved in by a
 * transfer or a merge keeps no date: the owner or manager who moved it chose to keep it.
 */
import type { Fen } from '../money.js';
import type { WalletEntryKind } from './ledger.js';

export type BonusLot = { lotId: string; expiresOn?: string; fen: Fen };

export type LotEntry = { entryId: string; kind: WalletEntryKind; bonusFen: Fen; bonusExpiresOn?: string; refEntryId?: string };

type Taken = { lotId: string; fen: Fen }[];

const soonestFirst = (a: BonusLot, b: BonusLot): number =>
  (a.expiresOn ?? '9999-12-31').localeCompare(b.expiresOn ?? '9999-12-31') || a.lotId.localeCompare(b.lotId);

const takeFrom = (lots: BonusLot[], amountFen: Fen): Taken => {
  const taken: Taken = [];
  let left = amountFen;
  for (const lot of [...lots].sort(soonestFirst)) {
    if (left <= 0) break;
    const fen = Math.min(lot.fen, left);
    if (fen <= 0) continue;
    lot.fen -= fen;
    left -= fen;
    taken.push({ lotId: lot.lotId, fen });
  }
  return taken;
};

const giveBack = (lots: BonusLot[], taken: Taken | undefined, entry: LotEntry): void => {
  let left = entry.bonusFen;
  for (const part of taken ?? []) {
    const lot = lots.find((l) => l.lotId === part.lotId);
    const fen = Math.min(part.fen, left);
    if (!lot || fen <= 0) continue;
    lot.fen += fen;
    left -= fen;
  }
  if (left > 0) lots.push({ lotId: entry.entryId, fen: left });
};

/** The bonus lots a ledger leaves, replayed in ledger order; their sum is the account's bonus. */
export const bonusLotsOf = (entries: readonly LotEntry[]): BonusLot[] => {
  const lots: BonusLot[] = [];
  const takenBy = new Map<string, Taken>();
  for (const entry of entries) {
    if (entry.bonusFen < 0) takenBy.set(entry.entryId, takeFrom(lots, -entry.bonusFen));
    else if (entry.bonusFen > 0 && entry.kind === 'void') giveBack(lots, entry.refEntryId ? takenBy.get(entry.refEntryId) : undefined, entry);
    else if (entry.bonusFen > 0) lots.push({ lotId: entry.entryId, fen: entry.bonusFen, ...(entry.kind === 'top-up' && entry.bonusExpiresOn ? { expiresOn: entry.bonusExpiresOn } : {}) });
  }
  return lots.filter((l) => l.fen > 0);
};

/** The bonus that lapsed by `today` (a lot is valid through its expiresOn day, in the clinic's zone). */
export const lapsedBonusFen = (lots: readonly BonusLot[], today: string): Fen =>
  lots.filter((l) => l.expiresOn !== undefined && l.expiresOn < today).reduce((sum, l) => sum + l.fen, 0);

/** What is still valid, soonest to lapse first: what the wallet shows the front desk. */
export const expiringLots = (lots: readonly BonusLot[], today: string): { expiresOn: string; fen: Fen }[] =>
  [...lots].sort(soonestFirst).flatMap((l) => (l.expiresOn !== undefined && l.expiresOn >= today ? [{ expiresOn: l.expiresOn, fen: l.fen }] : []));

/** The last valid day of a top-up's bonus: the same day `months` later (or that month's last day). */
export const bonusExpiryDay = (topUpDay: string, months: number): string => {
  const [y, m, d] = topUpDay.split('-').map(Number) as [number, number, number];
  const monthIndex = y * 12 + (m - 1) + months;
  const year = Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
};
