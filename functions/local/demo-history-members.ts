/**
 * The demo chain's members and stored value (issue 11): cards sold at checkout over the years —
 * some renewed, some lapsed, some covering a family — and stored-value accounts with top-ups
 * (with the chain's bonus), debits and a refund or two. Every card and entry is decided by the
 * same pure rules the live API uses (planSale, planRenewal, planTopUp, planDebit, planRefund),
 * and the owner's numbers are the same deltas the live transactions ADD (numbers.ts), so the
 * Members page and the liability report read exactly like recorded data. Pure and deterministic:
 * its own random source, so the rest of the history is unchanged by it.
 */
import { planRenewal, planSale } from '../../shared/domain/members/membership.js';
import { renewalDeltas, saleDeltas, walletDeltas, type BalanceDelta, type MonthDelta } from '../../shared/domain/members/numbers.js';
import type { WalletRules } from '../../shared/domain/wallet/bonus-rules.js';
import { planDebit, planRefund, planTopUp } from '../../shared/domain/wallet/operations.js';
import { addDays, addMonths, defaultTimeZone, localDay } from '../../shared/domain/time.js';
import type { PatientRecord } from '../../shared/domain/patient.js';
import type { Membership, Plan } from '../../shared/schemas/members.js';
import type { WalletDelta } from '../../shared/domain/wallet/ledger.js';
import type { WalletEntry } from '../../shared/schemas/wallet.js';
import type { Visit } from '../../shared/schemas/visit.js';
import { DemoRandom } from './demo-history-random.js';

export type DemoWallet = { patientId: string; clinicId: string; entries: WalletEntry[] };
export type DemoMembers = { memberships: Membership[]; wallets: DemoWallet[]; months: MonthDelta[]; balances: BalanceDelta[] };

export type DemoMembersInput = {
  patients: readonly PatientRecord[];
  visits: readonly Visit[];
  plan: Plan;
  rules: WalletRules;
  frontdeskId: string;
  /** the clinics' local today; the history ends the day before */
  today: string;
  seed: number;
};

/** Live cards cover about 12.5% of the active patients (a visit in 6 months), never over 15%. */
export const demoMemberShare = { goal: 0.125, max: 0.15, lapsedPerLive: 0.35, renewChance: 0.65, familyChance: 0.35, walletShareOfMembers: 0.5 } as const;

type PatientVisits = { record: PatientRecord; visits: Visit[] };

const days = new Map<string, string>();
/** The local day of an instant, remembered: the generator asks it of the same visits many times. */
const dayOf = (iso: string): string => {
  const known = days.get(iso);
  if (known !== undefined) return known;
  const day = localDay(new Date(iso), defaultTimeZone);
  days.set(iso, day);
  return day;
};
/** A desk sale or renewal on a day with no visit: mid-morning, Beijing time. */
const morningOf = (day: string): string => `${day}T02:30:00.000Z`;
const later = (iso: string, minutes: number): string => new Date(Date.parse(iso) + minutes * 60_000).toISOString();

/** The active patients: a visit on or after today − 6 months (kpi/activity.ts). */
export const activePatientIds = (visits: readonly Pick<Visit, 'patientId' | 'visitedAt'>[], today: string): Set<string> => {
  const since = addMonths(today, -6);
  return new Set(visits.filter((v) => dayOf(v.visitedAt) >= since && dayOf(v.visitedAt) < today).map((v) => v.patientId));
};

const shuffled = <T>(random: DemoRandom, items: readonly T[]): T[] => {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = random.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
};

export const generateDemoMembers = (input: DemoMembersInput): DemoMembers => {
  const random = new DemoRandom(input.seed);
  const byPatient = new Map<string, PatientVisits>(input.patients.map((record) => [record.patientId, { record, visits: [] }]));
  for (const v of [...input.visits].sort((a, b) => (a.visitedAt < b.visitedAt ? -1 : a.visitedAt > b.visitedAt ? 1 : 0))) byPatient.get(v.patientId)?.visits.push(v);
  const families = new Map<string, PatientVisits[]>();
  for (const p of byPatient.values()) if (p.record.familyId) families.set(p.record.familyId, [...(families.get(p.record.familyId) ?? []), p]);
  const active = activePatientIds(input.visits, input.today);
  const goal = Math.round(active.size * demoMemberShare.goal);
  const max = Math.floor(active.size * demoMemberShare.max);
  const out: DemoMembers = { memberships: [], wallets: [], months: [], balances: [] };
  const covered = new Set<string>();
  const lapsedQuota = Math.max(1, Math.round(goal * demoMemberShare.lapsedPerLive));
  let livePeople = 0;
  let lapsedCards = 0;
  const order = shuffled(random, [...byPatient.values()].filter((p) => p.visits.length > 0));
  // One active patient with family goes first, so even a small demo shows a family card.
  const withFamily = order.findIndex((p) => active.has(p.record.patientId) && (families.get(p.record.familyId ?? '')?.length ?? 0) > 1);
  if (withFamily > 0) order.unshift(...order.splice(withFamily, 1));
  for (const holder of order) {
    if (livePeople >= goal && lapsedCards >= lapsedQuota) break;
    if (covered.has(holder.record.patientId)) continue;
    const card = cardOf(holder, familyOf(holder, covered));
    if (!card) continue;
    const live = card.history.at(-1)?.endDate ?? '';
    const people = card.history[0]?.memberPatientIds.length ?? 1;
    if (live > input.today) {
      if (!active.has(holder.record.patientId) || livePeople + people > max || livePeople >= goal) continue;
      livePeople += people;
    } else {
      if (lapsedCards >= lapsedQuota) continue;
      lapsedCards += 1;
    }
    for (const id of card.history[0]?.memberPatientIds ?? []) covered.add(id);
    keep(card.history);
  }
  const holders = new Set(out.memberships.filter((m) => m.endDate > input.today).map((m) => m.holderPatientId));
  for (const p of byPatient.values()) {
    const member = holders.has(p.record.patientId);
    if (!active.has(p.record.patientId) || !random.chance(member ? demoMemberShare.walletShareOfMembers : 0.02)) continue;
    const wallet = walletOf(p, out.wallets.length < 3);
    if (wallet.entries.length) out.wallets.push(wallet);
  }
  return out;

  /** A card's states, sale first, each renewal after; undefined when the plan's rules refuse the sale. */
  function cardOf(holder: PatientVisits, family: string[]): { history: Membership[] } | undefined {
    const eligible = holder.visits.filter((v) => dayOf(v.visitedAt) < input.today);
    if (eligible.length === 0) return undefined;
    // Half sold at the first visit on record (long-standing members, renewed or lapsed since), half at any visit.
    const visit = random.chance(0.5) ? (eligible[0] as Visit) : random.pick(eligible);
    const soldAt = later(visit.visitedAt, 30);
    const firstVisitDay = dayOf(holder.visits[0]?.visitedAt ?? visit.visitedAt);
    const promo = input.plan.promotions[0];
    const base = { planId: input.plan.planId, clinicId: visit.clinicId, memberPatientIds: family, payments: [{ method: 'wechat' as const, amountFen: input.plan.priceFen }], acknowledgedAt: soldAt };
    const facts = { membershipId: random.id(Date.parse(soldAt)), holderPatientId: holder.record.patientId, soldBy: input.frontdeskId, now: soldAt, today: dayOf(soldAt), firstVisitDay, earlierPurchases: 0 };
    const withPromo = promo && random.chance(0.6) ? planSale(input.plan, { ...base, promotionCode: promo.code }, facts) : undefined;
    const sale = withPromo?.ok ? withPromo : planSale(input.plan, base, facts);
    if (!sale.ok) return undefined;
    const paid = sale.membership.periods[0]?.pricePaidFen ?? input.plan.priceFen;
    const history: Membership[] = [{ ...sale.membership, periods: sale.membership.periods.map((p) => ({ ...p, payments: [{ method: 'wechat' as const, amountFen: paid }] })) }];
    for (;;) {
      const m = history.at(-1) as Membership;
      // Renewed at the desk in the last weeks before the end, or a little after it (grace).
      const day = random.chance(0.8) ? addDays(m.endDate, -random.int(1, 40)) : addDays(m.endDate, random.int(0, 20));
      // Until one renewed card is kept, cards renew whenever they can (a small demo shows one too).
      const wanted = !out.memberships.some((k) => k.periods.length > 1);
      if (day >= input.today || (!random.chance(demoMemberShare.renewChance) && !wanted)) break;
      const at = morningOf(day);
      const renewal = planRenewal(m, { clinicId: holder.record.clinicId, payments: [{ method: 'wechat', amountFen: m.terms.priceFen }], acknowledgedAt: at }, { today: day, soldBy: input.frontdeskId, now: at });
      if (!renewal.ok) break;
      history.push(renewal.membership);
    }
    return { history };
  }

  /** Up to the plan's family size, people of the holder's family not on another card. */
  function familyOf(holder: PatientVisits, taken: ReadonlySet<string>): string[] {
    const familyId = holder.record.familyId;
    // Until one family card is kept, every holder with a family gets one (a small demo has one too).
    const wanted = !out.memberships.some((m) => m.memberPatientIds.length > 1);
    if (!familyId || (!random.chance(demoMemberShare.familyChance) && !wanted)) return [];
    const others = (families.get(familyId) ?? []).filter((p) => p.record.patientId !== holder.record.patientId && !taken.has(p.record.patientId));
    return others.slice(0, input.plan.family.maxMembers - 1).map((p) => p.record.patientId);
  }

  /** The owner's numbers each state change moved, as the live sale and renewal write them. */
  function keep(history: Membership[]): void {
    const [first] = history;
    if (!first) return;
    out.months.push(...saleDeltas(first));
    out.balances.push({ clinicId: first.periods[0]?.clinicId ?? '', counters: {}, termMonths: first.terms.termMonths });
    for (let i = 1; i < history.length; i += 1) {
      const before = history[i - 1] as Membership;
      const after = history[i] as Membership;
      out.months.push(...renewalDeltas(before, after));
      out.balances.push({ clinicId: after.periods.at(-1)?.clinicId ?? '', counters: {}, termMonths: after.terms.termMonths });
    }
    out.memberships.push(history.at(-1) as Membership);
  }

  /** A top-up at a visit, debits at the visits after it, a second top-up when low; a refund for the first few. */
  function walletOf(p: PatientVisits, refund: boolean): DemoWallet {
    const wallet: DemoWallet = { patientId: p.record.patientId, clinicId: p.record.clinicId, entries: [] };
    const start = random.int(Math.max(0, p.visits.length - 4), p.visits.length - 1);
    let balance = { principalFen: 0, bonusFen: 0 };
    const write = (delta: WalletDelta, at: string, extra: Partial<WalletEntry>): void => {
      const entry: WalletEntry = { entryId: random.id(Date.parse(at)), kind: delta.kind, principalFen: delta.principalFen, bonusFen: delta.bonusFen, at, by: input.frontdeskId, ...extra };
      wallet.entries.push(entry);
      balance = { principalFen: balance.principalFen + delta.principalFen, bonusFen: balance.bonusFen + delta.bonusFen };
      const d = walletDeltas({ clinicId: wallet.clinicId, day: dayOf(at), kind: delta.kind, principalFen: delta.principalFen, bonusFen: delta.bonusFen, by: input.frontdeskId });
      out.months.push(d.month);
      out.balances.push(d.balance);
    };
    p.visits.slice(start).forEach((visit, i) => {
      if (i === 0 || (balance.principalFen + balance.bonusFen < 50_000 && random.chance(0.5))) {
        write(planTopUp(input.rules, random.pick([100_000, 200_000, 300_000, 500_000])), later(visit.visitedAt, 50), { method: random.pick(['wechat', 'alipay', 'card'] as const) });
      }
      const amount = Math.min(visit.totalFen, balance.principalFen + balance.bonusFen);
      const debit = amount > 0 ? planDebit(balance, amount, input.rules.debitOrder) : undefined;
      if (debit?.ok) write(debit.value, later(visit.visitedAt, 55), { reason: '就诊消费' });
    });
    const last = wallet.entries.at(-1);
    const refundDay = last ? addDays(dayOf(last.at), 7) : input.today;
    const planned = refund && refundDay < input.today ? planRefund(balance, undefined) : undefined;
    if (planned?.ok) write(planned.value, morningOf(refundDay), { method: 'wechat', reason: '退卡' });
    return wallet;
  }
};
