import { roleHasPermission, seesContactDetails, type Role } from '$shared/domain/access';

/** Buttons follow the same grants the API enforces, so nobody is offered what would answer 403. */
export const canWritePatients = (role: Role): boolean => roleHasPermission(role, 'patients:write');
export const canReadOutbox = (role: Role): boolean => roleHasPermission(role, 'outbox:read');
export const seesPhones = (role: Role): boolean => seesContactDetails(role);
