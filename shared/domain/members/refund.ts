/**
 * The refund a cancelled membership is due, by the rule frozen on it: for each paid term, the
 * price paid pro rata by the days left, minus the list value of what was used in that term,
 * never below 0. A term not yet started is refunded whole; an ended one gives nothing back.
 */
import { daysBetween } from '../time.js';
import type { MembershipTerm, RefundRule } from '../../schemas/members.js';

export type TermRefund = { n: number; pricePaidFen: number; daysLeft: number; termDays: number; usedValueFen: number; refundFen: number };

export const termRefund = (term: Pick<MembershipTerm, 'n' | 'startDate' | 'endDate' | 'pricePaidFen'>, usedValueFen: number, today: string): TermRefund => {
  const termDays = daysBetween(term.startDate, term.endDate);
  const daysLeft = Math.max(0, Math.min(termDays, daysBetween(today < term.startDate ? term.startDate : today, term.endDate)));
  const proRata = termDays > 0 ? Math.floor((term.pricePaidFen * daysLeft) / termDays) : 0;
  return { n: term.n, pricePaidFen: term.pricePaidFen, daysLeft, termDays, usedValueFen, refundFen: Math.max(0, proRata - usedValueFen) };
};

export const refundDue = (
  _rule: RefundRule,
  terms: readonly Pick<MembershipTerm, 'n' | 'startDate' | 'endDate' | 'pricePaidFen'>[],
  usedValueByTerm: ReadonlyMap<number, number>,
  today: string,
): { refundableFen: number; terms: TermRefund[] } => {
  const parts = terms.map((t) => termRefund(t, usedValueByTerm.get(t.n) ?? 0, today));
  return { refundableFen: parts.reduce((sum, p) => sum + p.refundFen, 0), terms: parts };
};
