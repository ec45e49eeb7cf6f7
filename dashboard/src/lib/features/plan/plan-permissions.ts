import { roleHasPermission, type Role } from '$shared/domain/access';

/** The same grants the API enforces: owners and managers read targets, figures and staffing; the owner sets targets. */
export const canReadPlan = (role: Role): boolean => roleHasPermission(role, 'targets:read');
export const canSetTargets = (role: Role): boolean => roleHasPermission(role, 'targets:write');
