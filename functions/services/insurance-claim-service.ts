/**
 * Commercial-insurance claims after treatment (seed 000, 策略三): the desk records a claim, it
 * stays on the clinic's open list until the insurer pays or rejects it.
 */
import { ulid } from 'ulid';
import { canSeeClinic, type Caller } from '../../shared/domain/access.js';
import { DomainError, invalid, notFound, staleVersion } from '../../shared/domain/errors.js';
import type { ClaimCreate, ClaimUpdate, InsuranceClaim } from '../../shared/schemas/insurance-claims.js';
import { claimsOfPatient, closeClaim, getClaim, openClaimsOfClinic, putClaim } from '../adapters/dynamo/insurance-claim-repository.js';
import { listClinics } from '../adapters/dynamo/org-repository.js';
import { getPatient } from '../adapters/dynamo/patient-repository.js';
import { findPatientVisit } from '../adapters/dynamo/visit-repository.js';
import { mapLimit } from '../lib/concurrency.js';
import { readPatient } from './patient-service.js';

export const openClaimsLimit = 200;

export const createClaim = async (caller: Caller, patientId: string, input: ClaimCreate, now = new Date()): Promise<InsuranceClaim> => {
  const patient = await readPatient(caller, patientId);
  if (input.visitId && !(await findPatientVisit(caller.tenantId, patientId, input.visitId))) {
    throw invalid('visitId', 'is not a visit of this patient', { code: 'claim.visit_unknown' });
  }
  const claim: InsuranceClaim = {
    claimId: ulid(), patientId, clinicId: patient.clinicId, ...(input.visitId ? { visitId: input.visitId } : {}), insurer: input.insurer, amountFen: input.amountFen,
    note: input.note, status: 'submitted', createdAt: now.toISOString(), createdBy: caller.userId, version: 0,
  };
  await putClaim(caller.tenantId, claim);
  return claim;
};

export const patientClaims = async (caller: Caller, patientId: string): Promise<InsuranceClaim[]> => {
  await readPatient(caller, patientId);
  return claimsOfPatient(caller.tenantId, patientId);
};

export const updateClaim = async (caller: Caller, patientId: string, claimId: string, input: ClaimUpdate, now = new Date()): Promise<InsuranceClaim> => {
  await readPatient(caller, patientId);
  const current = await getClaim(caller.tenantId, claimId);
  if (!current || current.patientId !== patientId) throw notFound('claim');
  if (current.status !== 'submitted') throw new DomainError('conflict', `the claim is already ${current.status}`, [{ path: 'status', message: `is already ${current.status}`, code: 'claim.closed' }]);
  if (input.version !== current.version) throw staleVersion('the claim');
  if (input.paidFen !== undefined && input.status !== 'paid') throw invalid('paidFen', 'is only for a paid claim', { code: 'claim.paid_only' });
  if (input.paidFen !== undefined && input.paidFen > current.amountFen) throw invalid('paidFen', 'must not be more than the amount claimed', { code: 'claim.paid_above', params: { max: current.amountFen } });
  const closed: InsuranceClaim = {
    ...current, status: input.status, closedAt: now.toISOString(), closedBy: caller.userId, version: current.version + 1,
    ...(input.status === 'paid' ? { paidFen: input.paidFen ?? current.amountFen } : {}),
  };
  if (!(await closeClaim(caller.tenantId, closed, input.version))) throw staleVersion('the claim');
  return closed;
};

/** Submitted claims, oldest first, per clinic the caller works in: the desk's to-do until paid. */
export const openClaims = async (caller: Caller, clinicId?: string): Promise<InsuranceClaim[]> => {
  if (clinicId && !canSeeClinic(caller, clinicId)) throw notFound('clinic');
  const clinics = (await listClinics(caller.tenantId)).filter((c) => canSeeClinic(caller, c.clinicId) && (!clinicId || c.clinicId === clinicId));
  if (clinicId && clinics.length === 0) throw notFound('clinic');
  const claims = (await mapLimit(clinics, { limit: 4 }, (c) => openClaimsOfClinic(caller.tenantId, c.clinicId, openClaimsLimit))).flat();
  const names = new Map<string, string | undefined>();
  await mapLimit([...new Set(claims.map((c) => c.patientId))], { limit: 8 }, async (id) => void names.set(id, (await getPatient(caller.tenantId, id))?.name));
  return claims.map((c) => ({ ...c, patientName: names.get(c.patientId) }));
};
