/**
 * Who may change whom on the staff screen (issue 13), as pure rules. An owner manages everyone;
 * a manager only the roles they may invite (desk, dentists, marketing) in their own clinics. Nobody
 * changes their own role or disables themselves, and a chain never loses its last active owner:
 * the last check needs another owner's row, so it is made in the write's transaction
 * (staff-repository.ts), not here.
 */
import type { StaffMember, StaffUpdate } from '../schemas/org.js';
import { invitableRoles, type Caller, type Role } from './access.js';
import { DomainError, invalid, problem, type FieldProblem } from './errors.js';

export type StaffAction = 'change' | 'disable' | 'enable' | 'resend';

const forbidden = (path: string, message: string, code: 'role.not_allowed' | 'staff.self' | 'clinic.not_yours'): DomainError =>
  new DomainError('forbidden', `${path}: ${message}`, [problem(path, message, { code })]);

/** A manager sees and manages staff of their clinics in the roles they may invite. */
export const mayManage = (caller: Caller, target: StaffMember): boolean => {
  if (caller.role === 'owner') return true;
  if (!invitableRoles(caller.role).includes(target.role)) return false;
  const scope = caller.clinicScope;
  return scope === 'all' || (target.clinicIds.length > 0 && target.clinicIds.every((c) => scope.includes(c)));
};

/** Refuses what the caller may not do to this person (403 naming the field). */
export const checkStaffAction = (caller: Caller, target: StaffMember, action: StaffAction): void => {
  if (!mayManage(caller, target)) throw forbidden('userId', `a ${caller.role} may not manage a ${target.role}`, 'role.not_allowed');
  if (target.userId === caller.userId && (action === 'disable' || action === 'enable')) {
    throw forbidden('userId', 'you may not disable or enable yourself', 'staff.self');
  }
  if (action === 'resend' && target.status !== 'invited') {
    throw invalid('status', 'has already signed in: only an invitation not yet used can be sent again', { code: 'staff.not_invited' });
  }
};

const clinicProblems = (caller: Caller, clinicIds: readonly string[], known: ReadonlySet<string>): FieldProblem[] =>
  clinicIds.flatMap((clinicId, i) => {
    const outOfScope = caller.clinicScope !== 'all' && !caller.clinicScope.includes(clinicId);
    return !known.has(clinicId) || outOfScope ? [problem(`clinicIds.${i}`, 'is not one of your clinics', { code: 'clinic.not_yours' })] : [];
  });

/**
 * The row after a change of role, clinics or name; refuses a role the caller may not hand out,
 * a change of one's own role, a clinic not theirs, or a non-owner left without a clinic.
 */
export const applyStaffChange = (caller: Caller, target: StaffMember, change: StaffUpdate, knownClinics: ReadonlySet<string>): StaffMember => {
  checkStaffAction(caller, target, 'change');
  const role: Role = change.role ?? target.role;
  if (change.role && change.role !== target.role) {
    if (target.userId === caller.userId) throw forbidden('role', 'you may not change your own role', 'staff.self');
    if (!invitableRoles(caller.role).includes(change.role)) throw forbidden('role', `a ${caller.role} may not make someone a ${change.role}`, 'role.not_allowed');
  }
  const clinicIds = role === 'owner' ? [] : [...new Set(change.clinicIds ?? target.clinicIds)];
  if (role !== 'owner' && clinicIds.length === 0) throw invalid('clinicIds', 'must name at least one clinic', { code: 'required' });
  const wrong = change.clinicIds ? clinicProblems(caller, clinicIds, knownClinics) : [];
  if (wrong.length > 0) throw new DomainError('invalid', wrong.map((w) => `${w.path}: ${w.message}`).join('; '), wrong);
  return { ...target, role, clinicIds, ...(change.displayName ? { displayName: change.displayName } : {}) };
};

/** Whether this change would take an active owner away (then another active owner must remain). */
export const removesAnOwner = (before: StaffMember, after: StaffMember): boolean =>
  before.role === 'owner' && before.status === 'active' && (after.role !== 'owner' || after.status !== 'active');
