/**
 * What a visit adds to the daily rollups, and what an edit or cancellation of it takes back.
 *
 * Two counters depend on the patient's other visits, not on this one alone:
 * - `uniquePatients`: a patient counts once per (clinic, day), however many visits they had;
 * - `newPatients`: a patient counts once, on the (clinic, day) of their earliest visit in the
 *   chain (ordered by visitedAt, then visitId), with their acquisition channel.
 * The writer supplies those facts about the *other* live visits of the patient (`VisitFacts`);
 * the same facts serve creation and removal, so an edit is just "after minus before". When the
 * patient's first visit is cancelled, the count moves to the visit that becomes first.
 */
import type { AcquisitionChannel } from '../../schemas/patient.js';
import type { PaymentInput, Visit, VisitLine } from '../../schemas/visit.js';
import { counterNames as n, type Counters } from './counters.js';
import { clinicDay, diffDayCounters, type DayCounters, type DayKey } from './day-counters.js';
import { revenueByCategory, revenueByMethod } from './revenue-split.js';

/** The fields a rollup needs; a stored `Visit` satisfies it. */
export type KpiVisit = Pick<Visit, 'visitId' | 'patientId' | 'clinicId' | 'visitedAt' | 'totalFen' | 'dentistId'> & {
  lines: readonly Pick<VisitLine, 'category' | 'amountFen'>[];
  payments: readonly Pick<PaymentInput, 'method' | 'amountFen'>[];
};

/** Another visit of the same patient, where the rollup counts it. */
export type VisitRef = DayKey & { visitId: string; visitedAt: string };

/** Facts about the patient's other live visits, i.e. all of them except the one being changed. */
export type VisitFacts = {
  /** the IANA zone of the visit's clinic */
  timeZone: string;
  /** the patient's acquisition channel (snapshot it on the visit if channels can be edited) */
  channel: AcquisitionChannel | string;
  /**
   * true when the patient has another live visit at the same clinic on the same local day.
   * false on creation means "first visit of the day"; false on removal means "the last one".
   */
  sameDayOtherVisit: boolean;
  /** the patient's earliest other live visit in the chain; absent when there is none */
  earliestOtherVisit?: VisitRef;
};

/** A visit as it stands, with the facts about the patient's other visits at that moment. */
export type VisitState = { visit: KpiVisit; facts: VisitFacts };

const precedes = (a: { visitedAt: string; visitId: string }, b: { visitedAt: string; visitId: string }): boolean => {
  const ta = Date.parse(a.visitedAt);
  const tb = Date.parse(b.visitedAt);
  return ta !== tb ? ta < tb : a.visitId < b.visitId;
};

const add = (into: Record<string, number>, name: string, value: number): void => {
  if (value !== 0) into[name] = (into[name] ?? 0) + value;
};

/** The counters one visit carries by itself (no patient-level facts): visits and revenue. */
export const visitRecordCounters = (visit: KpiVisit): Counters => {
  const c: Record<string, number> = { [n.visits]: 1 };
  add(c, n.revenueFen, visit.totalFen);
  for (const part of revenueByCategory(visit.lines, visit.totalFen)) add(c, n.revenueByCategory(part.category), part.amountFen);
  for (const part of revenueByMethod(visit.payments, visit.totalFen)) add(c, n.revenueByMethod(part.method), part.amountFen);
  // Per dentist for 绩效考核: a visit's own counters, so a void or an edit takes them back with the rest.
  if (visit.dentistId) {
    add(c, n.dentist('visits', visit.dentistId), 1);
    add(c, n.dentist('revenueFen', visit.dentistId), visit.totalFen);
  }
  return c;
};

export const newPatientCounters = (channel: string): Counters => ({ [n.newPatients]: 1, [n.newPatientsByChannel(channel)]: 1 });

/** The visit's own document, including its share of uniquePatients. */
const ownContribution = ({ visit, facts }: VisitState): DayCounters => {
  const counters = visitRecordCounters(visit);
  return { ...clinicDay(visit.clinicId, visit.visitedAt, facts.timeZone), counters: facts.sameDayOtherVisit ? counters : { ...counters, [n.uniquePatients]: 1 } };
};

/** Where the patient's new-patient count sits when only the other visits exist. */
const othersHolder = (facts: VisitFacts): DayCounters[] => {
  const first = facts.earliestOtherVisit;
  return first ? [{ clinicId: first.clinicId, day: first.day, counters: newPatientCounters(facts.channel) }] : [];
};

/** Where it sits when this visit exists too. */
const holder = (state: VisitState): DayCounters[] => {
  const first = state.facts.earliestOtherVisit;
  if (first && precedes(first, state.visit)) return othersHolder(state.facts);
  return [{ ...clinicDay(state.visit.clinicId, state.visit.visitedAt, state.facts.timeZone), counters: newPatientCounters(state.facts.channel) }];
};

/**
 * The delta of any change to a visit: `before` undefined = it was just recorded; `after`
 * undefined = it was cancelled (voided). Each side carries the facts as they are *without* this
 * visit, read when the change is made. Returns one entry per rollup document to ADD to.
 */
export const deltaForVisitCorrection = (before: VisitState | undefined, after: VisitState | undefined): DayCounters[] => {
  const was: DayCounters[] = [];
  const is: DayCounters[] = [];
  if (before) was.push(ownContribution(before), ...holder(before));
  if (after) is.push(ownContribution(after), ...holder(after));
  // When the visit leaves (or joins) a patient, that patient's other visits carry the count alone.
  if (before && (!after || after.visit.patientId !== before.visit.patientId)) is.push(...othersHolder(before.facts));
  if (after && (!before || before.visit.patientId !== after.visit.patientId)) was.push(...othersHolder(after.facts));
  return diffDayCounters(was, is);
};

/** A visit just recorded (checkout or import). */
export const deltaForVisit = (visit: KpiVisit, facts: VisitFacts): DayCounters[] => deltaForVisitCorrection(undefined, { visit, facts });

/** A visit cancelled: the exact negative of what it added, and the new-patient count moves on. */
export const deltaForVisitCancellation = (visit: KpiVisit, facts: VisitFacts): DayCounters[] => deltaForVisitCorrection({ visit, facts }, undefined);

/**
 * The facts for `visit` from the patient's other live visits (the writer's query result), with
 * each other visit's zone. A helper for writers and tests; the delta functions never look it up.
 */
export const visitFactsFrom = (
  visit: Pick<KpiVisit, 'visitId' | 'patientId' | 'clinicId' | 'visitedAt'>,
  patientVisits: readonly Pick<KpiVisit, 'visitId' | 'patientId' | 'clinicId' | 'visitedAt'>[],
  zoneOf: (clinicId: string) => string,
  channel: string,
): VisitFacts => {
  const others = patientVisits.filter((v) => v.visitId !== visit.visitId && v.patientId === visit.patientId);
  const timeZone = zoneOf(visit.clinicId);
  const day = clinicDay(visit.clinicId, visit.visitedAt, timeZone).day;
  const sameDayOtherVisit = others.some((v) => v.clinicId === visit.clinicId && clinicDay(v.clinicId, v.visitedAt, zoneOf(v.clinicId)).day === day);
  const earliest = others.reduce<(typeof others)[number] | undefined>((min, v) => (!min || precedes(v, min) ? v : min), undefined);
  const facts: VisitFacts = { timeZone, channel, sameDayOtherVisit };
  if (earliest) facts.earliestOtherVisit = { ...clinicDay(earliest.clinicId, earliest.visitedAt, zoneOf(earliest.clinicId)), visitId: earliest.visitId, visitedAt: earliest.visitedAt };
  return facts;
};

export { precedes as visitPrecedes };
