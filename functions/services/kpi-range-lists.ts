/**
 * The patients behind the overview's range numbers (issue 13: every card that says it opens its
 * patients does): who visited (the rollups' visitor sets), who was new (of those, whose first
 * visit in the chain fell in the range at one of the clinics), and who kept or missed an
 * appointment (the clinics' day indexes). Each list is ordered newest first, ties by id, so a
 * page is stable while the range's data does not change. Ids only; rows get their figures in
 * kpi-list-details.ts.
 */
import type { AppointmentOutcome } from '../../shared/domain/kpi/list-keys.js';
import { chainTimeZone, addDays, daysInRange, localDay } from '../../shared/domain/time.js';
import type { KpiPatientDetail } from '../../shared/schemas/kpi.js';
import type { Clinic } from '../../shared/schemas/org.js';
import { listClinicDay } from '../adapters/dynamo/appointment-repository.js';
import { patientSummaryEntity } from '../adapters/dynamo/entities/patient-summary.js';
import { batchGetAll } from '../adapters/dynamo/import-batch.js';
import { readRollups } from '../adapters/dynamo/kpi-repository.js';
import { listVisits } from '../adapters/dynamo/visit-repository.js';
import { mapLimit } from '../lib/concurrency.js';

export type Range = { from: string; to: string };
/** All ids of a list in order, with figures already known for some rows (keyed by patient). */
export type RangeList = { ids: string[]; known: Map<string, KpiPatientDetail> };

const newestFirst = (entries: Iterable<[string, string]>): string[] =>
  [...entries].sort((a, b) => (a[1] === b[1] ? (a[0] < b[0] ? -1 : 1) : a[1] < b[1] ? 1 : -1)).map(([id]) => id);

/** Who visited the clinics in the range, by the last day they came. */
export const visitorList = async (tenantId: string, clinics: readonly Clinic[], range: Range): Promise<RangeList> => {
  const days = await readRollups(tenantId, clinics.map((c) => c.clinicId), range.from, range.to);
  const last = new Map<string, string>();
  for (const d of days) for (const id of d.visitors) if ((last.get(id) ?? '') < d.day) last.set(id, d.day);
  return { ids: newestFirst(last), known: new Map() };
};

/**
 * The range's new patients, as the rollups count them: a patient's earliest visit in the chain
 * falls on a day of the range, at one of the clinics. Candidates are the range's visitors (a new
 * patient visited); their summaries give the first visit, and when only some of the chain's
 * clinics are read, the first visit itself says where it was.
 */
export const newPatientList = async (tenantId: string, clinics: readonly Clinic[], chainClinics: number, range: Range): Promise<RangeList> => {
  const visitors = await visitorList(tenantId, clinics, range);
  const keys = visitors.ids.map((patientId) => ({ patientId, key: patientSummaryEntity.key({ tenantId, patientId }) }));
  const summaries = await batchGetAll(keys.map((k) => k.key));
  const zone = chainTimeZone(clinics);
  const firsts = new Map<string, string>();
  for (const { patientId, key } of keys) {
    const at = summaries.get(`${key.pk}|${key.sk}`)?.firstVisitAt;
    const day = typeof at === 'string' ? localDay(new Date(at), zone) : undefined;
    if (day !== undefined && day >= range.from && day <= range.to) firsts.set(patientId, day);
  }
  const known = new Map<string, KpiPatientDetail>();
  const selected = new Set(clinics.map((c) => c.clinicId));
  await mapLimit([...firsts.keys()], { limit: 8 }, async (patientId) => {
    const first = (await listVisits(tenantId, patientId, 5)).find((v) => !v.voidedAt);
    if (!first || (clinics.length < chainClinics && !selected.has(first.clinicId))) return firsts.delete(patientId);
    known.set(patientId, { firstVisit: firsts.get(patientId) ?? '', clinicId: first.clinicId });
  });
  return { ids: newestFirst(firsts), known };
};

const statusOf: Record<AppointmentOutcome, string> = { kept: 'completed', 'no-show': 'no-show' };

/** Who kept (or missed) an appointment on a day of the range: one index query per clinic day. */
export const appointmentList = async (tenantId: string, clinics: readonly Clinic[], range: Range, outcome: AppointmentOutcome): Promise<RangeList> => {
  const days = Array.from({ length: daysInRange(range.from, range.to) }, (_, i) => addDays(range.from, i));
  const pairs = clinics.flatMap((c) => days.map((day) => ({ clinicId: c.clinicId, day })));
  // each patient's latest appointment of that outcome in the range
  const known = new Map<string, KpiPatientDetail>();
  await mapLimit(pairs, { limit: 8 }, async ({ clinicId, day }) => {
    for (const a of await listClinicDay(tenantId, clinicId, day)) {
      const seen = known.get(a.patientId)?.appointmentAt;
      if (a.status === statusOf[outcome] && (seen === undefined || seen < a.startAt)) known.set(a.patientId, { appointmentAt: a.startAt, clinicId: a.clinicId });
    }
  });
  return { ids: newestFirst([...known].map(([id, d]) => [id, d.appointmentAt ?? ''])), known };
};
