import { roleHasPermission, type Role } from '$shared/domain/access';

/** What each role may do on the Consumables page: the same grants the API enforces (shared/domain/access.ts). */
export const canReadStock = (role: Role): boolean => roleHasPermission(role, 'stock:read');
export const canMoveStock = (role: Role): boolean => roleHasPermission(role, 'stock:move');
export const canDefineStock = (role: Role): boolean => roleHasPermission(role, 'stock:define');
