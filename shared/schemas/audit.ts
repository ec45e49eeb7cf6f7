/** The audit log of one patient: who read or changed what, when. Field names only, never values. */
export const auditActions = [
  'patient.create', 'patient.update', 'patient.merge', 'family.update',
  'medical.read', 'medical.write', 'medical.erase', 'timeline.read', 'visits.read', 'visit.create', 'visit.void',
  'membership.sell', 'membership.renew', 'membership.cancel',
  'pack.sell', 'pack.cancel',
] as const;
export type AuditAction = (typeof auditActions)[number];

export type AuditEvent = {
  auditId: string;
  patientId: string;
  at: string;
  actorId: string;
  actorRole: string;
  action: AuditAction;
  /** which fields changed (names, not values) */
  fields?: string[];
  /** the visit, the merged record… the event is about */
  refId?: string;
};
