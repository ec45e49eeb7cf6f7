import { invitableRoles, roleHasPermission, type Role } from '$shared/domain/access';

/** The same grants the API enforces: owners and managers open the staff screen, and they read patients' audit logs. */
export const canManageStaff = (role: Role): boolean => roleHasPermission(role, 'staff:invite');
export const canReadAudit = (role: Role): boolean => roleHasPermission(role, 'audit:read');
/** The roles the caller may give (a manager: desk, dentist, marketing). */
export const rolesToGive = (role: Role): readonly Role[] => invitableRoles(role);
