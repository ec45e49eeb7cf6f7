/**
 * Key builders: every primary key of clinic data begins with the tenant (invariant 1), so a
 * query can never cross tenants, whatever ids a caller sends.
 */
const tenantRoot = (tenantId: string) => `T#${tenantId}`;

export const keys = {
  chain: (tenantId: string) => ({ pk: tenantRoot(tenantId), sk: 'CHAIN' }),
  clinic: (tenantId: string, clinicId: string) => ({ pk: tenantRoot(tenantId), sk: `CLINIC#${clinicId}` }),
  clinicPrefix: (tenantId: string) => ({ pk: tenantRoot(tenantId), skPrefix: 'CLINIC#' }),
  /** Staff are keyed by email: an invitation claims the email before the identity exists. */
  staff: (tenantId: string, email: string) => ({ pk: tenantRoot(tenantId), sk: `STAFF#${email}` }),
  staffPrefix: (tenantId: string) => ({ pk: tenantRoot(tenantId), skPrefix: 'STAFF#' }),
  /** One item collection per patient: later visits, payments and tasks share its pk. */
  patient: (tenantId: string, patientId: string) => ({ pk: `${tenantRoot(tenantId)}#P#${patientId}`, sk: 'PROFILE' }),
  patientsByClinic: (tenantId: string, clinicId: string) => `${tenantRoot(tenantId)}#C#${clinicId}#PATIENTS`,
  patientsByPhone: (tenantId: string, clinicId: string) => `${tenantRoot(tenantId)}#C#${clinicId}#PHONE`,
  patientsByName: (tenantId: string, clinicId: string) => `${tenantRoot(tenantId)}#C#${clinicId}#NAME`,
  family: (tenantId: string, familyId: string) => ({ pk: tenantRoot(tenantId), sk: `FAMILY#${familyId}` }),
  procedure: (tenantId: string, procedureId: string) => ({ pk: tenantRoot(tenantId), sk: `PROC#${procedureId}` }),
  procedurePrefix: (tenantId: string) => ({ pk: tenantRoot(tenantId), skPrefix: 'PROC#' }),
  /** Claims a procedure code once per chain. */
  procedureCode: (tenantId: string, code: string) => ({ pk: tenantRoot(tenantId), sk: `PROCCODE#${code}` }),
  patientSummary: (tenantId: string, patientId: string) => ({ pk: `${tenantRoot(tenantId)}#P#${patientId}`, sk: 'SUMMARY' }),
  patientAudit: (tenantId: string, patientId: string) => `${tenantRoot(tenantId)}#P#${patientId}#AUDIT`,
  medical: (tenantId: string, patientId: string) => ({ pk: `${tenantRoot(tenantId)}#P#${patientId}`, sk: 'MEDICAL' }),
  visit: (tenantId: string, patientId: string, visitedAt: string, visitId: string) => ({ pk: `${tenantRoot(tenantId)}#P#${patientId}`, sk: `VISIT#${visitedAt}#${visitId}` }),
  visitPrefix: (tenantId: string, patientId: string) => ({ pk: `${tenantRoot(tenantId)}#P#${patientId}`, skPrefix: 'VISIT#' }),
  /** Claims a checkout's idempotency key: a retried checkout finds the visit it already made. */
  checkoutKey: (tenantId: string, patientId: string, key: string) => ({ pk: `${tenantRoot(tenantId)}#P#${patientId}`, sk: `CHECKOUTKEY#${key}` }),
  recall: (tenantId: string, patientId: string, group: string) => ({ pk: `${tenantRoot(tenantId)}#P#${patientId}`, sk: `RECALL#${group}` }),
  /** One post-treatment care message still to send, per (visit, procedure, care-pathway step). */
  careMessage: (tenantId: string, patientId: string, visitId: string, procedureCode: string, stepIndex: number) => ({ pk: `${tenantRoot(tenantId)}#P#${patientId}`, sk: `CAREMSG#${visitId}#${procedureCode}#${stepIndex}` }),
  installment: (tenantId: string, patientId: string, visitId: string, n: number) => ({ pk: `${tenantRoot(tenantId)}#P#${patientId}`, sk: `INSTALLMENT#${visitId}#${String(n).padStart(2, '0')}` }),
  task: (tenantId: string, patientId: string, taskId: string) => ({ pk: `${tenantRoot(tenantId)}#P#${patientId}`, sk: `TASK#${taskId}` }),
  appointment: (tenantId: string, patientId: string, appointmentId: string) => ({ pk: `${tenantRoot(tenantId)}#P#${patientId}`, sk: `APPT#${appointmentId}` }),
  /**
   * A 15-minute slot claimed by one appointment (no double booking): a dentist's slots are the
   * chain's (one person cannot work in two clinics at once), a chair's are its clinic's.
   */
  dentistSlot: (tenantId: string, dentistId: string, slotStart: string) => ({ pk: `${tenantRoot(tenantId)}#SLOT#D:${dentistId}`, sk: slotStart }),
  chairSlot: (tenantId: string, clinicId: string, chair: string, slotStart: string) => ({ pk: `${tenantRoot(tenantId)}#C#${clinicId}#SLOT#CH:${chair}`, sk: slotStart }),
  /** Index partitions (gsi1) of the clinic's day, open tasks, due recalls, due installments, last visits. */
  appointmentsByDay: (tenantId: string, clinicId: string, localDay: string) => `${tenantRoot(tenantId)}#C#${clinicId}#APPTDAY#${localDay}`,
  /** Booked appointments of the chain by start time (sparse): what reminder jobs read. */
  appointmentsByStart: (tenantId: string) => `${tenantRoot(tenantId)}#APPTSTART`,
  openTasksByClinic: (tenantId: string, clinicId: string) => `${tenantRoot(tenantId)}#C#${clinicId}#TASKS#open`,
  recallsDue: (tenantId: string) => `${tenantRoot(tenantId)}#RECALLDUE`,
  installmentsDue: (tenantId: string) => `${tenantRoot(tenantId)}#INSTALLMENTDUE`,
  /** Care messages waiting to be sent, by due time (sparse: an item leaves once the ledger holds it). */
  careMessagesDue: (tenantId: string) => `${tenantRoot(tenantId)}#CAREMSGDUE`,
  patientsByLastVisit: (tenantId: string) => `${tenantRoot(tenantId)}#LASTVISIT`,
  /**
   * Patients by birthday (gsi4, sparse: only profiles with a birth date). One partition per
   * month-day; the sort key starts with the clinic so each clinic reads its own local day.
   */
  patientsByBirthday: (tenantId: string, monthDay: string) => `${tenantRoot(tenantId)}#BDAY#${monthDay}`,
  /** One ledger item per (purpose, patient, occasion): claimed before anything is published (invariant 7). */
  sendLedger: (tenantId: string, patientId: string, purpose: string, occasion: string) => ({ pk: `${tenantRoot(tenantId)}#P#${patientId}`, sk: `MSG#${purpose}#${occasion}` }),
  messagesToRetry: (tenantId: string) => `${tenantRoot(tenantId)}#MSGRETRY`,
  outbox: (tenantId: string) => `${tenantRoot(tenantId)}#OUTBOX`,
  /** KPI rollup of one clinic's local day: integer counters (shared/domain/kpi) and who visited. */
  kpiDay: (tenantId: string, clinicId: string, day: string) => ({ pk: `${tenantRoot(tenantId)}#KPI#${clinicId}`, sk: `DAY#${day}` }),
  /** The nightly patient-base snapshot (counts) and the stored patient lists behind its numbers. */
  kpiBase: (tenantId: string, asOfDay: string, scope: string) => ({ pk: `${tenantRoot(tenantId)}#KPIBASE`, sk: `${scope}#${asOfDay}` }),
  kpiList: (tenantId: string, asOfDay: string, list: string) => `${tenantRoot(tenantId)}#KPILIST#${asOfDay}#${list}`,
  /** The chain's automation settings (one item, versioned). */
  automationSettings: (tenantId: string) => ({ pk: tenantRoot(tenantId), sk: 'AUTOMATIONS' }),
  /** Where a job run that works in batches left off (its checkpoint), per job and run key. */
  jobCheckpoint: (tenantId: string, job: string, runKey: string) => ({ pk: tenantRoot(tenantId), sk: `JOBCHECKPOINT#${job}#${runKey}` }),
  /** Ledger entries newest first per automation (purpose): the outbox page's lists. */
  messagesByPurpose: (tenantId: string, purpose: string) => `${tenantRoot(tenantId)}#MSGLOG#${purpose}`,
  /** A patient's booked appointments by start (sparse): "has a future appointment" reads one item. */
  patientBookedAppointments: (tenantId: string, patientId: string) => `${tenantRoot(tenantId)}#P#${patientId}#BOOKED`,
  /** A number whose owner replied T/TD/退订: no message to it, whichever record carries it. */
  phoneSuppression: (tenantId: string, phone: string) => ({ pk: `${tenantRoot(tenantId)}#PHONE#${phone}`, sk: 'SUPPRESSED' }),
  /** One message per shared phone per occasion (families sharing a number). */
  phoneOccasion: (tenantId: string, phone: string, purpose: string, occasion: string) => ({ pk: `${tenantRoot(tenantId)}#PHONE#${phone}`, sk: `MSG#${purpose}#${occasion}` }),
  jobRun: (tenantId: string, job: string, startedAt: string) => ({ pk: tenantRoot(tenantId), sk: `JOBRUN#${job}#${startedAt}` }),
  jobRunPrefix: (tenantId: string, job: string) => ({ pk: tenantRoot(tenantId), skPrefix: `JOBRUN#${job}#` }),
  patientStats: (tenantId: string, clinicId: string) => ({ pk: tenantRoot(tenantId), sk: `STATS#PATIENTS#${clinicId}` }),
  /**
   * The only index partition not under a tenant: the registry scheduled jobs read to find
   * the tenants to work for. It holds tenant ids only.
   */
  tenantRegistry: 'TENANTS',
  /**
   * The other key outside every tenant: which chain a reply number belongs to. An inbound SMS
   * carries only the two phone numbers, so the tenant must be found before any tenant key can
   * be built. The item holds the tenant id only, and is written by that chain's owner.
   */
  inboundNumber: (number: string) => ({ pk: `INBOUND#${number}`, sk: 'ROUTE' }),
  /** Replies from numbers no patient of the chain has, newest first, for the front desk. */
  unmatchedReplies: (tenantId: string) => `${tenantRoot(tenantId)}#SMSIN#UNMATCHED`,
} as const;

export const tenantPrefix = tenantRoot;
