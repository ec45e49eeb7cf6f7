/**
 * The API's shapes as the dashboard names them: re-exported (type-only) from shared/schemas,
 * the same types the server builds its responses with, so a change there fails the build here.
 */
import type { z } from 'zod';
import type { appointmentCreateSchema, appointmentRescheduleSchema } from '$shared/schemas/appointment';
import type { Appointment } from '$shared/schemas/appointment';
import type { kpiRangeQuerySchema } from '$shared/schemas/kpi';
import type { patientUpdateSchema } from '$shared/schemas/patient';

export type { Role } from '$shared/domain/access';
export type { Items, Page } from '$shared/schemas/common';
export type { BookableStaff, Chain, Clinic, Me, StaffMember } from '$shared/schemas/org';
export type { OutboxMessage } from '$shared/schemas/outbox';
export type { Patient, PatientPage, PatientCreateInput } from '$shared/schemas/patient';

/** What PATCH /patients/{id} accepts, before the server normalizes it. */
export type PatientPatch = z.input<typeof patientUpdateSchema>;

export type { Appointment, AppointmentStatus } from '$shared/schemas/appointment';
export type { PricedProcedure, Procedure, ProcedureCategory } from '$shared/schemas/catalog';
export type { FollowUpTask, TaskAttemptInput, TaskListItem, TaskOutcome } from '$shared/schemas/task';
export type { InstallmentPart, PatientTimeline, TimelineEntry, Visit, VisitLine, PaymentMethod, PaymentInput } from '$shared/schemas/visit';
export type {
  ColumnMapping,
  ColumnTarget,
  ImportCounts,
  ImportDryRun,
  ImportField,
  ImportReportPage,
  ImportReportRow,
  ImportRowStatus,
  ImportRunStart,
  ImportUploadResult,
  ImportView,
} from '$shared/schemas/imports';

/** What POST /appointments takes (times UTC ISO on 15-minute marks), before defaults are filled in. */
export type AppointmentBooking = z.input<typeof appointmentCreateSchema>;
export type AppointmentMove = z.input<typeof appointmentRescheduleSchema>;
export type CancelReason = NonNullable<Appointment['cancelReason']>;

export type { AutomationSettings, Holiday, StoredAutomationSettings } from '$shared/schemas/automations';
export type { MessagePurpose } from '$shared/domain/messaging/purposes';
export type { JobName } from '$shared/schedules';
export type { JobRun, JobRunQueued, JobView } from '$shared/schemas/jobs';
export type { LedgerDecision, LedgerListEntry, LedgerStatus } from '$shared/schemas/messages';

export type { CohortRetentionRow, KpiCount, KpiDailyPoint, KpiListColumn, KpiOverview, KpiPatientDetail, KpiPatientPage, KpiRate, PatientBaseView } from '$shared/schemas/kpi';
export type { RollupBreakdowns, RollupKpis } from '$shared/domain/kpi/derive';

/** GET /kpi/overview and GET /kpi/patient-base take the clinic; all visible clinics without it. */
export type KpiRangeQuery = z.input<typeof kpiRangeQuerySchema>;
/**
 * Kept here: the query string as sent. kpiPatientsQuerySchema coerces `limit` from text, so its
 * input type is `unknown` and would not say what the dashboard sends.
 */
export type KpiPatientsQuery = { list: string; clinicId?: string; limit?: number; cursor?: string };

export type { ListedUnmatchedReply, ReplyOutcome, SimulatedReply, UnmatchedReply } from '$shared/schemas/sms-reply';
