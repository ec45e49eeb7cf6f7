import { roleHasPermission, type Role } from '$shared/domain/access';

/** What each role may do on the Catalog and Clinics pages: the same grants the API enforces. */
export const canEditCatalog = (role: Role): boolean => roleHasPermission(role, 'catalog:write');
export const canSetClinicPrices = (role: Role): boolean => roleHasPermission(role, 'catalog:price');
/** The owner edits the catalog; a manager sets their clinics' prices. Others read prices where they work (checkout). */
export const canOpenCatalog = (role: Role): boolean => canEditCatalog(role) || canSetClinicPrices(role);
export const canCreateClinics = (role: Role): boolean => roleHasPermission(role, 'clinics:create');
export const canEditClinics = (role: Role): boolean => roleHasPermission(role, 'clinics:update');
/** The owner sets clinics up; a manager reads (and keeps current) their own. */
export const canOpenClinics = (role: Role): boolean => canCreateClinics(role) || canEditClinics(role);
