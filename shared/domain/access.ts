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
  | 'jobs:run'
  | 'catalog:read'
  | 'catalog:write'
  | 'catalog:price'
  | 'appointments:read'
  | 'appointments:write'
  | 'visits:read'
  | 'visits:write'
  | 'medical:read'
  | 'medical:write'
  | 'tasks:read'
  | 'tasks:write'
  | 'audit:read'
  | 'patients:merge'
  | 'families:write'
  | 'imports:run'
  | 'exports:run'
  | 'complaints:read'
  | 'complaints:write'
  | 'leads:read'
  | 'leads:write'
  | 'surveys:read'
  | 'automations:read'
  | 'automations:write'
  | 'kpi:read'
  | 'visits:void'
  | 'plans:read'
  | 'plans:write'
  | 'members:read'
  | 'members:sell'
  | 'members:refund'
  | 'wallet:read'
  | 'wallet:topup'
  | 'wallet:debit'
  | 'wallet:refund'
  | 'wallet:transfer'
  | 'wallet:void'
  | 'wallet:rules'
  /**
   * The Members page: liability, fees, staff sales. Marketing gets none of it (counts of
   * members reach marketing through the KPI funnel; every figure here is money or beside it).
   */
  | 'members:numbers'
  /** The chain's reserve percentage for prepaid money: the owner's alone. */
  | 'members:reserve'
  | 'coupons:read'
  | 'coupons:issue'
  | 'coupons:define'
  /** the chain's estimated AWS cost and SMS spend: the owner's bill */
  | 'cost:read'
  /** campaigns: marketing writes and launches drafts; owner/manager approve; the owner decides whether approval is needed */
  | 'campaigns:read'
  | 'campaigns:write'
  | 'campaigns:approve'
  | 'campaigns:settings'
  /** segments (issue 12): build and count (marketing, managers, owners); export lists of people (owner, manager) */
  | 'segments:read'
  | 'segments:write'
  | 'segments:export'
  /** member events (会员活动): staff who meet patients read them; marketing, managers, owners plan them; the desk ticks who came */
  | 'events:read'
  | 'events:write'
  | 'events:attend'
  /** installments (issue 13): the desk records a part as paid and reads what is overdue; money, so no dentist or marketing */
  | 'installments:read'
  | 'installments:write'
  /** whether a patient has an allergy on record, no more (issue 13): the desk sees the alert at booking and checkout, marketing never */
  | 'medical:alert'
  /** commercial-insurance claims (issue 13): tracked by the desk until paid; money, so no dentist or marketing */
  | 'claims:read'
  | 'claims:write'
  /** leads (seed 000): hand a lead to a consultant (owner, manager, desk); name a clinic's senior consultants (owner, manager) */
  | 'leads:assign'
  | 'leads:routing'
  /** monthly targets per clinic (issue 13): the owner sets them; managers read their clinics' */
  | 'targets:read'
  | 'targets:write'
  /** figures per dentist and staff member (绩效考核) and staffing by hour (人员排班): owners and managers */
  | 'performance:read'
  | 'staffing:read'
  /** consumables stock (耗材, issue 13): the desk (and nurses, who work under the desk's grants) reads stock and records deliveries, issues and counts; owners and managers also define items and bills of materials; marketing and dentists none */
  | 'stock:read'
  | 'stock:move'
  | 'stock:define';

/** Stored value at the front desk; dentists and marketing see no money (issue 11). */
const walletDesk: Permission[] = ['wallet:read', 'wallet:topup', 'wallet:debit'];
/** Money going back out or between people needs an owner or manager. */
const walletApproval: Permission[] = ['wallet:refund', 'wallet:transfer', 'wallet:void'];

/** Coupons: marketing issues them and reads definitions (never ledgers or balances); dentists see no money. */
const couponDesk: Permission[] = ['coupons:read', 'coupons:issue'];

/** Clinic work everyone at the front of the clinic does. */
const clinicDay: Permission[] = [
  'catalog:read', 'appointments:read', 'appointments:write', 'visits:read', 'visits:write', 'tasks:read', 'tasks:write',
  'families:write', 'complaints:read', 'complaints:write', 'leads:read', 'leads:write',
];

const grants: Record<Role, readonly Permission[]> = {
  owner: [
    'chain:read', 'chain:write', 'clinics:read', 'clinics:create', 'clinics:update',
    'staff:read', 'staff:invite', 'patients:read', 'patients:write', 'outbox:read', 'jobs:run',
    ...clinicDay, 'catalog:write', 'catalog:price', 'medical:read', 'medical:write', 'audit:read', 'patients:merge',
    'imports:run', 'exports:run', 'surveys:read', 'automations:read', 'automations:write', 'kpi:read', 'visits:void',
    'plans:read', 'plans:write', 'members:read', 'members:sell', 'members:refund', ...walletDesk, ...walletApproval, 'wallet:rules',
    'members:numbers', 'members:reserve',
    ...couponDesk, 'coupons:define',
    'cost:read',
    'campaigns:read', 'campaigns:write', 'campaigns:approve', 'campaigns:settings',
    'segments:read', 'segments:write', 'segments:export',
    'events:read', 'events:write', 'events:attend',
    'installments:read', 'installments:write', 'medical:alert',
    'claims:read', 'claims:write',
    'leads:assign', 'leads:routing',
    'targets:read', 'targets:write', 'performance:read', 'staffing:read',
    'stock:read', 'stock:move', 'stock:define',
  ],
  manager: [
    'chain:read', 'clinics:read', 'clinics:update', 'staff:read', 'staff:invite',
    'patients:read', 'patients:write', 'outbox:read',
    ...clinicDay, 'catalog:price', 'medical:read', 'medical:write', 'audit:read', 'patients:merge', 'imports:run', 'exports:run', 'surveys:read', 'automations:read', 'kpi:read', 'visits:void',
    'plans:read', 'members:read', 'members:sell', 'members:refund', ...walletDesk, ...walletApproval,
    'members:numbers',
    ...couponDesk, 'coupons:define',
    'campaigns:read', 'campaigns:write', 'campaigns:approve',
    'segments:read', 'segments:write', 'segments:export',
    'events:read', 'events:write', 'events:attend',
    'installments:read', 'installments:write', 'medical:alert',
    'claims:read', 'claims:write',
    'leads:assign', 'leads:routing',
    'targets:read', 'performance:read', 'staffing:read',
    'stock:read', 'stock:move', 'stock:define',
  ],
  frontdesk: ['chain:read', 'clinics:read', 'patients:read', 'patients:write', ...clinicDay, 'plans:read', 'members:read', 'members:sell', ...walletDesk, ...couponDesk, 'events:read', 'events:attend', 'installments:read', 'installments:write', 'medical:alert', 'claims:read', 'claims:write', 'leads:assign', 'stock:read', 'stock:move'],
  /** Dentists record medical history and work their own follow-up calls; checkout is the front desk's. */
  dentist: [
    'chain:read', 'clinics:read', 'patients:read', 'catalog:read', 'appointments:read', 'visits:read',
    'medical:read', 'medical:write', 'tasks:read', 'tasks:write', 'plans:read', 'members:read', 'medical:alert',
  ],
  /** Marketing never sees medical fields, visits' clinical lines or unmasked phones (DESIGN). */
  marketing: ['chain:read', 'clinics:read', 'patients:read', 'outbox:read', 'catalog:read', 'leads:read', 'leads:write', 'surveys:read', 'automations:read', 'kpi:read', 'plans:read', 'members:read', ...couponDesk, 'campaigns:read', 'campaigns:write', 'segments:read', 'segments:write', 'events:read', 'events:write'],
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
