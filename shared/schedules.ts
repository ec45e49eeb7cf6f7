/**
 * Jobs, their schedules and the event rules that start them: one table read by the CDK stack
 * (EventBridge rules targeting one Lambda per job) and by the local scheduler and bus.
 * Cron expressions use EventBridge syntax (minutes hours day-of-month month day-of-week year),
 * always in UTC; jobs work out each clinic's local day from its IANA time zone.
 */
export const jobNames = [
  'patient-counts', 'import-runner', 'task-escalation', 'appointment-reminders', 'message-retries',
  'care-messages', 'recall', 'reactivation', 'greetings', 'installment-reminders', 'staff-summary',
  'patient-metrics', 'claim-sweep', 'member-messages', 'campaign-runner',
  'campaign-triggers',
  'member-events',
  'stock-alerts',
] as const;
export type JobName = (typeof jobNames)[number];

export type JobDefinition = {
  name: JobName;
  description: string;
  /** EventBridge cron, UTC. Day-of-week, when used, is written by name (MON) so that
   * EventBridge (1 = SUN) and the local scheduler (0 = SUN) cannot disagree. Absent for jobs
   * that only events start (the import runner). */
  schedule?: string;
  timeoutSeconds: number;
  /** The job puts events on the Smileloop bus (its next step): it gets the bus name and PutEvents. */
  putsEvents?: boolean;
  /** The job texts patients (sendSms): only these may sns:Publish to a phone number. */
  sendsSms?: boolean;
  /** 'no-delete': the job only puts and updates items (PutItem/UpdateItem), never deletes or
   * batch-writes (a BatchWriteItem grant would allow deletes too). Default: read-write. */
  tableWrites?: 'no-delete';
};

export const jobs: JobDefinition[] = [
  {
    name: 'patient-counts',
    description: 'Nightly patient counts per clinic and acquisition channel (02:00 Asia/Shanghai)',
    schedule: 'cron(0 18 * * ? *)',
    timeoutSeconds: 300,
  },
  {
    name: 'patient-metrics',
    description: 'Nightly patient-base metrics per chain and clinic (active/at-risk/dormant, retention, RFM, funnel, LTV, recall compliance, cohorts, heatmap) with the patient lists behind them (02:30 Asia/Shanghai)',
    schedule: 'cron(30 18 * * ? *)',
    timeoutSeconds: 900,
    // Writes snapshots and folds fact deltas (puts and conditional updates; folded deltas leave
    // by TTL): an overwrite is its whole job, a delete never is.
    tableWrites: 'no-delete',
    // The scheduled run puts one run event per chain (fan-out, retried per chain).
    putsEvents: true,
  },
  {
    name: 'appointment-reminders',
    description: 'Every 15 minutes: reminders the evening before (from 18:00 clinic time) and two hours before each booked appointment',
    schedule: 'cron(0,15,30,45 * * * ? *)',
    timeoutSeconds: 300,
    sendsSms: true,
  },
  {
    name: 'message-retries',
    description: 'Every 15 minutes: sends deferred by quiet hours or failed at SNS are tried again once due',
    schedule: 'cron(5,20,35,50 * * * ? *)',
    timeoutSeconds: 300,
    sendsSms: true,
  },
  {
    name: 'care-messages',
    description: 'Every 15 minutes (and right after each checkout): post-treatment care messages and the care pathway\'s later messages as they fall due',
    schedule: 'cron(2,17,32,47 * * * ? *)',
    timeoutSeconds: 300,
    sendsSms: true,
  },
  {
    name: 'recall',
    description: 'Hourly: recall messages 14 and 7 days (per chain settings) before each recall falls due, from the due-recall index; skipped when an appointment is booked',
    schedule: 'cron(10 * * * ? *)',
    timeoutSeconds: 600,
    sendsSms: true,
  },
  {
    name: 'reactivation',
    description: 'Daily 10:30 Asia/Shanghai: dormant patients (no visit for 12 months, per chain settings), highest past value first, in checkpointed batches',
    schedule: 'cron(30 2 * * ? *)',
    timeoutSeconds: 600,
    sendsSms: true,
  },
  {
    name: 'greetings',
    description: 'Hourly: birthday greetings on the day in each clinic\'s zone and the chain\'s holiday messages, from the birthday index, in checkpointed batches',
    schedule: 'cron(40 * * * ? *)',
    timeoutSeconds: 600,
    sendsSms: true,
  },
  {
    name: 'installment-reminders',
    description: 'Hourly: reminders a few days (per chain settings) before each installment part falls due, from the due-installment index',
    schedule: 'cron(20 * * * ? *)',
    timeoutSeconds: 300,
    sendsSms: true,
  },
  {
    name: 'member-messages',
    description: 'Daily 10:00 Asia/Shanghai: membership renewal reminders (45 and 7 days before the end, per chain settings) and the lapse notice, unused-benefit nudges, and on the 1st the monthly check-up reminder, from the membership end-date index',
    schedule: 'cron(0 2 * * ? *)',
    timeoutSeconds: 600,
    sendsSms: true,
  },
  {
    name: 'staff-summary',
    description: 'Daily 08:00 Asia/Shanghai: yesterday\'s visits, revenue, messages and overdue tasks to the owners on the staff-alerts topic',
    schedule: 'cron(0 0 * * ? *)',
    timeoutSeconds: 300,
  },
  {
    name: 'task-escalation',
    description: 'Hourly: follow-up calls overdue by a day or more go to the clinic manager',
    schedule: 'cron(15 * * * ? *)',
    timeoutSeconds: 300,
  },
  {
    name: 'claim-sweep',
    description: 'Every 5 minutes: sends claimed by a run that crashed are resolved (sent, or marked unknown when they may have reached SMS) and imports whose heartbeat stopped are continued',
    schedule: 'cron(3,8,13,18,23,28,33,38,43,48,53,58 * * * ? *)',
    timeoutSeconds: 300,
    sendsSms: true,
    // Continuing a stalled import puts its next chunk's event.
    putsEvents: true,
  },
  {
    name: 'import-runner',
    description: 'Spreadsheet imports, one chunk of rows per invocation; each chunk puts the event for the next',
    timeoutSeconds: 120,
    putsEvents: true,
  },
  {
    name: 'campaign-runner',
    description: 'Every 5 minutes: campaigns due (send now, at their time, or their monthly day) start, and runs in progress continue page by page inside their sending hours',
    // The same table drives the cloud rule and the twin's scheduler; a campaign "at" a time starts
    // within 5 minutes of it, and a run longer than one invocation continues at the next tick.
    schedule: 'cron(1,6,11,16,21,26,31,36,41,46,51,56 * * * ? *)',
    timeoutSeconds: 900,
    sendsSms: true,
  },
  {
    name: 'campaign-triggers',
    description: 'Triggered campaigns: a trigger event (checkout, survey, lead converted, membership sold or lapsed) enrolls a patient of the segment once per record; every 5 minutes messages past their delay are sent',
    schedule: 'cron(4,9,14,19,24,29,34,39,44,49,54,59 * * * ? *)',
    timeoutSeconds: 300,
    sendsSms: true,
  },
  {
    name: 'member-events',
    description: 'Every 5 minutes: member events (会员活动) — invitations a week before, the answers to sign-up replies (报名回1, waiting list), reminders the day before to those signed up, feedback surveys to attendees within 24 hours after',
    // The replies function never publishes SMS: its answers wait at most one tick here.
    // Two minutes off the campaign triggers' ticks, so the two jobs do not start together.
    schedule: 'cron(2,7,12,17,22,27,32,37,42,47,52,57 * * * ? *)',
    timeoutSeconds: 600,
    sendsSms: true,
  },
  {
    name: 'stock-alerts',
    description: 'Daily 08:30 Asia/Shanghai: consumables with less than three days of use left at the last 30 days\' rate, per clinic, to the staff-alerts topic and the Consumables page',
    schedule: 'cron(30 0 * * ? *)',
    timeoutSeconds: 300,
    // Reads items and levels and writes the day's alert claim (a put; released only when publishing fails).
  },
];

/** The event that asks the import runner for one chunk of an import (the API puts chunk 0). */
export const importChunkEvent = { source: 'smileloop.imports', detailType: 'Import Chunk Requested' } as const;

export type ImportChunkDetail = { tenantId: string; importId: string; runId: string; chunk: number };

/** Source and detail-type of the event the API puts on the bus to run a job now. */
export const runJobEvent = { source: 'smileloop.api', detailType: 'Job Run Requested' } as const;

export type RunJobDetail = { job: JobName; tenantId: string; requestedBy: string };

/**
 * Put by checkout once the visit is recorded and a care message is due at once: the
 * care-messages job runs for that chain right away (its schedule is the safety net). Ids only;
 * the patient and visit let the job read that visit's messages without waiting for the index.
 */
export const visitCheckedOutEvent = { source: 'smileloop.visits', detailType: 'Visit Checked Out' } as const;

export type VisitCheckedOutDetail = {
  tenantId: string;
  patientId: string;
  visitId: string;
  /** when the visit was checked out (triggered campaigns date their delay from it) */
  at?: string;
  /** a care message is due at once: only then does the care-messages rule run the job */
  careDue?: boolean;
};

/**
 * Put when staff move or cancel a booked appointment: the reminders job tells the patient (a change
 * or cancellation notice) within seconds instead of at its next run. Ids only; the job re-reads
 * the appointment and its reminders, and the version says which change this was.
 */
export const appointmentChangedEvent = { source: 'smileloop.appointments', detailType: 'Appointment Changed' } as const;

export type AppointmentChangedDetail = { tenantId: string; patientId: string; appointmentId: string; version: number };

/**
 * Put after a stored-value debit commits: the members' job decides the low-balance notice, so the
 * wallet's API function never publishes SMS itself. The balance is the one the debit left.
 */
export const storedValueDebitedEvent = { source: 'smileloop.wallet', detailType: 'Stored Value Debited' } as const;

export type StoredValueDebitedDetail = { tenantId: string; patientId: string; debitedFen: number; balanceAfterFen: number };

/** Put once a survey is answered (public link): triggered campaigns read the 推荐意愿 as `score` (0–10). */
export const surveyAnsweredEvent = { source: 'smileloop.surveys', detailType: 'Survey Answered' } as const;
export type SurveyAnsweredDetail = { tenantId: string; patientId: string; surveyId: string; score: number; at: string };

/** Put once a lead became a patient. */
export const leadConvertedEvent = { source: 'smileloop.leads', detailType: 'Lead Converted' } as const;
export type LeadConvertedDetail = { tenantId: string; patientId: string; leadId: string; at: string };

/** Put once a membership is sold (the holder is the patient). */
export const membershipSoldEvent = { source: 'smileloop.members', detailType: 'Membership Sold' } as const;
export type MembershipSoldDetail = { tenantId: string; patientId: string; membershipId: string; at: string };

/** Put when a membership's term ends without renewal (the holder is the patient). */
export const membershipLapsedEvent = { source: 'smileloop.members', detailType: 'Membership Lapsed' } as const;
export type MembershipLapsedDetail = { tenantId: string; patientId: string; membershipId: string; at: string };

/**
 * Campaigns "at" a time (schedule.kind 'at'), in the cloud: one EventBridge Scheduler one-time
 * schedule per campaign, named with this prefix in the stack's own group, invoking the campaign
 * runner with this event for the campaign's chain. The runner's 5-minute rule stays the safety net.
 */
export const campaignSchedules = { namePrefix: 'campaign-', groupOf: (stage: string) => `smileloop-${stage}-campaigns` } as const;
export const campaignDueEvent = { source: 'smileloop.scheduler', detailType: 'Campaign Due' } as const;
export type CampaignDueDetail = { tenantId: string; campaignId: string };

export type EventRuleDefinition = {
  id: string;
  pattern: { source: string[]; 'detail-type': string[]; detail?: Record<string, unknown[]> };
  target: JobName;
};

/**
 * One rule per job so that "run now" reaches the same handler the schedule does (for the import
 * runner, "run now" resumes the chain's stalled imports), then the rules of event-driven jobs.
 * Marked pure: a function that reads only an event's name leaves the jobs' table out of its bundle.
 */
export const eventRules: EventRuleDefinition[] = /* @__PURE__ */ (() => [
  ...jobs.map((job) => ({
    id: `RunNow-${job.name}`,
    pattern: { source: [runJobEvent.source], 'detail-type': [runJobEvent.detailType], detail: { job: [job.name] } },
    target: job.name,
  })),
  { id: 'ImportChunk-import-runner', pattern: { source: [importChunkEvent.source], 'detail-type': [importChunkEvent.detailType] }, target: 'import-runner' },
  // Every checkout puts the event (triggered campaigns listen to all); care runs only when one is due.
  { id: 'VisitCheckedOut-care-messages', pattern: { source: [visitCheckedOutEvent.source], 'detail-type': [visitCheckedOutEvent.detailType], detail: { careDue: [true] } }, target: 'care-messages' },
  { id: 'StoredValueDebited-member-messages', pattern: { source: [storedValueDebitedEvent.source], 'detail-type': [storedValueDebitedEvent.detailType] }, target: 'member-messages' },
  { id: 'AppointmentChanged-appointment-reminders', pattern: { source: [appointmentChangedEvent.source], 'detail-type': [appointmentChangedEvent.detailType] }, target: 'appointment-reminders' },
  { id: 'VisitCheckedOut-campaign-triggers', pattern: { source: [visitCheckedOutEvent.source], 'detail-type': [visitCheckedOutEvent.detailType] }, target: 'campaign-triggers' },
  { id: 'SurveyAnswered-campaign-triggers', pattern: { source: [surveyAnsweredEvent.source], 'detail-type': [surveyAnsweredEvent.detailType] }, target: 'campaign-triggers' },
  { id: 'LeadConverted-campaign-triggers', pattern: { source: [leadConvertedEvent.source], 'detail-type': [leadConvertedEvent.detailType] }, target: 'campaign-triggers' },
  { id: 'MembershipSold-campaign-triggers', pattern: { source: [membershipSoldEvent.source], 'detail-type': [membershipSoldEvent.detailType] }, target: 'campaign-triggers' },
  { id: 'MembershipLapsed-campaign-triggers', pattern: { source: [membershipLapsedEvent.source], 'detail-type': [membershipLapsedEvent.detailType] }, target: 'campaign-triggers' },
])();

/** The bus of the default stage (and of the local twin); another stage's bus adds its name. */
export const busName = 'smileloop';
