/** Who may treat at a clinic: a dentist (or a manager or owner who also treats) working there. */
import { invalid } from '../../shared/domain/errors.js';
import type { StaffMember } from '../../shared/schemas/org.js';
import { listStaff } from '../adapters/dynamo/org-repository.js';

export const checkDentist = async (tenantId: string, dentistId: string, clinicId: string): Promise<StaffMember> => {
  const member = (await listStaff(tenantId)).find((s) => s.userId === dentistId);
  const works = member && (member.role === 'owner' || member.clinicIds.includes(clinicId));
  if (!member || !works || member.status === 'disabled' || !['dentist', 'manager', 'owner'].includes(member.role)) throw invalid('dentistId', 'is not a dentist of this clinic', { code: 'dentist.invalid' });
  return member;
};
