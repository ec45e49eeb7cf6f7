import { roleHasPermission, type Role } from '$shared/domain/access';

/** What each role may do on the feedback and leads pages: the same grants the API enforces. */
export const canReadComplaints = (role: Role): boolean => roleHasPermission(role, 'complaints:read');
export const canWriteComplaints = (role: Role): boolean => roleHasPermission(role, 'complaints:write');
export const canReadSurveys = (role: Role): boolean => roleHasPermission(role, 'surveys:read');
/** A survey link is sent after a visit: the front desk's (visits:write). */
export const canSendSurveys = (role: Role): boolean => roleHasPermission(role, 'visits:write');
export const canReadLeads = (role: Role): boolean => roleHasPermission(role, 'leads:read');
export const canWriteLeads = (role: Role): boolean => roleHasPermission(role, 'leads:write');
export const canAssignLeads = (role: Role): boolean => roleHasPermission(role, 'leads:assign');
export const canSetLeadRouting = (role: Role): boolean => roleHasPermission(role, 'leads:routing');
export const canReadFeedback = (role: Role): boolean => canReadComplaints(role) || canReadSurveys(role) || canSendSurveys(role);
/** The staff list names complaint owners; others may take a complaint themselves. */
export const canListStaff = (role: Role): boolean => roleHasPermission(role, 'staff:read');
