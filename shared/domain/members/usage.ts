/**
 * The owner's member figures that counters cannot give honestly (issue 11, item 10), computed by
 * the nightly patient-base job from what it already holds, and stored as one small item:
 * - visit frequency and spend of members vs non-members over the last 12 months. "Per patient"
 *   needs distinct patients over a rolling year, which month counters cannot sum; the nightly
 *   pass has every patient's visits in memory anyway. Members: everyone a live card covers today
 *   (a member who never came counts, with 0 visits). Non-members: the others with at least one
 *   visit in the 12 months (the dormant archive would only dilute the comparison).
 * - entitlement utilisation: per included service, what live cards used this term (from their
 *   entitlement ledgers) against what the term has made available so far.
 * Visits count at the patient's own clinic, like every patient-base metric.
 */
import type { Membership } from '../../schemas/members.js';
import type { PatientFacts } from '../kpi/patient-facts.js';
import { addMonths, defaultTimeZone, localDay } from '../time.js';
import { termOn } from './term.js';

export type VisitGroup = { patients: number; visits: number; spendFen: number };
export type VisitComparison = { clinicId: string; members: VisitGroup; others: VisitGroup };

/**
 * `available` follows the allowance: a count per term × people it is per person for; a count per
 * month × the months of the term begun so far; unlimited (with an interval) → the people covered,
 * so the ratio reads "uses per member this term".
 */
export type EntitlementUtilisation = { clinicId: string; key: string; procedureCode: string; basis: 'term' | 'month' | 'member'; used: number; available: number; cards: number };

export type MemberUsage = { asOfDay: string; sinceDay: string; visits: VisitComparison[]; entitlements: EntitlementUtilisation[] };

/** A use row of a card's entitlement ledger (a void gives back with a negative count). */
export type UseRow = { entitlementKey: string; term: number; count: number; kind?: string };

const emptyGroup = (): VisitGroup => ({ patients: 0, visits: 0, spendFen: 0 });

export const visitComparison = (facts: readonly PatientFacts[], input: { asOfDay: string; timeZones?: Readonly<Record<string, string>> }): VisitComparison[] => {
  const since = addMonths(input.asOfDay, -12);
  const byClinic = new Map<string, VisitComparison>();
  for (const f of facts) {
    const zone = input.timeZones?.[f.clinicId] ?? defaultTimeZone;
    const inYear = f.visits.filter((v) => {
      const day = localDay(new Date(v.at), zone);
      return day > since && day <= input.asOfDay;
    });
    if (!f.isMember && inYear.length === 0) continue;
    const row = byClinic.get(f.clinicId) ?? { clinicId: f.clinicId, members: emptyGroup(), others: emptyGroup() };
    const group = f.isMember ? row.members : row.others;
    group.patients += 1;
    group.visits += inYear.length;
    group.spendFen += inYear.reduce((s, v) => s + v.totalFen, 0);
    byClinic.set(f.clinicId, row);
  }
  return [...byClinic.values()].sort((a, b) => a.clinicId.localeCompare(b.clinicId));
};

/** Calendar months of the term begun by `day` (the first month counts from its first day). */
const monthsBegun = (startDate: string, day: string): number =>
  (Number(day.slice(0, 4)) - Number(startDate.slice(0, 4))) * 12 + Number(day.slice(5, 7)) - Number(startDate.slice(5, 7)) + 1;

/** One live card's services this term: what it used and what it has made available so far. */
export const cardUtilisation = (membership: Membership, uses: readonly UseRow[], day: string): EntitlementUtilisation[] => {
  const term = termOn(membership.periods, day);
  if (!term || membership.status === 'cancelled') return [];
  const clinicId = membership.periods.at(-1)?.clinicId ?? '';
  const people = membership.memberPatientIds.length;
  return membership.terms.included.map((s) => {
    const used = uses.filter((u) => u.kind !== 'referral-grant' && u.term === term.n && u.entitlementKey === s.key).reduce((n, u) => n + u.count, 0);
    const each = s.sharing === 'per-person' ? people : 1;
    const base = { clinicId, key: s.key, procedureCode: s.procedureCode, used, cards: 1 };
    if (s.allowance.kind === 'unlimited') return { ...base, basis: 'member' as const, available: people };
    if (s.allowance.per === 'month') return { ...base, basis: 'month' as const, available: s.allowance.count * each * monthsBegun(term.startDate, day) };
    return { ...base, basis: 'term' as const, available: s.allowance.count * each };
  });
};

/** Cards' rows summed per clinic and service. */
export const sumUtilisation = (rows: readonly EntitlementUtilisation[]): EntitlementUtilisation[] => {
  const out = new Map<string, EntitlementUtilisation>();
  for (const r of rows) {
    const key = `${r.clinicId}|${r.key}|${r.procedureCode}|${r.basis}`;
    const t = out.get(key);
    out.set(key, t ? { ...t, used: t.used + r.used, available: t.available + r.available, cards: t.cards + r.cards } : { ...r });
  }
  return [...out.values()].sort((a, b) => a.clinicId.localeCompare(b.clinicId) || a.key.localeCompare(b.key));
};

/** The chain's line: clinics' groups added (a patient belongs to one clinic, so patients add up). */
export const chainComparison = (rows: readonly VisitComparison[]): Omit<VisitComparison, 'clinicId'> => {
  const add = (a: VisitGroup, b: VisitGroup): VisitGroup => ({ patients: a.patients + b.patients, visits: a.visits + b.visits, spendFen: a.spendFen + b.spendFen });
  return rows.reduce((t, r) => ({ members: add(t.members, r.members), others: add(t.others, r.others) }), { members: emptyGroup(), others: emptyGroup() });
};
