/**
 * Recall compliance by procedure group (cleaning, perio, implant-maintenance…):
 *
 *   rate = due in range and done within the window
 *        / due in range and (done, or the window has passed)
 *
 * The window runs from the due date to `lateDays` (30) after it. A recall whose window is still
 * open on asOf with no visit yet is `pending` and left out of the rate (it may still be kept);
 * one not yet due is not counted at all. So the range must reach back further than the window
 * (patientBaseMetrics takes a year): over the last 30 days alone nothing is ever missed.
 *
 * `earlyDays` (default 0) also counts visits shortly before the due date. Reminders go out 1–2
 * weeks ahead, so a clinic may want 14 here; the default follows the definition.
 */
import { dayOf, zoneOf, type BaseOptions, type PatientFacts } from './patient-facts.js';
import { addDays } from '../time.js';

export type RecallDueRecord = {
  group: string;
  /** the clinic's calendar day the recall is due (shared/domain/recall.ts) */
  dueDate: string;
  patientId: string;
};

export type RecallComplianceRow = {
  group: string;
  due: number;
  compliant: number;
  missed: number;
  pending: number;
  /** compliant / (compliant + missed); null when none is settled */
  rate: number | null;
  missedPatientIds: string[];
};

export type RecallComplianceOptions = {
  /** due dates in [from, to): the clinic's days */
  from: string;
  to: string;
  /** the clinic's today: windows ending before it are settled */
  asOfDay: string;
  lateDays?: number;
  earlyDays?: number;
};

/** patientId → the local days of the patient's visits (in the patient's clinic zone). */
export const visitDaysByPatient = (facts: readonly PatientFacts[], options: Pick<BaseOptions, 'timeZones'>): Map<string, string[]> =>
  new Map(facts.map((f) => [f.patientId, f.visits.map((v) => dayOf(v.at, zoneOf(options, f.clinicId))).sort()]));

export const recallCompliance = (
  dues: readonly RecallDueRecord[],
  visitDays: ReadonlyMap<string, readonly string[]>,
  options: RecallComplianceOptions,
): { groups: RecallComplianceRow[]; total: RecallComplianceRow } => {
  const late = options.lateDays ?? 30;
  const early = options.earlyDays ?? 0;
  const seen = new Set<string>();
  const rows = new Map<string, RecallComplianceRow>();
  const total: RecallComplianceRow = { group: '*', due: 0, compliant: 0, missed: 0, pending: 0, rate: null, missedPatientIds: [] };
  for (const due of dues) {
    if (due.dueDate < options.from || due.dueDate >= options.to) continue;
    // A recall rewritten by a later visit may be listed twice; it is one recall.
    const key = `${due.group}|${due.patientId}|${due.dueDate}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const row = rows.get(due.group) ?? { group: due.group, due: 0, compliant: 0, missed: 0, pending: 0, rate: null, missedPatientIds: [] };
    rows.set(due.group, row);
    const windowStart = addDays(due.dueDate, -early);
    const windowEnd = addDays(due.dueDate, late);
    const came = (visitDays.get(due.patientId) ?? []).some((d) => d >= windowStart && d <= windowEnd && d <= options.asOfDay);
    // Not yet due and not kept early: not a recall of this range yet.
    if (!came && due.dueDate > options.asOfDay) continue;
    const outcome = came ? 'compliant' : windowEnd >= options.asOfDay ? 'pending' : 'missed';
    for (const r of [row, total]) {
      r.due += 1;
      r[outcome] += 1;
      if (outcome === 'missed') r.missedPatientIds.push(due.patientId);
    }
  }
  const finish = (r: RecallComplianceRow): RecallComplianceRow => ({
    ...r,
    rate: r.compliant + r.missed === 0 ? null : r.compliant / (r.compliant + r.missed),
    missedPatientIds: [...new Set(r.missedPatientIds)].sort(),
  });
  return { groups: [...rows.values()].map(finish).sort((a, b) => (a.group < b.group ? -1 : 1)), total: finish(total) };
};
