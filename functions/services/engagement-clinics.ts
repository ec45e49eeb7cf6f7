/** Clinic scope for the engagement lists and forms, the same way the patient archive does it. */
import { canSeeClinic, type Caller } from '../../shared/domain/access.js';
import { invalid, notFound } from '../../shared/domain/errors.js';
import type { Clinic } from '../../shared/schemas/org.js';
import { getClinic, listClinics } from '../adapters/dynamo/org-repository.js';

/**
 * The clinic a list is for: the one asked for (404 when it is another chain's or outside the
 * caller's clinics), or the caller's only clinic. Someone working in several must choose.
 */
export const clinicForList = async (caller: Caller, clinicId: string | undefined): Promise<Clinic> => {
  if (clinicId !== undefined) {
    const clinic = canSeeClinic(caller, clinicId) ? await getClinic(caller.tenantId, clinicId) : undefined;
    if (!clinic) throw notFound('clinic');
    return clinic;
  }
  const clinics = (await listClinics(caller.tenantId)).filter((c) => canSeeClinic(caller, c.clinicId));
  if (clinics.length === 1 && clinics[0]) return clinics[0];
  throw invalid('clinicId', 'is required when you work in several clinics', { code: 'clinic.required' });
};

/** A clinic named in a request body: not one of the caller's is a 400 on that field. */
export const clinicFromBody = async (caller: Caller, clinicId: string, field = 'clinicId'): Promise<Clinic> => {
  const clinic = canSeeClinic(caller, clinicId) ? await getClinic(caller.tenantId, clinicId) : undefined;
  if (!clinic) throw invalid(field, 'is not one of your clinics', { code: 'clinic.not_yours' });
  return clinic;
};
