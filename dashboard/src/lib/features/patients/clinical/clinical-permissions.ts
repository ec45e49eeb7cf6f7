import { roleHasPermission, type Role } from '$shared/domain/access';

/** The same grants the API enforces (issue 13), so nobody is offered what would answer 403. */
export const canReadMedical = (role: Role): boolean => roleHasPermission(role, 'medical:read');
export const canWriteMedical = (role: Role): boolean => roleHasPermission(role, 'medical:write');
/** Only whether an allergy is on record: the desk's warning at booking and checkout. */
export const seesAllergyAlert = (role: Role): boolean => roleHasPermission(role, 'medical:alert');
export const canPayInstallments = (role: Role): boolean => roleHasPermission(role, 'installments:write');
export const canReadOverdue = (role: Role): boolean => roleHasPermission(role, 'installments:read');
export const canWriteFamilies = (role: Role): boolean => roleHasPermission(role, 'families:write');
export const canMergePatients = (role: Role): boolean => roleHasPermission(role, 'patients:merge');
export const canReadClaims = (role: Role): boolean => roleHasPermission(role, 'claims:read');
export const canWriteClaims = (role: Role): boolean => roleHasPermission(role, 'claims:write');
