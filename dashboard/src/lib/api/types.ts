import type { z } from 'zod';
import type { Role } from '$shared/domain/access';
import type { Chain, Clinic } from '$shared/schemas/org';
import type { ReplyResult } from '$shared/schemas/sms-reply';
import type { Patient, PatientPage, PatientCreateInput, patientUpdateSchema } from '$shared/schemas/patient';

export type { Chain, Clinic, Patient, PatientPage, PatientCreateInput, Role };

/** What PATCH /patients/{id} accepts, before the server normalizes it. */
export type PatientPatch = z.input<typeof patientUpdateSchema>;

export type Me = {
  userId: string;
  email: string;
  displayName: string;
  role: Role;
  tenantId: string;
  clinicScope: 'all' | string[];
  chain: { name: string; brand: string };
  clinics: Clinic[];
};

export type OutboxKind = 'sms' | 'staff-alert' | 'email';

export type OutboxMessage = {
  messageId: string;
  createdAt: string;
  kind: OutboxKind;
  to: string;
  purpose: string;
  text: string;
  status: string;
};

export type Page<T> = { items: T[]; cursor?: string };

export type { Appointment, AppointmentStatus } from '$shared/schemas/appointment';
export type { Procedure, ProcedureCategory } from '$shared/schemas/catalog';
export type { StaffMember } from '$shared/schemas/org';
export type { FollowUpTask, TaskOutcome } from '$shared/schemas/task';
export type { Visit, VisitLine, PaymentMethod, PaymentInput } from '$shared/schemas/visit';
export type {
  ColumnMapping,
  ColumnTarget,
  ImportCounts,
  ImportField,
  ImportReportPage,
  ImportReportRow,
  ImportRowStatus,
  ImportUploadResult,
  ImportView,
} from '$shared/schemas/imports';

import type { Appointment } from '$shared/schemas/appointment';
import type { Procedure } from '$shared/schemas/catalog';
import type { FollowUpTask, TaskOutcome } from '$shared/schemas/task';
import type { Visit } from '$shared/schemas/visit';
import type { ImportCounts, ImportReportPage } from '$shared/schemas/imports';
import type { LifecycleStage } from '$shared/schemas/patient';

export type Items<T> = { items: T[] };

/** GET /procedures?clinicId: the catalog with the clinic's price worked out. */
export type PricedProcedure = Procedure & { clinicPriceFen: number };

/** What POST /appointments takes (times UTC ISO on 15-minute marks). */
export type AppointmentBooking = {
  patientId: string;
  clinicId: string;
  dentistId: string;
  chair: string;
  startAt: string;
  durationMinutes: number;
  procedureIds: string[];
  notes: string;
};

export type AppointmentMove = { startAt: string; durationMinutes?: number; dentistId?: string; chair?: string };
export type CancelReason = NonNullable<Appointment['cancelReason']>;

export type InstallmentPart = { visitId: string; patientId: string; clinicId: string; n: number; dueDate: string; amountFen: number; status: 'due' | 'paid' };

export type TimelineEntry =
  | { kind: 'visit'; at: string; visit: Visit }
  | { kind: 'appointment'; at: string; appointment: Appointment }
  | { kind: 'task'; at: string; task: FollowUpTask }
  | { kind: 'installment'; at: string; installment: InstallmentPart };

export type PatientTimeline = {
  patient?: Patient;
  summary: { visitCount: number; totalSpendFen: number; firstVisitAt?: string; lastVisitAt?: string; lifecycleStage: LifecycleStage };
  recalls: Array<{ group: string; dueDate: string }>;
  items: TimelineEntry[];
};

/** GET /tasks: pending tasks with the patient's name and whether they are past due. */
export type TaskListItem = FollowUpTask & { overdue: boolean };
export type TaskAttemptInput = { outcome: TaskOutcome; notes: string; retryAt?: string };

export type ImportDryRun = ImportReportPage & { planId: string };
export type ImportRunStart = { importId: string; runId: string; status: 'running'; resumed: boolean; counts: ImportCounts };

export type { AutomationSettings, Holiday, StoredAutomationSettings } from '$shared/schemas/automations';
export type { MessagePurpose } from '$shared/domain/messaging/purposes';

import type { MessagePurpose } from '$shared/domain/messaging/purposes';
import type { JobName } from '$shared/schedules';

export type { JobName };

/** One send-ledger entry as GET /messages and GET /patients/{id}/messages list it. */
export type LedgerStatus = 'claimed' | 'sent' | 'failed' | 'deferred' | 'skipped';
export type LedgerDecision = { at: string; kind: 'send' | 'skip' | 'defer' | 'failed'; reason?: string };
export type LedgerListEntry = {
  patientId: string;
  clinicId: string;
  purpose: MessagePurpose;
  occasion: string;
  status: LedgerStatus;
  attempts?: number;
  decisions: LedgerDecision[];
  retryAt?: string;
  sentAt?: string;
  updatedAt?: string;
};

/** GET /jobs: each job with its latest run (owner only). */
export type JobRun = {
  job: JobName;
  trigger: 'schedule' | 'manual';
  startedAt: string;
  finishedAt: string;
  status: 'succeeded' | 'failed';
  summary: Record<string, number>;
  error?: string;
};
export type JobView = { name: JobName; description: string; schedule?: string; lastRun: JobRun | null };

export type { CohortRetentionRow, KpiCount, KpiDailyPoint, KpiOverview, KpiPatientPage, KpiRate, PatientBaseView } from '$shared/schemas/kpi';
export type { RollupBreakdowns, RollupKpis } from '$shared/domain/kpi/derive';

/** GET /kpi/overview and GET /kpi/patient-base take the clinic; all visible clinics without it. */
export type KpiRangeQuery = { from: string; to: string; clinicId?: string };
export type KpiPatientsQuery = { list: string; clinicId?: string; limit?: number; cursor?: string };

export type { ReplyOutcome, UnmatchedReply } from '$shared/schemas/sms-reply';
/** POST /dev/sms-replies: what the reply did, with the id the twin gave the inbound message. */
export type SimulatedReply = ReplyResult & { inboundMessageId: string };
