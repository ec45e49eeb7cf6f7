/**
 * The staff screen's changes (issue 13): role, clinics and name; disable and re-enable; send the
 * invitation again. The row is written first at the version read (and, when an owner is taken
 * away, only while another owner is active); the sign-in identity follows. If the identity step
 * fails the row is put back, so the two never disagree for long and nothing is half-written.
 */
import { canSeeClinic, type Caller } from '../../shared/domain/access.js';
import { notFound } from '../../shared/domain/errors.js';
import { applyStaffChange, checkStaffAction, removesAnOwner } from '../../shared/domain/staff-admin.js';
import type { StaffMember, StaffUpdate } from '../../shared/schemas/org.js';
import { listClinics, listStaff } from '../adapters/dynamo/org-repository.js';
import { lastOwner, saveStaffChange } from '../adapters/dynamo/staff-repository.js';
import { resendInvitation, setIdentityEnabled, updateIdentityAccess } from '../adapters/identity/identity-directory.js';
import { logger } from '../adapters/logger.js';
import { handOverOpenTasks } from './staff-task-handover.js';

/** The person and the chain's staff; someone the caller cannot see is simply not found. */
const findStaff = async (caller: Caller, userId: string): Promise<{ target: StaffMember; staff: StaffMember[] }> => {
  const staff = await listStaff(caller.tenantId);
  const target = staff.find((s) => s.userId === userId && userId !== '');
  const visible = target && (caller.clinicScope === 'all' || target.clinicIds.some((c) => canSeeClinic(caller, c)));
  if (!target || !visible) throw notFound('staff member');
  return { target, staff };
};

/** Saves the row, then runs the identity step; puts the row back if that step fails. */
const saveThen = async (
  caller: Caller,
  rows: { target: StaffMember; staff: StaffMember[]; after: StaffMember; version: number },
  identityStep: (saved: StaffMember) => Promise<void>,
): Promise<StaffMember> => {
  const { target, staff, after, version } = rows;
  const before = { ...target, version };
  const otherOwner = removesAnOwner(before, after) ? staff.find((s) => s.role === 'owner' && s.status === 'active' && s.email !== target.email) : undefined;
  if (removesAnOwner(before, after) && !otherOwner) throw lastOwner();
  const at = new Date().toISOString();
  const saved = await saveStaffChange(caller.tenantId, { before, after, at, ...(otherOwner ? { otherOwner } : {}) });
  try {
    await identityStep(saved);
  } catch (error) {
    await saveStaffChange(caller.tenantId, { before: saved, after: { ...before, version: saved.version }, at: new Date().toISOString() });
    throw error;
  }
  logger.info('staff changed', { tenantId: caller.tenantId, by: caller.userId, userId: target.userId, role: saved.role, status: saved.status });
  return saved;
};

export const changeStaff = async (caller: Caller, userId: string, change: StaffUpdate): Promise<StaffMember> => {
  const { target, staff } = await findStaff(caller, userId);
  const known = new Set((await listClinics(caller.tenantId)).map((c) => c.clinicId));
  const after = applyStaffChange(caller, target, change, known);
  const accessChanged = after.role !== target.role || after.clinicIds.join(',') !== target.clinicIds.join(',');
  return saveThen(caller, { target, staff, after, version: change.version }, async () => {
    if (accessChanged) await updateIdentityAccess({ email: target.email, role: after.role, previousRole: target.role, clinicIds: after.clinicIds });
  });
};

/**
 * Disabled: they cannot sign in, their refresh tokens are revoked (the ID token they hold ends at
 * its expiry), and their open follow-up tasks go to their clinic's managers.
 */
export const disableStaff = async (caller: Caller, userId: string, version: number): Promise<StaffMember> => {
  const { target, staff } = await findStaff(caller, userId);
  checkStaffAction(caller, target, 'disable');
  // Remember that they had signed in (rows from before activatedAt existed), so re-enabling restores 'active'.
  const activatedAt = target.activatedAt ?? (target.status === 'active' ? target.createdAt : undefined);
  const after: StaffMember = { ...target, status: 'disabled', ...(activatedAt ? { activatedAt } : {}) };
  const saved = await saveThen(caller, { target, staff, after, version }, () => setIdentityEnabled(target.email, false));
  await handOverOpenTasks(caller.tenantId, saved);
  return saved;
};

/** Back to active, or to invited if they never signed in. */
export const enableStaff = async (caller: Caller, userId: string, version: number): Promise<StaffMember> => {
  const { target, staff } = await findStaff(caller, userId);
  checkStaffAction(caller, target, 'enable');
  const status = target.activatedAt ? 'active' : 'invited';
  return saveThen(caller, { target, staff, after: { ...target, status }, version }, () => setIdentityEnabled(target.email, true));
};

export const resendStaffInvitation = async (caller: Caller, userId: string): Promise<StaffMember & { temporaryPassword?: string }> => {
  const { target } = await findStaff(caller, userId);
  checkStaffAction(caller, target, 'resend');
  return { ...target, ...(await resendInvitation(target.email)) };
};
