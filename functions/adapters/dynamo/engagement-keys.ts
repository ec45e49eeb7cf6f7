/**
 * Keys of the engagement entities. Like every key in the table they begin with `T#<tenantId>`
 * (invariant 1): a public link's token names its tenant, and its secret is looked up only
 * under that tenant's keys, so a token can never reach another chain's items.
 */
import type { ComplaintStatusFilter } from '../../../shared/domain/complaint.js';
import type { LeadStatus } from '../../../shared/schemas/engagement.js';
import { tenantPrefix } from './keys.js';

const clinicRoot = (tenantId: string, clinicId: string) => `${tenantPrefix(tenantId)}#C#${clinicId}`;

export const engagementKeys = {
  complaint: (tenantId: string, complaintId: string) => ({ pk: `${tenantPrefix(tenantId)}#COMPLAINT#${complaintId}`, sk: 'COMPLAINT' }),
  /** gsi1: every complaint of a clinic, newest first */
  complaintsByClinic: (tenantId: string, clinicId: string) => `${clinicRoot(tenantId, clinicId)}#COMPLAINTS`,
  /** gsi2: a clinic's open (open + in-progress) or resolved complaints; a resolve moves the item */
  complaintsByStatus: (tenantId: string, clinicId: string, bucket: ComplaintStatusFilter) => `${clinicRoot(tenantId, clinicId)}#COMPLAINTS#${bucket}`,

  /** a survey invitation, found by the hash of its link's secret */
  survey: (tenantId: string, linkHash: string) => ({ pk: `${tenantPrefix(tenantId)}#SURVEY#${linkHash}`, sk: 'SURVEY' }),
  /** gsi1: a clinic's answered surveys, by local month then answer time */
  surveyResultsByClinic: (tenantId: string, clinicId: string) => `${clinicRoot(tenantId, clinicId)}#SURVEYS`,
  /** running totals per clinic: period is 'ALL' or a local month YYYY-MM */
  surveyTotals: (tenantId: string, clinicId: string, period: string) => ({ pk: `${clinicRoot(tenantId, clinicId)}#SURVEYTOTALS`, sk: period }),

  /** an intake questionnaire link, found by the hash of its secret */
  intakeLink: (tenantId: string, linkHash: string) => ({ pk: `${tenantPrefix(tenantId)}#INTAKE#${linkHash}`, sk: 'LINK' }),
  /** gsi1: a clinic's intake links, newest first */
  intakeLinksByClinic: (tenantId: string, clinicId: string) => `${clinicRoot(tenantId, clinicId)}#INTAKELINKS`,

  lead: (tenantId: string, leadId: string) => ({ pk: `${tenantPrefix(tenantId)}#LEAD#${leadId}`, sk: 'LEAD' }),
  /** gsi1: every lead of a clinic, newest first */
  leadsByClinic: (tenantId: string, clinicId: string) => `${clinicRoot(tenantId, clinicId)}#LEADS`,
  /** gsi2: a clinic's new or converted leads; a conversion moves the item */
  leadsByStatus: (tenantId: string, clinicId: string, status: LeadStatus) => `${clinicRoot(tenantId, clinicId)}#LEADS#${status}`,
} as const;
