/**
 * Which clinics a KPI read covers. Owners see the chain; managers and marketing their clinic
 * scope. A clinic the caller may not see, or that is not the chain's, is "not found" (404,
 * invariant 1), never "forbidden": its existence is not the caller's to learn.
 */
import { canSeeClinic, type Caller } from '../../shared/domain/access.js';
import { notFound } from '../../shared/domain/errors.js';
import type { Clinic } from '../../shared/schemas/org.js';
import { listClinics } from '../adapters/dynamo/org-repository.js';

export const visibleClinics = async (caller: Caller, clinicId?: string): Promise<Clinic[]> => {
  const clinics = (await listClinics(caller.tenantId)).filter((c) => canSeeClinic(caller, c.clinicId));
  if (clinicId === undefined) return clinics;
  const one = clinics.find((c) => c.clinicId === clinicId);
  if (!one) throw notFound('clinic');
  return [one];
};
