import { roleHasPermission, seesContactDetails, type Role } from '$shared/domain/access';

/** Buttons follow the same grants the API enforces, so nobody is offered what would answer 403. */
export const canWritePatients = (role: Role): boolean => roleHasPermission(role, 'patients:write');
export const canReadOutbox = (role: Role): boolean => roleHasPermission(role, 'outbox:read');
export const seesPhones = (role: Role): boolean => seesContactDetails(role);
export const canReadAppointments = (role: Role): boolean => roleHasPermission(role, 'appointments:read');
export const canWriteAppointments = (role: Role): boolean => roleHasPermission(role, 'appointments:write');
export const canReadVisits = (role: Role): boolean => roleHasPermission(role, 'visits:read');
export const canCheckout = (role: Role): boolean => roleHasPermission(role, 'visits:write');
export const canReadTasks = (role: Role): boolean => roleHasPermission(role, 'tasks:read');
export const canWriteTasks = (role: Role): boolean => roleHasPermission(role, 'tasks:write');
export const canReadStaff = (role: Role): boolean => roleHasPermission(role, 'staff:read');
export const canRunImports = (role: Role): boolean => roleHasPermission(role, 'imports:run');
export const canRunExports = (role: Role): boolean => roleHasPermission(role, 'exports:run');
export const canReadAutomations = (role: Role): boolean => roleHasPermission(role, 'automations:read');
export const canWriteAutomations = (role: Role): boolean => roleHasPermission(role, 'automations:write');
export const canRunJobs = (role: Role): boolean => roleHasPermission(role, 'jobs:run');
/** The owner's overview (GET /kpi/…): owner, manager and marketing; not the front desk or dentists. */
export const canReadKpi = (role: Role): boolean => roleHasPermission(role, 'kpi:read');
/** 红冲 a visit recorded by mistake: owner and manager. */
export const canVoidVisits = (role: Role): boolean => roleHasPermission(role, 'visits:void');
/** The chain's settings (its SMS reply number): the owner. */
export const canWriteChain = (role: Role): boolean => roleHasPermission(role, 'chain:write');
/** The chain's estimated AWS cost and SMS spend (owner). */
export const canReadCost = (role: Role): boolean => roleHasPermission(role, 'cost:read');
/** The twin's "the patient replied": who may write patients and sees their full numbers. */
export const canSimulateReplies = (role: Role): boolean => roleHasPermission(role, 'patients:write') && seesContactDetails(role);
/** The Members page (owner's numbers, liability): owner and manager. */
export const canReadMemberNumbers = (role: Role): boolean => roleHasPermission(role, 'members:numbers');
/** The reserve percentage of prepaid money: the owner. */
export const canSetReserve = (role: Role): boolean => roleHasPermission(role, 'members:reserve');

export const canReadSegments = (role: Role): boolean => roleHasPermission(role, 'segments:read');
export const canWriteSegments = (role: Role): boolean => roleHasPermission(role, 'segments:write');

/** Campaigns: marketing, manager and owner read and write drafts; owner and manager approve. */
export const canReadCampaigns = (role: Role): boolean => roleHasPermission(role, 'campaigns:read');
export const canWriteCampaigns = (role: Role): boolean => roleHasPermission(role, 'campaigns:write');
export const canApproveCampaigns = (role: Role): boolean => roleHasPermission(role, 'campaigns:approve');
/** Whether campaigns need approval at all: the owner. */
export const canSetCampaignApproval = (role: Role): boolean => roleHasPermission(role, 'campaigns:settings');

/** The audited CSV export of a segment: owner and manager, never marketing. */
export const canExportSegments = (role: Role): boolean => roleHasPermission(role, 'segments:export');
/** Member events: read (who meets patients), plan (marketing, manager, owner), tick attendance (desk, manager, owner). */
export const canReadEvents = (role: Role): boolean => roleHasPermission(role, 'events:read');
export const canWriteEvents = (role: Role): boolean => roleHasPermission(role, 'events:write');
export const canAttendEvents = (role: Role): boolean => roleHasPermission(role, 'events:attend');
