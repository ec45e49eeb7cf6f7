/**
 * Who may do what. Pure data and functions: the HTTP router checks a route's permission
 * against the caller's role, and handlers check clinic scope with `canSeeClinic`.
 */
export const roles = ['owner', 'manager', 'frontdesk', 'dentist', 'marketing'] as const;
export type Role = (typeof roles)[number];

export type Permission =
  | 'chain:read'
  | 'chain:write'
  | 'clinics:read'
  | 'clinics:create'
  | 'clinics:update'
  | 'staff:read'
  | 'staff:invite'
  | 'patients:read'
  | 'patients:write'
  | 'outbox:read'
  | 'jobs:run';

const grants: Record<Role, readonly Permission[]> = {
  owner: [
    'chain:read', 'chain:write', 'clinics:read', 'clinics:create', 'clinics:update',
    'staff:read', 'staff:invite', 'patients:read', 'patients:write', 'outbox:read', 'jobs:run',
  ],
  manager: [
    'chain:read', 'clinics:read', 'clinics:update', 'staff:read', 'staff:invite',
    'patients:read', 'patients:write', 'outbox:read',
  ],
  frontdesk: ['chain:read', 'clinics:read', 'patients:read', 'patients:write'],
  dentist: ['chain:read', 'clinics:read', 'patients:read'],
  marketing: ['chain:read', 'clinics:read', 'patients:read', 'outbox:read'],
};

export const roleHasPermission = (role: Role, permission: Permission): boolean =>
  grants[role].includes(permission);

/** The verified caller, built only from token claims (invariant 1). */
export type Caller = {
  userId: string;
  email: string;
  tenantId: string;
  role: Role;
  /** 'all' for owners; otherwise the clinics the staff member works in */
  clinicScope: 'all' | readonly string[];
};

export const canSeeClinic = (caller: Caller, clinicId: string): boolean =>
  caller.clinicScope === 'all' || caller.clinicScope.includes(clinicId);

/** Roles a caller may hand out when inviting staff: managers cannot create owners or managers. */
export const invitableRoles = (role: Role): readonly Role[] => {
  if (role === 'owner') return roles;
  if (role === 'manager') return ['frontdesk', 'dentist', 'marketing'];
  return [];
};

/** Marketing staff see masked phones and no notes (DESIGN: never medical fields, phones masked). */
export const seesContactDetails = (role: Role): boolean => role !== 'marketing';
