/** Complaints, surveys, leads and intake links, and replies from unknown numbers. Paths match shared/api-routes/engagement.ts and messages.ts. */
import type { HttpClient } from './http-client';
import type {
  ComplaintCategory, ComplaintSeverity, ComplaintUpdate, IntakeLink, Lead, LeadRouting, ListedComplaint, SurveyInvitation, SurveyReportView,
} from '$shared/schemas/engagement';
import type { ComplaintStatusFilter } from '$shared/domain/complaint';
import type { AcquisitionChannel } from '$shared/schemas/patient';
import type { FollowUpTask } from '$shared/schemas/task';
import type { Page } from '$shared/schemas/common';

export type { IntakeLink, Lead, LeadRouting, ListedComplaint, SurveyInvitation, SurveyReportView } from '$shared/schemas/engagement';
export type { ListedUnmatchedReply } from '$shared/schemas/sms-reply';

const seg = encodeURIComponent;

export type ComplaintInput = { patientId: string; clinicId: string; category: ComplaintCategory; severity: ComplaintSeverity; description: string };

export class EngagementApi {
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  complaints(query: { clinicId: string; status?: ComplaintStatusFilter; cursor?: string }): Promise<Page<ListedComplaint>> {
    return this.#http.request('GET', '/complaints', { query: { limit: 25, ...query } });
  }

  openComplaint(input: ComplaintInput): Promise<ListedComplaint> {
    return this.#http.request('POST', '/complaints', { body: input });
  }

  changeComplaint(complaintId: string, changes: ComplaintUpdate): Promise<ListedComplaint> {
    return this.#http.request('PATCH', `/complaints/${seg(complaintId)}`, { body: changes });
  }

  /** The clinic's answers with NPS for the month (YYYY-MM) or all time. */
  surveys(query: { clinicId: string; month?: string; cursor?: string }): Promise<SurveyReportView> {
    return this.#http.request('GET', '/surveys', { query: { limit: 25, ...query } });
  }

  inviteToSurvey(patientId: string, input: { visitDate?: string }): Promise<SurveyInvitation> {
    return this.#http.request('POST', `/patients/${seg(patientId)}/surveys`, { body: input });
  }

  leads(query: { clinicId: string; status?: 'new' | 'converted'; cursor?: string }): Promise<Page<Lead>> {
    return this.#http.request('GET', '/leads', { query: { limit: 25, ...query } });
  }

  assignLead(leadId: string, input: { userId: string | null; version: number }): Promise<Lead> {
    return this.#http.request('PUT', `/leads/${seg(leadId)}/assignee`, { body: input });
  }

  convertLead(leadId: string): Promise<{ lead: Lead; patient: { patientId: string } }> {
    return this.#http.request('POST', `/leads/${seg(leadId)}/convert`);
  }

  leadRouting(clinicId: string): Promise<LeadRouting> {
    return this.#http.request('GET', '/lead-routing', { query: { clinicId } });
  }

  saveLeadRouting(input: { clinicId: string; seniorConsultants: string[]; version: number }): Promise<LeadRouting> {
    return this.#http.request('PUT', '/lead-routing', { body: input });
  }

  intakeLinks(clinicId: string): Promise<Page<IntakeLink>> {
    return this.#http.request('GET', '/intake-links', { query: { clinicId, limit: 100 } });
  }

  createIntakeLink(input: { clinicId: string; label: string; channel: AcquisitionChannel }): Promise<IntakeLink> {
    return this.#http.request('POST', '/intake-links', { body: input });
  }

  /** The reply becomes the patient's front-desk task and leaves the unmatched list. */
  assignReply(replyId: string, patientId: string): Promise<FollowUpTask> {
    return this.#http.request('POST', `/sms-replies/unmatched/${seg(replyId)}/assign`, { body: { patientId } });
  }

  dismissReply(replyId: string): Promise<{ dismissed: true }> {
    return this.#http.request('POST', `/sms-replies/unmatched/${seg(replyId)}/dismiss`);
  }
}
