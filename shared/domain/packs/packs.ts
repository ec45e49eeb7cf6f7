/**
 * Visit packs as pure decisions: the sale frozen from the product's current version, which
 * lines a pack pays for (after the membership, before discounts), the unearned value of the uses
 * left (the owner's liability, and the refund by the pro-rata rule), all in integer fen.
 */
import type { FieldProblem } from '../errors.js';
import { addMonths } from '../time.js';
import type { Pack, PackProduct, PackUse, SellPackInput } from '../../schemas/packs.js';
import type { VisitLine } from '../../schemas/visit.js';

/** What the uses left are still owed: the price's share of them, floored, so 0 left owes 0 and all left owes the price. */
export const unearnedFen = (pack: Pick<Pack, 'pricePaidFen' | 'terms'>, remaining: number): number =>
  Math.max(0, Math.floor((pack.pricePaidFen * Math.max(0, remaining)) / pack.terms.count));

/** The refund by the frozen rule: the unused uses pro rata of the price, never below 0. */
export const packRefundDue = (pack: Pick<Pack, 'pricePaidFen' | 'terms' | 'remaining' | 'status'>): number =>
  pack.status === 'cancelled' ? 0 : unearnedFen(pack, pack.remaining);

export type PackStatus = 'active' | 'used-up' | 'expired' | 'cancelled' | 'not-started';

export const packStatusOn = (pack: Pick<Pack, 'status' | 'remaining' | 'startDate' | 'endDate'>, day: string): PackStatus => {
  if (pack.status === 'cancelled') return 'cancelled';
  if (day >= pack.endDate) return 'expired';
  if (day < pack.startDate) return 'not-started';
  return pack.remaining > 0 ? 'active' : 'used-up';
};

export type PackSaleFacts = { packId: string; patientId: string; soldBy: string; now: string; today: string };

export const planPackSale = (product: PackProduct, input: SellPackInput, facts: PackSaleFacts): { ok: true; pack: Pack } | { ok: false; problems: FieldProblem[] } => {
  const problems: FieldProblem[] = [];
  if (!product.active) problems.push({ path: 'productId', message: 'is no longer sold', code: 'pack.not_sold' });
  if (product.clinicIds && !product.clinicIds.includes(input.clinicId)) problems.push({ path: 'clinicId', message: 'does not sell this pack', code: 'pack.not_sold' });
  if (problems.length) return { ok: false, problems };
  const { productId, version, updatedAt: _u, updatedBy: _b, ...terms } = product;
  return {
    ok: true,
    pack: {
      packId: facts.packId, patientId: facts.patientId, productId, productVersion: version, terms, clinicId: input.clinicId,
      startDate: facts.today, endDate: addMonths(facts.today, terms.validityMonths), remaining: terms.count, pricePaidFen: terms.priceFen,
      payments: input.payments, soldBy: facts.soldBy, soldAt: facts.now, acknowledgedAt: input.acknowledgedAt, status: 'active', version: 1,
    },
  };
};

/** A pack the patient may use at a clinic on a day: theirs, live, not expired, honoured there, uses left. */
export const packApplies = (pack: Pack, clinicId: string, day: string): boolean =>
  packStatusOn(pack, day) === 'active' && (!pack.terms.clinicIds || pack.terms.clinicIds.includes(clinicId));

export type PackCoverage = { lines: VisitLine[]; uses: PackUse[] };

/**
 * Each line no card covered and still charged, paid by the applying pack for its procedure that
 * ends soonest (use what expires first). A pack is used once per visit (its counter is written
 * conditioned on the count read, so one update per pack), for the whole line's quantity.
 */
export const coverWithPacks = (lines: readonly VisitLine[], packs: readonly Pack[], at: { patientId: string; clinicId: string; day: string }): PackCoverage => {
  const usable = packs.filter((p) => packApplies(p, at.clinicId, at.day)).sort((a, b) => a.endDate.localeCompare(b.endDate) || a.packId.localeCompare(b.packId));
  const taken = new Set<string>();
  const uses: PackUse[] = [];
  const covered = lines.map((line, lineIndex) => {
    if (line.coveredBy || line.amountFen === 0) return line;
    const pack = usable.find((p) => !taken.has(p.packId) && p.terms.procedureCode === line.code && p.remaining >= line.quantity);
    if (!pack) return line;
    taken.add(pack.packId);
    const earnedFen = unearnedFen(pack, pack.remaining) - unearnedFen(pack, pack.remaining - line.quantity);
    uses.push({ packId: pack.packId, patientId: at.patientId, lineIndex, procedureCode: line.code, count: line.quantity, remainingRead: pack.remaining, earnedFen, clinicId: pack.clinicId, endDate: pack.endDate, listValueFen: line.amountFen });
    return { ...line, amountFen: 0, packCover: { packId: pack.packId, listValueFen: line.amountFen } };
  });
  return { lines: covered, uses };
};
