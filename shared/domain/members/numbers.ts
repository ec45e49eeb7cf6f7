/**
 * The owner's membership and stored-value numbers as counters, ADDed in the same transaction as
 * the sale, renewal, cancellation or wallet change they count (like the KPI day rollups):
 * - per clinic and month (`MemberMonth`): cards sold, renewed, cancelled; fees sold and refunded;
 *   each term's fee by the month it starts and its length (for revenue recognised, see
 *   recognition.ts); card ends by day (`ends.<DD>`), so a lapse needs no job: a card ending on a
 *   past day that nobody renewed is lapsed, and a renewal or cancellation takes its end back out;
 *   stored value topped up, given as bonus, spent, refunded; sales per staff member.
 * - per clinic, running (`MemberBalance`): stored-value principal and bonus outstanding.
 * Stored value counts at the patient's own clinic: the account is the patient's, whichever desk
 * touched it, so the clinic's balance is always the sum of its patients' accounts.
 */
import type { Membership, MembershipTerm } from '../../schemas/members.js';
import { segment } from '../kpi/counters.js';
import { defaultTimeZone, localDay } from '../time.js';
import type { WalletEntryKind } from '../wallet/ledger.js';
import { monthOf, type Settlement, type Spread } from './recognition.js';

export type MemberCounters = Record<string, number>;
export type MonthDelta = { clinicId: string; month: string; counters: MemberCounters };
export type BalanceDelta = { clinicId: string; counters: MemberCounters; termMonths?: number };

export const memberCounter = {
  cardsNew: 'cards.new',
  peopleNew: 'people.new',
  cardsRenewed: 'cards.renewed',
  cardsCancelled: 'cards.cancelled',
  feeSoldFen: 'fee.soldFen',
  feeRefundFen: 'fee.refundFen',
  defer: (startMonth: string, termMonths: number) => `fee.defer.${startMonth}.${termMonths}`,
  withdraw: (startMonth: string, termMonths: number) => `fee.withdraw.${startMonth}.${termMonths}`,
  ends: (day: string) => `ends.${day.slice(8, 10)}`,
  endsPeople: (day: string) => `endsPeople.${day.slice(8, 10)}`,
  staffCards: (userId: string) => `staff.cards.${segment(userId)}`,
  staffFeeFen: (userId: string) => `staff.feeFen.${segment(userId)}`,
  staffTopUps: (userId: string) => `staff.topUps.${segment(userId)}`,
  staffTopUpFen: (userId: string) => `staff.topUpFen.${segment(userId)}`,
  svTopUps: 'sv.topUps',
  svTopUpFen: 'sv.topUpFen',
  svBonusFen: 'sv.bonusFen',
  svSpentFen: 'sv.spentFen',
  svRefundFen: 'sv.refundFen',
  svForfeitFen: 'sv.forfeitFen',
  /** bonus lapsed by the owner's validity (bonus-lots.ts) */
  svLapsedFen: 'sv.lapsedFen',
  svNetPrincipalFen: 'sv.netPrincipalFen',
  svNetBonusFen: 'sv.netBonusFen',
  principalFen: 'principalFen',
  bonusFen: 'bonusFen',
} as const;

const add = (deltas: MonthDelta[], clinicId: string, month: string, counters: MemberCounters): void => {
  const found = deltas.find((d) => d.clinicId === clinicId && d.month === month);
  const target = found ?? { clinicId, month, counters: {} };
  if (!found) deltas.push(target);
  for (const [name, n] of Object.entries(counters)) target.counters[name] = (target.counters[name] ?? 0) + n;
};

const clinicOf = (m: Membership): string => m.periods.at(-1)?.clinicId ?? m.periods[0]?.clinicId ?? '';

/** The end of a live card, counted on its day (taken back with `sign` −1). */
const endCount = (deltas: MonthDelta[], m: Membership, sign: 1 | -1): void =>
  add(deltas, clinicOf(m), monthOf(m.endDate), { [memberCounter.ends(m.endDate)]: sign, [memberCounter.endsPeople(m.endDate)]: sign * m.memberPatientIds.length });

const termSold = (deltas: MonthDelta[], period: MembershipTerm, termMonths: number, kind: 'new' | 'renewed', people: number): void =>
  add(deltas, period.clinicId, monthOf(localDay(new Date(period.soldAt), defaultTimeZone)), {
    ...(kind === 'new' ? { [memberCounter.cardsNew]: 1, [memberCounter.peopleNew]: people } : { [memberCounter.cardsRenewed]: 1 }),
    [memberCounter.feeSoldFen]: period.pricePaidFen,
    [memberCounter.defer(monthOf(period.startDate), termMonths)]: period.pricePaidFen,
    [memberCounter.staffCards(period.soldBy)]: 1,
    [memberCounter.staffFeeFen(period.soldBy)]: period.pricePaidFen,
  });

/** A new card: counted where and when it was sold; its end on its day. */
export const saleDeltas = (m: Membership): MonthDelta[] => {
  const deltas: MonthDelta[] = [];
  const [period] = m.periods;
  if (period) termSold(deltas, period, m.terms.termMonths, 'new', m.memberPatientIds.length);
  endCount(deltas, m, 1);
  return deltas;
};

/** A renewal: the new term sold, and the card's end moved from the old day to the new one. */
export const renewalDeltas = (before: Membership, after: Membership): MonthDelta[] => {
  const deltas: MonthDelta[] = [];
  const period = after.periods.at(-1);
  if (period) termSold(deltas, period, after.terms.termMonths, 'renewed', after.memberPatientIds.length);
  endCount(deltas, before, -1);
  endCount(deltas, after, 1);
  return deltas;
};

/** The terms a cancellation on `day` settles: the current one and any paid ahead, each at the clinic that sold it. */
export const settledTerms = (m: Membership, day: string): (Spread & { clinicId: string })[] =>
  m.periods.filter((p) => p.endDate > day).map((p) => ({ clinicId: p.clinicId, startMonth: monthOf(p.startDate), termMonths: m.terms.termMonths, fen: p.pricePaidFen }));

/**
 * A cancellation: no end any more, and each unearned term withdrawn at the clinic that sold it
 * (where its fee was deferred), in the month of the cancellation; the refund at the card's clinic.
 */
export const cancellationDeltas = (before: Membership, refundFen: number, day: string): MonthDelta[] => {
  const deltas: MonthDelta[] = [];
  add(deltas, clinicOf(before), monthOf(day), { [memberCounter.cardsCancelled]: 1, [memberCounter.feeRefundFen]: refundFen });
  for (const s of settledTerms(before, day)) add(deltas, s.clinicId, monthOf(day), { [memberCounter.withdraw(s.startMonth, s.termMonths)]: s.fen });
  endCount(deltas, before, -1);
  return deltas;
};

/** One wallet entry at the patient's clinic: the month's flows and the running balances. */
export const walletDeltas = (input: { clinicId: string; day: string; kind: WalletEntryKind; principalFen: number; bonusFen: number; by: string }): { month: MonthDelta; balance: BalanceDelta } => {
  const { kind, principalFen: p, bonusFen: b } = input;
  const counters: MemberCounters = { [memberCounter.svNetPrincipalFen]: p, [memberCounter.svNetBonusFen]: b };
  if (kind === 'top-up') Object.assign(counters, { [memberCounter.svTopUps]: 1, [memberCounter.svTopUpFen]: p, [memberCounter.svBonusFen]: b, [memberCounter.staffTopUps(input.by)]: 1, [memberCounter.staffTopUpFen(input.by)]: p });
  if (kind === 'debit' || kind === 'void') counters[memberCounter.svSpentFen] = -(p + b);
  if (kind === 'refund') Object.assign(counters, { [memberCounter.svRefundFen]: -p, [memberCounter.svForfeitFen]: -b });
  if (kind === 'bonus-expiry') counters[memberCounter.svLapsedFen] = -b;
  return {
    month: { clinicId: input.clinicId, month: monthOf(input.day), counters },
    balance: { clinicId: input.clinicId, counters: { [memberCounter.principalFen]: p, [memberCounter.bonusFen]: b } },
  };
};

/** Spreads and settlements back from month counters (the inverse of the names above). */
export const spreadsOf = (month: string, counters: MemberCounters): { spreads: Spread[]; withdrawn: Spread[] } => {
  const spreads: Spread[] = [];
  const withdrawn: Spread[] = [];
  for (const [name, fen] of Object.entries(counters)) {
    const match = /^fee\.(defer|withdraw)\.(\d{4}-\d{2})\.(\d+)$/.exec(name);
    if (!match || !fen) continue;
    const spread = { startMonth: match[2] ?? '', termMonths: Number(match[3]), fen, soldMonth: month };
    (match[1] === 'defer' ? spreads : withdrawn).push(spread);
  }
  return { spreads, withdrawn };
};

export const settlementOf = (month: string, counters: MemberCounters): Settlement => ({ month, withdrawn: spreadsOf(month, counters).withdrawn, refundFen: counters[memberCounter.feeRefundFen] ?? 0 });
