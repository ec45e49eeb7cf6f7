import { roleHasPermission, type Role } from '$shared/domain/access';

/** An automation's results and a patient's campaign section: whoever reads campaign results (owner, manager, marketing). */
export const canReadHoldoutResults = (role: Role): boolean => roleHasPermission(role, 'campaigns:read');
