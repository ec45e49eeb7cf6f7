/** Family groups (家庭): members with their relation; staff see names only of patients in their clinics. */
import { ulid } from 'ulid';
import { canSeeClinic, type Caller } from '../../shared/domain/access.js';
import { invalid } from '../../shared/domain/errors.js';
import { auditEvent } from '../adapters/dynamo/audit-repository.js';
import { changeFamily, getFamily } from '../adapters/dynamo/family-repository.js';
import { getPatient } from '../adapters/dynamo/patient-repository.js';
import { readPatient } from './patient-service.js';

export type FamilyView = { familyId: string; members: { patientId?: string; relation: string; name?: string; clinicId?: string }[] } | null;

export const familyOf = async (caller: Caller, patientId: string): Promise<FamilyView> => {
  const patient = await readPatient(caller, patientId);
  if (!patient.familyId) return null;
  const family = await getFamily(caller.tenantId, patient.familyId);
  if (!family) return null;
  const members = await Promise.all(
    Object.entries(family.members).map(async ([memberId, member]) => {
      const record = await getPatient(caller.tenantId, memberId);
      const visible = record && !record.mergedInto && canSeeClinic(caller, record.clinicId);
      // A member in a clinic the caller cannot see shows only as a relation: no id, no name.
      return visible ? { patientId: memberId, relation: member.relation, name: record.name, clinicId: record.clinicId } : { relation: member.relation };
    }),
  );
  return { familyId: family.familyId, members };
};

export const setFamily = async (caller: Caller, patientId: string, change: { familyId: string | null; relation: string }): Promise<FamilyView> => {
  const patient = await readPatient(caller, patientId);
  if (change.familyId !== null && change.familyId !== 'new' && !(await getFamily(caller.tenantId, change.familyId))) {
    throw invalid('familyId', 'is not a family of this chain', { code: 'family.not_found' });
  }
  const to = change.familyId === null ? null : { familyId: change.familyId === 'new' ? ulid() : change.familyId, relation: change.relation, create: change.familyId === 'new' };
  await changeFamily(caller.tenantId, patientId, patient.familyId, to, auditEvent(caller, patientId, 'family.update', { fields: ['familyId', 'familyRelation'] }));
  return familyOf(caller, patientId);
};
