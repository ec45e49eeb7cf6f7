/**
 * Inviting staff: the staff row is claimed first (one per email per chain), then the sign-in
 * identity is created; if that fails the claim is released, so nothing is left half-written.
 */
import { invitableRoles, type Caller } from '../../shared/domain/access.js';
import { DomainError } from '../../shared/domain/errors.js';
import type { StaffInvite, StaffMember } from '../../shared/schemas/org.js';
import { claimStaff, listClinics, releaseStaff, setStaffUserId } from '../adapters/dynamo/org-repository.js';
import { createIdentity, deleteIdentity, type CreatedIdentity } from '../adapters/identity/identity-directory.js';

export type InvitedStaff = StaffMember & { temporaryPassword?: string };

export const checkInvite = async (caller: Caller | 'system', tenantId: string, invite: StaffInvite): Promise<void> => {
  if (caller !== 'system' && !invitableRoles(caller.role).includes(invite.role)) {
    throw new DomainError('forbidden', `role: a ${caller.role} may not invite a ${invite.role}`, [{ path: 'role', message: `you may not invite a ${invite.role}`, code: 'role.not_allowed' }]);
  }
  if (invite.role === 'owner') return;
  if (invite.clinicIds.length === 0) {
    throw new DomainError('invalid', 'clinicIds: name at least one clinic this person works in', [{ path: 'clinicIds', message: 'must name at least one clinic', code: 'required' }]);
  }
  const known = new Set((await listClinics(tenantId)).map((c) => c.clinicId));
  invite.clinicIds.forEach((clinicId, i) => {
    const outOfScope = caller !== 'system' && caller.clinicScope !== 'all' && !caller.clinicScope.includes(clinicId);
    if (!known.has(clinicId) || outOfScope) {
      throw new DomainError('invalid', `clinicIds.${i}: not one of your clinics`, [{ path: `clinicIds.${i}`, message: 'is not one of your clinics', code: 'clinic.not_yours' }]);
    }
  });
};

export const inviteStaff = async (
  caller: Caller | 'system',
  tenantId: string,
  invite: StaffInvite,
  password?: string,
): Promise<InvitedStaff> => {
  await checkInvite(caller, tenantId, invite);
  const member: StaffMember = {
    userId: '',
    email: invite.email,
    displayName: invite.displayName,
    role: invite.role,
    clinicIds: invite.role === 'owner' ? [] : invite.clinicIds,
    status: 'invited',
    createdAt: new Date().toISOString(),
    version: 0,
  };
  await claimStaff(tenantId, member);
  let identity: CreatedIdentity;
  try {
    identity = await createIdentity({ email: invite.email, tenantId, role: invite.role, clinicIds: member.clinicIds, ...(password ? { password } : {}) });
  } catch (error) {
    await releaseStaff(tenantId, invite.email);
    throw error;
  }
  try {
    await setStaffUserId(tenantId, invite.email, identity.userId);
  } catch (error) {
    await deleteIdentity(invite.email);
    await releaseStaff(tenantId, invite.email);
    throw error;
  }
  return { ...member, userId: identity.userId, ...(identity.temporaryPassword ? { temporaryPassword: identity.temporaryPassword } : {}) };
};
