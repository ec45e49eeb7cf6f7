/**
 * The patient's summary (visit count, spend, first and last visit, and what the lifecycle reads
 * of the last visit: its clinic, procedure categories and care pathway), kept by one rule for
 * every writer: checkout, import, merge and void each describe what happened as events, and
 * `summaryAfter` returns the next summary, one version on (the write is conditional on the
 * version read, invariant 11).
 */
import type { ProcedureCategory } from '../schemas/catalog.js';
import type { PatientSummary, Visit } from '../schemas/visit.js';

export type PatientSummaryState = PatientSummary & { version: number; lastCategories?: ProcedureCategory[]; lastCarePathwayUntil?: string };
type Facts = Omit<PatientSummaryState, 'version'>;

/** A visit as the summary sees it. */
export type SummaryVisit = {
  visitedAt: string;
  clinicId: string;
  totalFen: number;
  /** none for an imported visit: the file names procedures in its own words, not catalog lines */
  categories: readonly ProcedureCategory[];
  /** the end of the visit's care pathway, when it has one */
  carePathwayUntil?: string;
};

export type SummaryEvent =
  | { kind: 'visit'; visit: SummaryVisit }
  /** an import file's 首诊/最近就诊 columns: visits it knows of without their details, not counted */
  | { kind: 'known-visit-dates'; clinicId: string; firstVisitAt?: string; lastVisitAt?: string }
  /** `remaining`: the patient's other visits (voided ones are skipped), for new first/last dates */
  | { kind: 'void'; visit: Visit; remaining: readonly Visit[] }
  /** another record of the same person merged into this one */
  | { kind: 'merge'; other: PatientSummaryState | undefined }
  /** a recorded visit's amount corrected (a re-imported file says another amount for the same visit) */
  | { kind: 'amount-corrected'; fromFen: number; toFen: number }
  /** an import file's total spend for the patient (累计消费): the spend is at least this */
  | { kind: 'known-spend'; totalSpendFen: number };

const day = 24 * 3600_000;

/** The summary's view of a recorded visit; `carePathwayDays` is the longest care pathway of its procedures. */
export const summaryVisitOf = (visit: Pick<Visit, 'visitedAt' | 'clinicId' | 'totalFen' | 'lines'>, carePathwayDays = 0): SummaryVisit => ({
  visitedAt: visit.visitedAt,
  clinicId: visit.clinicId,
  totalFen: visit.totalFen,
  categories: [...new Set(visit.lines.map((l) => l.category))],
  ...(carePathwayDays > 0 ? { carePathwayUntil: new Date(Date.parse(visit.visitedAt) + carePathwayDays * day).toISOString() } : {}),
});

/** A visit at `visitedAt` becomes the last one (a tie goes to the one recorded later). */
export const isLatestVisit = (summary: Pick<PatientSummary, 'lastVisitAt'> | undefined, visitedAt: string): boolean =>
  !summary?.lastVisitAt || visitedAt >= summary.lastVisitAt;

const earlier = (a: string | undefined, b: string | undefined) => (a === undefined ? b : b === undefined ? a : a < b ? a : b);

/** What the last visit tells the lifecycle, taken whole from one visit or none. */
const lastVisitFacts = (facts: Facts, last: { at: string; clinicId: string; categories: readonly ProcedureCategory[]; carePathwayUntil?: string }): Facts => {
  const { lastCarePathwayUntil: _dropped, ...rest } = facts;
  return {
    ...rest,
    lastVisitAt: last.at,
    lastVisitClinicId: last.clinicId,
    lastCategories: [...new Set(last.categories)],
    ...(last.carePathwayUntil ? { lastCarePathwayUntil: last.carePathwayUntil } : {}),
  };
};

const afterVisit = (facts: Facts, visit: SummaryVisit): Facts => {
  const counted: Facts = {
    ...facts,
    visitCount: facts.visitCount + 1,
    totalSpendFen: facts.totalSpendFen + visit.totalFen,
    firstVisitAt: earlier(facts.firstVisitAt, visit.visitedAt) ?? visit.visitedAt,
  };
  if (isLatestVisit(facts, visit.visitedAt)) return lastVisitFacts(counted, { at: visit.visitedAt, clinicId: visit.clinicId, categories: visit.categories, ...(visit.carePathwayUntil ? { carePathwayUntil: visit.carePathwayUntil } : {}) });
  // An older visit entered late leaves what the newer one set.
  return { ...counted, lastVisitClinicId: facts.lastVisitClinicId ?? visit.clinicId, lastCategories: facts.lastCategories ?? [] };
};

/** Dates only: a later last visit of unknown content stands in for the last visit, with nothing known of it. */
const afterKnownDates = (facts: Facts, known: Extract<SummaryEvent, { kind: 'known-visit-dates' }>): Facts => {
  const raised = known.lastVisitAt !== undefined && (facts.lastVisitAt === undefined || known.lastVisitAt > facts.lastVisitAt)
    ? lastVisitFacts(facts, { at: known.lastVisitAt, clinicId: known.clinicId, categories: [] })
    : facts;
  const firstVisitAt = earlier(earlier(raised.firstVisitAt, known.firstVisitAt), raised.lastVisitAt);
  return { ...raised, ...(firstVisitAt ? { firstVisitAt } : {}) };
};

/**
 * Corrected arithmetically (an imported summary may know of visits older than those stored); the
 * first/last dates are taken from the remaining visits only when the voided one was the first or last.
 */
const afterVoid = (facts: Facts, voided: Visit, remaining: readonly Visit[]): Facts => {
  const live = remaining.filter((v) => !v.voidedAt && v.visitId !== voided.visitId).sort((a, b) => a.visitedAt.localeCompare(b.visitedAt));
  const next: Facts = { ...facts, visitCount: Math.max(0, facts.visitCount - 1), totalSpendFen: Math.max(0, facts.totalSpendFen - voided.totalFen) };
  const first = live[0];
  const last = live.at(-1);
  if (facts.firstVisitAt === voided.visitedAt) {
    if (first) next.firstVisitAt = first.visitedAt;
    else delete next.firstVisitAt;
  }
  if (facts.lastVisitAt === voided.visitedAt) {
    if (last) {
      next.lastVisitAt = last.visitedAt;
      next.lastVisitClinicId = last.clinicId;
      next.lastCategories = [...new Set(last.lines.map((l) => l.category))];
    } else {
      delete next.lastVisitAt;
      delete next.lastVisitClinicId;
      delete next.lastCategories;
    }
  }
  return next;
};

/** Sums add; the earlier first visit; the last-visit facts of whichever record saw the later one (this one on a tie). */
const afterMerge = (facts: Facts, other: PatientSummaryState | undefined): Facts => {
  const firstVisitAt = earlier(facts.firstVisitAt, other?.firstVisitAt);
  const latest = other?.lastVisitAt && (!facts.lastVisitAt || other.lastVisitAt > facts.lastVisitAt) ? other : facts.lastVisitAt ? facts : undefined;
  return {
    visitCount: facts.visitCount + (other?.visitCount ?? 0),
    totalSpendFen: facts.totalSpendFen + (other?.totalSpendFen ?? 0),
    ...(firstVisitAt ? { firstVisitAt } : {}),
    ...(latest?.lastVisitAt ? { lastVisitAt: latest.lastVisitAt } : {}),
    ...(latest?.lastVisitClinicId ? { lastVisitClinicId: latest.lastVisitClinicId } : {}),
    ...(latest?.lastCategories ? { lastCategories: latest.lastCategories } : {}),
    ...(latest?.lastCarePathwayUntil ? { lastCarePathwayUntil: latest.lastCarePathwayUntil } : {}),
  };
};

const apply = (facts: Facts, event: SummaryEvent): Facts => {
  switch (event.kind) {
    case 'visit': return afterVisit(facts, event.visit);
    case 'known-visit-dates': return afterKnownDates(facts, event);
    case 'void': return afterVoid(facts, event.visit, event.remaining);
    case 'merge': return afterMerge(facts, event.other);
    case 'amount-corrected': return { ...facts, totalSpendFen: Math.max(0, facts.totalSpendFen - event.fromFen + event.toFen) };
    case 'known-spend': return { ...facts, totalSpendFen: Math.max(facts.totalSpendFen, event.totalSpendFen) };
  }
};

const factKeys = ['visitCount', 'totalSpendFen', 'firstVisitAt', 'lastVisitAt', 'lastVisitClinicId', 'lastCategories', 'lastCarePathwayUntil'] as const;

/** Only the facts: a summary read back from storage carries other attributes too. */
const factsOf = (summary: PatientSummaryState | undefined): Facts => ({
  visitCount: summary?.visitCount ?? 0,
  totalSpendFen: summary?.totalSpendFen ?? 0,
  ...(summary?.firstVisitAt ? { firstVisitAt: summary.firstVisitAt } : {}),
  ...(summary?.lastVisitAt ? { lastVisitAt: summary.lastVisitAt } : {}),
  ...(summary?.lastVisitClinicId ? { lastVisitClinicId: summary.lastVisitClinicId } : {}),
  ...(summary?.lastCategories ? { lastCategories: summary.lastCategories } : {}),
  ...(summary?.lastCarePathwayUntil ? { lastCarePathwayUntil: summary.lastCarePathwayUntil } : {}),
});

/** The summary after `events`, in order, written as one change: one version on. Holds the summary's facts only. */
export const summaryAfter = (current: PatientSummaryState | undefined, events: readonly SummaryEvent[]): PatientSummaryState => ({
  version: (current?.version ?? 0) + 1,
  ...events.reduce(apply, factsOf(current)),
});

export const summaryAfterVisit = (current: PatientSummaryState | undefined, visit: SummaryVisit): PatientSummaryState => summaryAfter(current, [{ kind: 'visit', visit }]);

export const summaryAfterVoid = (current: PatientSummaryState, voided: Visit, remaining: readonly Visit[]): PatientSummaryState => summaryAfter(current, [{ kind: 'void', visit: voided, remaining }]);

/** `target` keeps its record (and its version line); `source` is the record merged into it. */
export const summaryAfterMerge = (target: PatientSummaryState | undefined, source: PatientSummaryState | undefined): PatientSummaryState => summaryAfter(target, [{ kind: 'merge', other: source }]);

/**
 * `next` with the stored summary's other attributes (the reactivation job's state) carried over,
 * for writers that put the whole item back and must not erase what another writer keeps there.
 */
export const keepingOtherAttributes = <S extends PatientSummaryState>(current: S | undefined, next: PatientSummaryState): S & PatientSummaryState => {
  const others: Record<string, unknown> = { ...current };
  for (const key of factKeys) delete others[key];
  return { ...others, ...next } as S & PatientSummaryState;
};
