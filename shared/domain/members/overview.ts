/**
 * The Members page's numbers from the month counters of numbers.ts, pure: active cards, new,
 * renewed, lapsed, the renewal rate, fees recognised per month, sales per staff member and per
 * clinic, and the liability report with its reserve. Callers pass the months that matter (from
 * `window`), so the cost of a read follows the longest term, not the age of the chain.
 */
import { addDays } from '../time.js';
import { addMonthsTo, monthOf, monthRange, recognisedIn, unearnedAtEndOf, type Settlement, type Spread } from './recognition.js';
import { memberCounter, settlementOf, spreadsOf, type MemberCounters } from './numbers.js';

export type MonthItem = { clinicId: string; month: string; counters: MemberCounters };
export type BalanceItem = { clinicId: string; principalFen: number; bonusFen: number; termMonths: number[] };

/** Renewals are sold up to about two months before the old end (reminders go 45 and 7 days ahead). */
export const renewalLeadMonths = 2;
export const reservePercentDefault = 30;

/**
 * The months to read: back one term and the renewal lead from the range (the sales still being
 * earned), forward two terms (cards renewed a term early end that far ahead; future months hold
 * only their ends, so they are small).
 */
export const window = (input: { from: string; to: string; today: string; longestTerm: number }): { first: string; last: string } => {
  const current = monthOf(input.today);
  const reach = Math.max(1, input.longestTerm) + renewalLeadMonths;
  const quarterEnd = lastQuarterEnd(input.today);
  const earliest = [input.from, quarterEnd].sort()[0] ?? input.from;
  return { first: addMonthsTo(earliest, -reach), last: addMonthsTo(current > input.to ? current : input.to, reach + Math.max(1, input.longestTerm)) };
};

/** The last month of the calendar quarter before the one `today` is in. */
export const lastQuarterEnd = (today: string): string => {
  const month = Number(today.slice(5, 7));
  const firstOfQuarter = `${today.slice(0, 4)}-${String(month - ((month - 1) % 3)).padStart(2, '0')}`;
  return addMonthsTo(firstOfQuarter, -1);
};

const sum = (items: readonly MonthItem[], name: string): number => items.reduce((s, i) => s + (i.counters[name] ?? 0), 0);

/** Card ends on days in [fromDay, toDay] (both inclusive), read from the month items. */
export const endsBetween = (items: readonly MonthItem[], fromDay: string, toDay: string, people = false): number => {
  let n = 0;
  for (const item of items) {
    for (const [name, count] of Object.entries(item.counters)) {
      const match = /^(ends|endsPeople)\.(\d{2})$/.exec(name);
      if (!match || (match[1] === 'endsPeople') !== people) continue;
      const day = `${item.month}-${match[2]}`;
      if (day >= fromDay && day <= toDay) n += count;
    }
  }
  return n;
};

const spreadsAndSettlements = (items: readonly MonthItem[]): { spreads: Spread[]; settlements: Settlement[] } => ({
  spreads: items.flatMap((i) => spreadsOf(i.month, i.counters).spreads),
  settlements: items.filter((i) => i.counters[memberCounter.feeRefundFen] !== undefined || Object.keys(i.counters).some((k) => k.startsWith('fee.withdraw.'))).map((i) => settlementOf(i.month, i.counters)),
});

export const recognisedByMonth = (items: readonly MonthItem[], from: string, to: string): { month: string; fen: number }[] => {
  const { spreads, settlements } = spreadsAndSettlements(items);
  return monthRange(from, to).map((month) => ({ month, fen: recognisedIn(spreads, settlements, month) }));
};

export type Liability = {
  clinicId: string;
  unearnedFeesFen: number;
  storedValuePrincipalFen: number;
  storedValueBonusFen: number;
  lastQuarter: { endMonth: string; prepaidFen: number };
  reserveFen: number;
};

/**
 * One clinic's liability: unearned fees now and at the end of last quarter, stored value now,
 * and principal at that quarter's end (now less the months since). The reserve is a share of
 * last quarter's prepaid balance: money patients paid in advance (fees, principal and the visit
 * packs outstanding recorded at that quarter's end; the bonus was never paid, so it is reported
 * but not reserved).
 */
export const liabilityOf = (input: { clinicId: string; items: readonly MonthItem[]; balance?: BalanceItem; today: string; reservePercent: number; packsAtQuarterEndFen?: number }): Liability => {
  const { spreads, settlements } = spreadsAndSettlements(input.items);
  const current = monthOf(input.today);
  const quarterEnd = lastQuarterEnd(input.today);
  const principal = input.balance?.principalFen ?? 0;
  const principalThen = principal - sum(input.items.filter((i) => i.month > quarterEnd), memberCounter.svNetPrincipalFen);
  const prepaidFen = unearnedAtEndOf(spreads, settlements, quarterEnd) + principalThen + (input.packsAtQuarterEndFen ?? 0);
  return {
    clinicId: input.clinicId,
    unearnedFeesFen: unearnedAtEndOf(spreads, settlements, current),
    storedValuePrincipalFen: principal,
    storedValueBonusFen: input.balance?.bonusFen ?? 0,
    lastQuarter: { endMonth: quarterEnd, prepaidFen },
    reserveFen: Math.round((prepaidFen * input.reservePercent) / 100),
  };
};

export type StaffSales = { userId: string; cards: number; feeFen: number; topUps: number; topUpFen: number };

/** Staff counters carry a segment of the user id; ids of staff are short enough to be whole. */
export const staffSales = (items: readonly MonthItem[]): StaffSales[] => {
  const byStaff = new Map<string, StaffSales>();
  const fields = { cards: 'cards', feeFen: 'feeFen', topUps: 'topUps', topUpFen: 'topUpFen' } as const;
  for (const item of items) {
    for (const [name, n] of Object.entries(item.counters)) {
      const match = /^staff\.(cards|feeFen|topUps|topUpFen)\.(.+)$/.exec(name);
      if (!match) continue;
      const userId = match[2] ?? '';
      const row = byStaff.get(userId) ?? { userId, cards: 0, feeFen: 0, topUps: 0, topUpFen: 0 };
      row[fields[match[1] as keyof typeof fields]] += n;
      byStaff.set(userId, row);
    }
  }
  return [...byStaff.values()].sort((a, b) => b.feeFen + b.topUpFen - (a.feeFen + a.topUpFen));
};

export type ClinicNumbers = {
  clinicId: string;
  activeCards: number;
  activePeople: number;
  newCards: number;
  renewed: number;
  lapsed: number;
  cancelled: number;
  feeSoldFen: number;
  storedValue: { topUps: number; topUpFen: number; bonusFen: number; spentFen: number; refundFen: number };
};

/** A clinic's counts over [fromDay, toDay]; active as of today; lapses only on days already past. */
export const clinicNumbers = (input: { clinicId: string; items: readonly MonthItem[]; fromDay: string; toDay: string; today: string }): ClinicNumbers => {
  const inRange = input.items.filter((i) => i.month >= monthOf(input.fromDay) && i.month <= monthOf(input.toDay));
  // A card ending today is lapsed today (statusOn): its end day counts once it has come.
  const lastPast = input.toDay < input.today ? input.toDay : input.today;
  return {
    clinicId: input.clinicId,
    activeCards: endsBetween(input.items, nextDay(input.today), '9999-12-31'),
    activePeople: endsBetween(input.items, nextDay(input.today), '9999-12-31', true),
    newCards: sum(inRange, memberCounter.cardsNew),
    renewed: sum(inRange, memberCounter.cardsRenewed),
    lapsed: endsBetween(input.items, input.fromDay, lastPast),
    cancelled: sum(inRange, memberCounter.cardsCancelled),
    feeSoldFen: sum(inRange, memberCounter.feeSoldFen),
    storedValue: {
      topUps: sum(inRange, memberCounter.svTopUps), topUpFen: sum(inRange, memberCounter.svTopUpFen), bonusFen: sum(inRange, memberCounter.svBonusFen),
      spentFen: sum(inRange, memberCounter.svSpentFen), refundFen: sum(inRange, memberCounter.svRefundFen),
    },
  };
};

/** Renewed out of those that came up for renewal (renewed or lapsed); null before any did. */
export const renewalRate = (renewed: number, lapsed: number): number | null => (renewed + lapsed === 0 ? null : renewed / (renewed + lapsed));

const nextDay = (day: string): string => addDays(day, 1);
