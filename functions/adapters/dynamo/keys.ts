/**
 * Key builders: every primary key of clinic data begins with the tenant (invariant 1), so a
 * query can never cross tenants, whatever ids a caller sends.
 */
const tenantRoot = (tenantId: string) => `T#${tenantId}`;

export const keys = {
  chain: (tenantId: string) => ({ pk: tenantRoot(tenantId), sk: 'CHAIN' }),
  clinic: (tenantId: string, clinicId: string) => ({ pk: tenantRoot(tenantId), sk: `CLINIC#${clinicId}` }),
  clinicPrefix: (tenantId: string) => ({ pk: tenantRoot(tenantId), skPrefix: 'CLINIC#' }),
  staff: (tenantId: string, userId: string) => ({ pk: tenantRoot(tenantId), sk: `STAFF#${userId}` }),
  staffPrefix: (tenantId: string) => ({ pk: tenantRoot(tenantId), skPrefix: 'STAFF#' }),
  /** One item collection per patient: later visits, payments and tasks share its pk. */
  patient: (tenantId: string, patientId: string) => ({ pk: `${tenantRoot(tenantId)}#P#${patientId}`, sk: 'PROFILE' }),
  patientsByClinic: (tenantId: string, clinicId: string) => `${tenantRoot(tenantId)}#C#${clinicId}#PATIENTS`,
  patientsByPhone: (tenantId: string, clinicId: string) => `${tenantRoot(tenantId)}#C#${clinicId}#PHONE`,
  patientsByName: (tenantId: string, clinicId: string) => `${tenantRoot(tenantId)}#C#${clinicId}#NAME`,
  outbox: (tenantId: string) => `${tenantRoot(tenantId)}#OUTBOX`,
  jobRun: (tenantId: string, job: string, startedAt: string) => ({ pk: tenantRoot(tenantId), sk: `JOBRUN#${job}#${startedAt}` }),
  jobRunPrefix: (tenantId: string, job: string) => ({ pk: tenantRoot(tenantId), skPrefix: `JOBRUN#${job}#` }),
  patientStats: (tenantId: string, clinicId: string) => ({ pk: tenantRoot(tenantId), sk: `STATS#PATIENTS#${clinicId}` }),
  /**
   * The only index partition not under a tenant: the registry scheduled jobs read to find
   * the tenants to work for. It holds tenant ids only.
   */
  tenantRegistry: 'TENANTS',
} as const;

export const tenantPrefix = tenantRoot;
