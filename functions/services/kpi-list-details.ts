/**
 * The figures beside each patient of a list page (issue 13: the columns that matter for the
 * number): for a range list, the patient's visits in the range at the clinics read (one query of
 * the patient's partition each, a page at a time); for a snapshot list, the visit summary (one
 * batch read for the page). Never a note or a medical field: dates, counts, money, a clinic.
 */
import { addDays, defaultTimeZone, localDay } from '../../shared/domain/time.js';
import type { KpiPatientDetail } from '../../shared/schemas/kpi.js';
import type { Clinic } from '../../shared/schemas/org.js';
import type { PatientRecord } from '../../shared/domain/patient.js';
import { patientSummaryEntity } from '../adapters/dynamo/entities/patient-summary.js';
import { batchGetAll } from '../adapters/dynamo/import-batch.js';
import { visitsBetween } from '../adapters/dynamo/visit-repository.js';
import { mapLimit } from '../lib/concurrency.js';
import type { Range } from './kpi-range-lists.js';

/** Per patient: visits in the range at `clinics`, their total, and the last one's day and clinic. */
export const visitFigures = async (tenantId: string, ids: readonly string[], clinics: readonly Clinic[], range: Range): Promise<Map<string, KpiPatientDetail>> => {
  const zones = new Map(clinics.map((c) => [c.clinicId, c.timeZone]));
  // A day wider each side in UTC holds every zone's local days of the range; filtered exactly below.
  const [fromIso, toIso] = [`${addDays(range.from, -1)}T00:00:00.000Z`, `${addDays(range.to, 1)}T23:59:59.999Z`];
  const out = new Map<string, KpiPatientDetail>();
  await mapLimit([...ids], { limit: 8 }, async (patientId) => {
    const inRange = (await visitsBetween(tenantId, patientId, fromIso, toIso))
      .map((v) => ({ v, day: localDay(new Date(v.visitedAt), zones.get(v.clinicId) ?? defaultTimeZone) }))
      .filter(({ v, day }) => !v.voidedAt && zones.has(v.clinicId) && day >= range.from && day <= range.to);
    const last = inRange.at(-1);
    out.set(patientId, {
      visits: inRange.length,
      amountFen: inRange.reduce((sum, { v }) => sum + v.totalFen, 0),
      ...(last ? { day: last.day, clinicId: last.v.clinicId } : {}),
    });
  });
  return out;
};

/** Per patient of a snapshot list: last visit (day in that clinic's zone), visit count and lifetime spend. */
export const summaryFigures = async (tenantId: string, profiles: readonly PatientRecord[], clinics: readonly Clinic[]): Promise<Map<string, KpiPatientDetail>> => {
  const zones = new Map(clinics.map((c) => [c.clinicId, c.timeZone]));
  const keys = profiles.map((p) => ({ p, key: patientSummaryEntity.key({ tenantId, patientId: p.patientId }) }));
  const found = await batchGetAll(keys.map((k) => k.key));
  return new Map(
    keys.map(({ p, key }) => {
      const s = found.get(`${key.pk}|${key.sk}`);
      const lastAt = typeof s?.lastVisitAt === 'string' ? s.lastVisitAt : undefined;
      const zone = zones.get(typeof s?.lastVisitClinicId === 'string' ? s.lastVisitClinicId : p.clinicId) ?? zones.get(p.clinicId) ?? defaultTimeZone;
      return [p.patientId, { visits: Number(s?.visitCount ?? 0), spentFen: Number(s?.totalSpendFen ?? 0), clinicId: p.clinicId, ...(lastAt ? { lastVisit: localDay(new Date(lastAt), zone) } : {}) }];
    }),
  );
};
