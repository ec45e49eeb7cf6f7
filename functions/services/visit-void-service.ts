/**
 * Voiding a visit recorded by mistake (红冲): manager or owner, with a reason. The visit stays in
 * the record, marked; the summary, the KPI rollups, unpaid installments, pending care messages
 * and the membership entitlements it used are corrected in the same transaction, and a referral
 * reward it granted is taken back if unused (else recorded and told in the outcome). Recall dates and follow-up calls it created are left for
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
import { cardsOfPatient, countersOfUses, membershipHolder } from '../adapters/dynamo/membership-repository.js';
import { referralClawbackItems, type ReferralClawback } from '../adapters/dynamo/referral-clawback.js';
import type { Referrer } from '../../shared/schemas/patient.js';
import type { EntitlementUse } from '../../shared/domain/members/entitlements.js';
import { rekeyUse } from '../../shared/domain/members/merge.js';
import { readPatient } from './patient-service.js';
import { retry, summaryRace } from '../lib/retry.js';
import { planVoidPoints } from './points-service.js';
import { withFactsRefresh } from './segment-facts-service.js';
import { packsOfUses } from '../adapters/dynamo/pack-repository.js';

/**
 * The visit's card uses as the cards are now: a merge may have moved a card to another holder
 * (found by its id) and renamed the merged patient's per-person counters (merge.ts rekeyUse).
 */
const usesAsOfNow = async (tenantId: string, visit: Visit): Promise<EntitlementUse[]> => {
  const uses = visit.memberUses ?? [];
  const holders = new Map(await Promise.all([...new Set(uses.map((u) => u.membershipId))].map(async (id) => [id, await membershipHolder(tenantId, id)] as const)));
  return uses.map((u) => rekeyUse({ ...u, holderPatientId: holders.get(u.membershipId) ?? u.holderPatientId }, visit.patientId));
};

/** The referral reward this visit granted the referrer, if any, to take back with it (referral-clawback.ts). */
const clawbackFor = async (tenantId: string, patient: { referrer?: Referrer }, visit: Visit, at: string) => {
  if (patient.referrer?.kind !== 'patient') return undefined;
  const referrerId = patient.referrer.patientId;
  const held = (await cardsOfPatient(tenantId, referrerId)).filter((c) => c.membership.holderPatientId === referrerId);
  return held.length ? referralClawbackItems(tenantId, held, visit, at) : undefined;
};

export type VoidOutcome = Visit & { referralClawback?: ReferralClawback };

const voidVisitCommit = async (caller: Caller, patientId: string, visitId: string, reason: string, now = new Date()): Promise<VoidOutcome> => {
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
    const memberUses = visit.memberUses?.length ? await usesAsOfNow(caller.tenantId, visit) : undefined;
    const memberCounters = memberUses ? await countersOfUses(caller.tenantId, memberUses) : undefined;
    const clawback = await clawbackFor(caller.tenantId, patient, visit, now.toISOString());
    // Read on every attempt: the account's version holds the void's transaction.
    const points = await planVoidPoints(caller, visit, voidedAt);
    // Read on every attempt: each pack's count as now holds the give-back (a use racing it retries the void).
    const packsNow = visit.packUses?.length ? await packsOfUses(caller.tenantId, visit.packUses) : undefined;
    try {
      await commitVoid({
        tenantId: caller.tenantId,
        visit: memberUses ? { ...visit, memberUses } : visit,
        voidedAt,
        voidedBy: caller.userId,
        reason,
        summary: keepingOtherAttributes(summary, summaryAfterVoid(summary, visit, live)),
        summaryVersionRead: summary.version,
        audit: auditEvent(caller, patientId, 'visit.void', { refId: visitId }),
        rollups: rollupUpdates(caller.tenantId, deltas, visitors),
        ...(memberCounters ? { memberCounters } : {}),
        ...(points ? { points } : {}),
        ...(packsNow ? { packsNow } : {}),
        ...(clawback ? { referralClawback: clawback.items } : {}),
      });
      return { ...visit, voidedAt, voidedBy: caller.userId, voidReason: reason, ...(clawback ? { referralClawback: clawback.outcome } : {}) };
    } catch (error) {
      if (error instanceof VoidConflict && error.reason === 'already-voided') throw new DomainError('conflict', 'visitId: the visit was voided meanwhile', [{ path: 'visitId', message: 'is already void', code: 'visit.already_void' }]);
      throw error;
    }
  }, summaryRace('The patient’s record kept changing; try again', (error) => error instanceof VoidConflict));
};

/** voidVisit, then the facts of the patients it changed (segment-facts-service.ts). */
export const voidVisit = /* @__PURE__ */ withFactsRefresh(voidVisitCommit, (a) => ({ tenantId: a[0].tenantId, patientIds: [a[1]] }));
