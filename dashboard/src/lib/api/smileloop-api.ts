import type { ChannelSettings, StoredChannelSettings } from '$shared/schemas/channels';
import { PacksApi } from './packs-api';
import { EventsApi } from './events-api';
import { EngagementApi } from './engagement-api';
import { CatalogApi } from './catalog-api';
import { StaffApi } from './staff-api';
import { PlanApi } from './plan-api';
import { StockApi } from './stock-api';
import type { Segment, SegmentPreview } from '$shared/schemas/segments';
import type { ConditionGroup } from '$shared/domain/segments/conditions';
import { CampaignsApi } from './campaigns-api';
import type { ChainCost } from '$shared/domain/cost/chain-cost';

import type { CheckoutInput, CheckoutPreview, CheckoutPreviewInput } from '$shared/schemas/visit';
import type { DownloadedFile, HttpClient } from './http-client';
import { MembersApi } from './members-api';
import { CouponsApi, OffersApi } from './coupons-api';
import { HoldoutsApi } from './holdouts-api';
import { ProfileApi } from './profile-api';
import type { MemberListRow, MembersOverview } from '../features/members-overview/members-types';
import type {
  Appointment,
  AppointmentBooking,
  AutomationSettings,
  BookableStaff,
  Chain,
  AppointmentMove,
  CancelReason,
  ColumnMapping,
  FollowUpTask,
  ImportDryRun,
  ImportReportPage,
  ImportRowStatus,
  ImportRunStart,
  ImportUploadResult,
  ImportView,
  Items,
  JobName,
  JobRunQueued,
  JobView,
  KpiOverview,
  KpiPatientPage,
  KpiPatientsQuery,
  KpiRangeQuery,
  LedgerListEntry,
  Me,
  MessagePurpose,
  OutboxMessage,
  Page,
  Patient,
  PatientBaseView,
  PatientCreateInput,
  PatientPatch,
  PatientTimeline,
  PricedProcedure,
  SimulatedReply,
  StaffMember,
  StoredAutomationSettings,
  TaskAttemptInput,
  TaskListItem,
  ListedUnmatchedReply,
  Visit,
} from './types';

export type PatientQuery = { clinicId?: string; q?: string; limit?: number; cursor?: string; tag?: string; segmentId?: string };

/** `#vip` in the search box searches by tag; anything else by name (or phone, for roles that see phones). */
const patientQueryOf = (query: PatientQuery): PatientQuery => {
  const tag = query.q?.trim().startsWith('#') ? query.q.trim().slice(1).trim() : undefined;
  if (!tag) return query;
  const { q: _q, cursor: _c, ...rest } = query;
  return { ...rest, tag };
};

const seg = encodeURIComponent;
const appointmentPath = (patientId: string, appointmentId: string, action: string): string =>
  `/patients/${seg(patientId)}/appointments/${seg(appointmentId)}/${action}`;

/** One method per API route the dashboard uses; paths match shared/routes.ts. */
export class SmileloopApi {
  readonly #http: HttpClient;
  /** plans, memberships and stored value (members-api.ts) */
  readonly members: MembersApi;
  /** visit packs (packs-api.ts) */
  readonly packs: PacksApi;
  /** coupons and points (coupons-api.ts) */
  readonly coupons: CouponsApi;
  /** coupon definitions and points rules (the settings page) */
  readonly offers: OffersApi;
  /** campaigns: drafts, approval, progress, results (campaigns-api.ts) */
  readonly campaigns: CampaignsApi;
  /** automations' holdout results and a patient's campaign section (holdouts-api.ts) */
  readonly holdouts: HoldoutsApi;
  /** member events (events-api.ts) */
  readonly events: EventsApi;
  /** medical record, allergy alert, installments (profile-api.ts) */
  readonly profile: ProfileApi;
  /** complaints, surveys, leads, replies from unknown numbers (engagement-api.ts) */
  readonly engagement: EngagementApi;
  /** the owner's catalog and clinics (catalog-api.ts) */
  readonly catalog: CatalogApi;
  /** the staff screen and a patient's audit log (staff-api.ts) */
  readonly staff: StaffApi;
  /** targets, per-staff figures and staffing (plan-api.ts) */
  readonly plan: PlanApi;
  /** consumables: items, bills of materials, clinic stock, movements, reports (stock-api.ts) */
  readonly stock: StockApi;

  constructor(http: HttpClient) {
    this.#http = http;
    this.members = new MembersApi(http);
    this.packs = new PacksApi(http);
    this.coupons = new CouponsApi(http);
    this.offers = new OffersApi(http);
    this.campaigns = new CampaignsApi(http);
    this.holdouts = new HoldoutsApi(http);
    this.events = new EventsApi(http);
    this.profile = new ProfileApi(http);
    this.engagement = new EngagementApi(http);
    this.catalog = new CatalogApi(http);
    this.staff = new StaffApi(http);
    this.plan = new PlanApi(http);
    this.stock = new StockApi(http);
  }

  me(): Promise<Me> {
    return this.#http.request('GET', '/me');
  }

  listStaff(): Promise<Items<StaffMember>> {
    return this.#http.request('GET', '/staff');
  }

  /** Who may be booked at a clinic: readable by everyone who books (the staff list is not). */
  listDentists(clinicId: string): Promise<Items<BookableStaff>> {
    return this.#http.request('GET', `/clinics/${encodeURIComponent(clinicId)}/dentists`);
  }

  listPatients(query: PatientQuery): Promise<Page<Patient>> {
    return this.#http.request('GET', '/patients', { query: { limit: 25, ...patientQueryOf(query) } });
  }

  getPatient(patientId: string): Promise<Patient> {
    return this.#http.request('GET', `/patients/${seg(patientId)}`);
  }

  createPatient(input: PatientCreateInput): Promise<Patient> {
    return this.#http.request('POST', '/patients', { body: input });
  }

  updatePatient(patientId: string, patch: PatientPatch): Promise<Patient> {
    return this.#http.request('PATCH', `/patients/${seg(patientId)}`, { body: patch });
  }

  /** The patient's QR for the chain's WeChat Official Account (what it encodes, its image at WeChat, until when). */
  wechatQr(patientId: string): Promise<{ content: string; imageUrl: string; expiresAt: string; linked: boolean }> {
    return this.#http.request('POST', `/patients/${seg(patientId)}/wechat-qr`);
  }

  // ── the chain ──
  getChain(): Promise<Chain> {
    return this.#http.request('GET', '/chain');
  }

  /** Owner only: this month's estimated AWS cost, itemised, and the SMS spend so far. */
  getChainCost(): Promise<ChainCost> {
    return this.#http.request('GET', '/chain/cost');
  }

  /** Owner only; 409 on `replyNumber` when another chain holds the number, on `version` when the chain changed since read; 400 when it is not one. */
  updateChain(patch: { replyNumber: string; version: number }): Promise<Chain> {
    return this.#http.request('PATCH', '/chain', { body: patch });
  }

  listOutbox(query: { limit?: number; cursor?: string }): Promise<Page<OutboxMessage>> {
    return this.#http.request('GET', '/outbox', { query: { limit: 50, ...query } });
  }

  // ── automations and the send ledger ──
  getAutomations(): Promise<StoredAutomationSettings> {
    return this.#http.request('GET', '/automations');
  }

  /** 409 when someone saved since `version` was read; 400 names the bad `settings.…` path. */
  saveAutomations(version: number, settings: AutomationSettings): Promise<StoredAutomationSettings> {
    return this.#http.request('PUT', '/automations', { body: { version, settings } });
  }

  listMessages(purpose: MessagePurpose, query: { limit?: number; cursor?: string; status?: string; from?: string; to?: string } = {}): Promise<Page<LedgerListEntry>> {
    return this.#http.request('GET', '/messages', { query: { purpose, limit: 50, ...query } });
  }

  patientMessages(patientId: string): Promise<Items<LedgerListEntry>> {
    return this.#http.request('GET', `/patients/${seg(patientId)}/messages`);
  }

  /** Replies from numbers no patient of the chain has, newest first (tasks:read). */
  listUnmatchedReplies(query: { limit?: number; cursor?: string } = {}): Promise<Page<ListedUnmatchedReply>> {
    return this.#http.request('GET', '/sms-replies/unmatched', { query: { limit: 50, ...query } });
  }

  /** Local twin only: "the patient replied" to the chain's reply number; answers what the reply did. */
  simulateReply(input: { from: string; body: string }): Promise<SimulatedReply> {
    return this.#http.request('POST', '/dev/sms-replies', { body: input });
  }

  /** The owner's channel settings (issue 14): providers (secrets never returned), templates, routing. */
  channelSettings(): Promise<StoredChannelSettings> {
    return this.#http.request('GET', '/channel-settings');
  }

  saveChannelSettings(input: { version: number; settings: ChannelSettings; secrets?: Partial<Record<'alibaba-sms' | 'tencent-sms' | 'wechat', string>> }): Promise<StoredChannelSettings> {
    return this.#http.request('PUT', '/channel-settings', { body: input });
  }

  /** Local twin only: the demo accounts at the twin's provider fakes (Alibaba Cloud SMS + WeChat). */
  useDemoChannels(): Promise<StoredChannelSettings> {
    return this.#http.request('POST', '/dev/channel-preset');
  }

  listJobs(): Promise<Items<JobView>> {
    return this.#http.request('GET', '/jobs');
  }

  /** 202: the job is queued on the bus; its run shows up in listJobs() once it finished. */
  runJob(job: JobName): Promise<JobRunQueued> {
    return this.#http.request('POST', `/jobs/${seg(job)}/run`);
  }

  // ── KPI dashboard ──
  kpiOverview(query: KpiRangeQuery): Promise<KpiOverview> {
    return this.#http.request('GET', '/kpi/overview', { query });
  }

  /** The latest nightly snapshot; `empty` (asOf '') until the first one was taken. */
  kpiPatientBase(clinicId?: string): Promise<PatientBaseView> {
    return this.#http.request('GET', '/kpi/patient-base', { query: { clinicId } });
  }

  /** The patients behind a number, by the list key the API gave with it; phones as the role may see them. */
  kpiPatients(query: KpiPatientsQuery): Promise<KpiPatientPage> {
    return this.#http.request('GET', '/kpi/patients', { query: { limit: 50, ...query } });
  }

  // ── catalog ──
  listProcedures(clinicId: string): Promise<Items<PricedProcedure>> {
    return this.#http.request('GET', '/procedures', { query: { clinicId } });
  }

  // ── appointments ──
  listAppointments(clinicId: string, date: string, days: number): Promise<Items<Appointment>> {
    return this.#http.request('GET', '/appointments', { query: { clinicId, date, days } });
  }

  listPatientAppointments(patientId: string): Promise<Items<Appointment>> {
    return this.#http.request('GET', `/patients/${seg(patientId)}/appointments`);
  }

  bookAppointment(input: AppointmentBooking): Promise<Appointment> {
    return this.#http.request('POST', '/appointments', { body: input });
  }

  checkIn(patientId: string, appointmentId: string): Promise<Appointment> {
    return this.#http.request('POST', appointmentPath(patientId, appointmentId, 'check-in'));
  }

  markNoShow(patientId: string, appointmentId: string): Promise<Appointment> {
    return this.#http.request('POST', appointmentPath(patientId, appointmentId, 'no-show'));
  }

  cancelAppointment(patientId: string, appointmentId: string, reason: CancelReason, note: string): Promise<Appointment> {
    return this.#http.request('POST', appointmentPath(patientId, appointmentId, 'cancel'), { body: { reason, note } });
  }

  rescheduleAppointment(patientId: string, appointmentId: string, move: AppointmentMove): Promise<Appointment> {
    return this.#http.request('POST', appointmentPath(patientId, appointmentId, 'reschedule'), { body: move });
  }

  // ── visits ──
  /** 201 with a new visit, or 200 with the visit already recorded under the same idempotency key. */
  checkout(patientId: string, input: CheckoutInput): Promise<Visit> {
    return this.#http.request('POST', `/patients/${seg(patientId)}/visits`, { body: input });
  }

  /** The checkout's price as the server would charge it now (card coverage, member discount, coupon); writes nothing. */
  previewCheckout(patientId: string, input: CheckoutPreviewInput): Promise<CheckoutPreview> {
    return this.#http.request('POST', `/patients/${seg(patientId)}/visits/preview`, { body: input });
  }

  /** 红冲 (owner, manager): the visit stays on record, marked; 409 when it is already void. */
  voidVisit(patientId: string, visitId: string, reason: string): Promise<Visit> {
    return this.#http.request('POST', `/patients/${seg(patientId)}/visits/${seg(visitId)}/void`, { body: { reason } });
  }

  timeline(patientId: string): Promise<PatientTimeline> {
    return this.#http.request('GET', `/patients/${seg(patientId)}/timeline`);
  }

  // ── follow-up tasks ──
  listTasks(clinicId: string, assignee: 'me' | 'all'): Promise<Items<TaskListItem>> {
    return this.#http.request('GET', '/tasks', { query: { clinicId, assignee, limit: 200 } });
  }

  recordAttempt(patientId: string, taskId: string, attempt: TaskAttemptInput): Promise<FollowUpTask> {
    return this.#http.request('POST', `/patients/${seg(patientId)}/tasks/${seg(taskId)}/attempts`, { body: attempt });
  }

  // ── imports and exports ──
  uploadImport(input: { fileName: string; clinicId: string; contentBase64: string; sheetName?: string }): Promise<ImportUploadResult> {
    return this.#http.request('POST', '/imports', { body: input });
  }

  getImport(importId: string): Promise<ImportView> {
    return this.#http.request('GET', `/imports/${seg(importId)}`);
  }

  setImportMapping(importId: string, columns: ColumnMapping): Promise<ImportView> {
    return this.#http.request('PUT', `/imports/${seg(importId)}/mapping`, { body: { columns } });
  }

  dryRunImport(importId: string): Promise<ImportDryRun> {
    return this.#http.request('POST', `/imports/${seg(importId)}/dry-run`);
  }

  importReport(importId: string, query: { status?: ImportRowStatus; limit?: number; cursor?: string }): Promise<ImportReportPage> {
    return this.#http.request('GET', `/imports/${seg(importId)}/dry-run`, { query });
  }

  runImport(importId: string): Promise<ImportRunStart> {
    return this.#http.request('POST', `/imports/${seg(importId)}/run`);
  }

  exportFile(kind: 'patients' | 'visits', query: { clinicId: string; from?: string; to?: string }): Promise<DownloadedFile> {
    return this.#http.download(`/exports/${kind}`, query, `${kind}.xlsx`);
  }

  // ── Members page (owner's numbers) ──
  membersOverview(query: { from: string; to: string; clinicId?: string }): Promise<MembersOverview> {
    return this.#http.request('GET', '/members/overview', { query });
  }

  memberList(kind: 'renewals-due' | 'lapsed', query: { clinicId?: string; limit?: number; cursor?: string }): Promise<Page<MemberListRow>> {
    return this.#http.request('GET', `/members/${kind}`, { query });
  }

  setReservePercent(input: { reservePercent: number; version: number }): Promise<{ reservePercent: number; version: number }> {
    return this.#http.request('PUT', '/members/reserve-setting', { body: input });
  }

  listSegments(): Promise<{ items: Segment[] }> {
    return this.#http.request('GET', '/segments');
  }

  previewSegment(input: { conditions: ConditionGroup; clinicId?: string }): Promise<SegmentPreview> {
    return this.#http.request('POST', '/segments/preview', { body: input });
  }

  createSegment(input: { name: string; conditions: ConditionGroup }): Promise<Segment> {
    return this.#http.request('POST', '/segments', { body: input });
  }

  freezeSegment(segmentId: string): Promise<Segment> {
    return this.#http.request('POST', `/segments/${seg(segmentId)}/freeze`);
  }

  deleteSegment(segmentId: string): Promise<{ deleted: true }> {
    return this.#http.request('DELETE', `/segments/${seg(segmentId)}`);
  }

  /** Owner and manager only; each export is on record (who, when, how many rows). */
  exportSegment(segmentId: string): Promise<{ fileName: string; csv: string; rows: number }> {
    return this.#http.request('GET', `/segments/${seg(segmentId)}/export`);
  }
}
