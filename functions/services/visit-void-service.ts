/**
 * Voiding a visit recorded by mistake (红冲): manager or owner, with a reason. The visit stays in
 * the record, marked; the summary, the KPI rollups, unpaid installments, pending care messages
 * and the membership entitlements it used are corrected in the same transaction. Recall dates and follow-up calls it created are left for
 * staff to handle (a call may already have happened).
 */
import { canSeeClinic, type Caller } from '../../shared/domain/access.js';
import { DomainError, notFound } from '../../shared/domain/errors.js';
import { clinicDay, deltaForVisitCancellation, visitFactsFrom, dayKeyOf } from '../../shared/domain/kpi/rollup.js';
import { defaultTimeZone } from '../../shared/domain/time.js';
import { keepingOtherAttributes, summaryAfterVoid } from '../../shared/domain/patient-summary.js';
import type { Visit } from '../../shared/schemas/visit.js';
import { auditEvent } from '../adapters/dynamo/audit-repository.js';
import { rollupUpdates } from '../adapters/dynamo/kpi-repository.js';
import { listClinics } from '../adapters/dynamo/org-repository.js';
import { getSummary, listVisits } from '../adapters/dynamo/visit-repository.js';
import { commitVoid, VoidConflict } from '../adapters/dynamo/visit-void-repository.js';
import { countersOfUses } from '../adapters/dynamo/membership-repository.js';
import { readPatient } from './patient-service.js';
import { retry, summaryRace } from '../lib/retry.js';
import { planVoidPoints } from './points-service.js';
import { withFactsRefresh } from './segment-facts-service.js';

const voidVisitCommit = async (caller: Caller, patientId: string, visitId: string, reason: string, now = new Date()): Promise<Visit> => {
  const patient = await readPatient(caller, patientId);
  const zones = new Map((await listClinics(caller.tenantId)).map((c) => [c.clinicId, c.timeZone]));
  const zoneOf = (clinicId: string) => zones.get(clinicId) ?? defaultTimeZone;
  return retry(async () => {
    const [summary, visits] = await Promise.all([getSummary(caller.tenantId, patientId), listVisits(caller.tenantId, patientId)]);
    const visit = visits.find((v) => v.visitId === visitId);
    if (!visit || !canSeeClinic(caller, visit.clinicId) || !summary) throw notFound('visit');
    if (visit.voidedAt) throw new DomainError('conflict', 'visitId: the visit is already void', [{ path: 'visitId', message: 'is already void', code: 'visit.already_void' }]);
    const live = visits.filter((v) => !v.voidedAt && v.visitId !== visitId);
    const deltas = deltaForVisitCancellation(visit, visitFactsFrom(visit, live, zoneOf, patient.channel));
    const day = clinicDay(visit.clinicId, visit.visitedAt, zoneOf(visit.clinicId));
    const stillVisited = live.some((v) => v.clinicId === visit.clinicId && clinicDay(v.clinicId, v.visitedAt, zoneOf(v.clinicId)).day === day.day);
    const visitors = stillVisited ? new Map() : new Map([[dayKeyOf(day), { visitors: { remove: [patientId] } }]]);
    const voidedAt = now.toISOString();
    const memberCounters = visit.memberUses?.length ? await countersOfUses(caller.tenantId, visit.memberUses) : undefined;
    // Read on every attempt: the account's version holds the void's transaction.
    const points = await planVoidPoints(caller, visit, voidedAt);
    try {
      await commitVoid({
        tenantId: caller.tenantId,
        visit,
        voidedAt,
        voidedBy: caller.userId,
        reason,
        summary: keepingOtherAttributes(summary, summaryAfterVoid(summary, visit, live)),
        summaryVersionRead: summary.version,
        audit: auditEvent(caller, patientId, 'visit.void', { refId: visitId }),
        rollups: rollupUpdates(caller.tenantId, deltas, visitors),
        ...(memberCounters ? { memberCounters } : {}),
        ...(points ? { points } : {}),
      });
      return { ...visit, voidedAt, voidedBy: caller.userId, voidReason: reason };
    } catch (error) {
      if (error instanceof VoidConflict && error.reason === 'already-voided') throw new DomainError('conflict', 'visitId: the visit was voided meanwhile', [{ path: 'visitId', message: 'is already void', code: 'visit.already_void' }]);
      throw error;
    }
  }, summaryRace('The patient’s record kept changing; try again', (error) => error instanceof VoidConflict));
};

/** voidVisit, then the facts of the patients it changed (segment-facts-service.ts). */
export const voidVisit = withFactsRefresh(voidVisitCommit, (a) => ({ tenantId: a[0].tenantId, patientIds: [a[1]] }));
