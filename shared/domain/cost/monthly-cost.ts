/**
 * What a chain costs on AWS in a month (outside SMS), from its activity and the request units
 * each operation consumes. Pure: the bench feeds it units measured on DynamoDB Local, the API
 * feeds it this month's counts and the unit profile below.
 */
import { jobs } from '../../schedules.js';
import { awsPrices, type CognitoTier } from './aws-prices.js';

/** What a chain does in a month. */
export type ChainActivity = {
  clinics: number;
  patients: number;
  visits: number;
  messages: number;
  staff: number;
  /** patients added by hand or import */
  newPatients: number;
  /** staff API calls other than checkouts and patient creates (page loads, searches, edits) */
  staffReads: number;
  /** dashboard opens (index.html + its scripts) */
  dashboardLoads: number;
};

/** Units and durations per operation, as measured (bench) or as last measured (the profile below). */
export type UnitProfile = {
  checkout: { wcu: number; rcu: number };
  patientCreate: { wcu: number; rcu: number };
  /** one message through the send pipeline (claims, ledger index, outcome, KPI count) */
  message: { wcu: number; rcu: number };
  /** the average staff read (overview, lists, profile) */
  staffRead: { rcu: number; wcu: number };
  /** every scheduled job run once for one chain of `jobChainPatients` patients */
  jobsPerDay: { rcu: number; wcu: number; lambdaMs: number };
  jobChainPatients: number;
  /** base-table bytes per patient with three years of history (visits, ledger, rollups, audit):
   * what PITR and AWS Backup copy */
  baseBytesPerPatient: number;
  /** the index copies' bytes per patient: stored (and billed) but never backed up */
  indexBytesPerPatient: number;
  apiLambdaMs: number;
  /** gzip bytes of the dashboard's assets (hashed, cached by the browser for a year): fetched
   * once per staff member per release */
  dashboardAssetBytes: number;
  /** index.html, revalidated on every open (no-cache) */
  dashboardShellBytes: number;
  /** the average staff API response body */
  apiResponseBytes: number;
};

/** The deployment a chain shares: one stack, its alarms and job schedules, for many chains. */
export type Deployment = {
  /** chains per deployment: platform-wide costs (alarms, scheduled job invocations) are split by it */
  chains: number;
  /** metrics the stack's CloudWatch alarms watch: an alarm is billed per metric, so a metric-math
   * alarm summing ten functions' errors costs ten (infra/constructs/platform-alarms.ts, DLQ alarms) */
  alarms: number;
  /** scheduled job invocations a month, all jobs (shared/schedules.ts) */
  jobInvocations: number;
  lambdaMemoryMb: number;
  cognitoTier: CognitoTier;
  /** AWS Backup recovery points kept: none by default (PITR is the restore path); 5 (weekly, 35
   * days) with a copy region, which bills them again there (infra/constructs/table-backup.ts) */
  backupCopies: number;
  /** dashboard releases a month: each makes every staff browser fetch the new assets once */
  releasesPerMonth: number;
  /**
   * Share of API requests traced by X-Ray: 0 by default (tracing off, infra/config.ts); with
   * `-c tracing=active` about 1, since Lambda keeps the first request each second and a chain's
   * traffic stays well under one a second.
   */
  traceSampleRate: number;
};

export type CostItem = { name: string; usd: number; basis: string };

const perMillion = (count: number, price: number) => (count / 1_000_000) * price;
const gb = (bytes: number) => bytes / 1024 ** 3;
const daysPerMonth = 30;
/** Log bytes per API request and per job run (one structured line each, plus the access log line). */
const logBytesPerRequest = 700;

/** Each line of the bill. Amounts are unrounded; callers round for display. */
export const monthlyCostItems = (activity: ChainActivity, units: UnitProfile, deployment: Deployment): CostItem[] => {
  const p = awsPrices;
  const jobScale = activity.patients / Math.max(1, units.jobChainPatients);
  const wcu = activity.visits * units.checkout.wcu + activity.newPatients * units.patientCreate.wcu + activity.messages * units.message.wcu
    + activity.staffReads * units.staffRead.wcu + daysPerMonth * units.jobsPerDay.wcu * jobScale;
  const rcu = activity.visits * units.checkout.rcu + activity.newPatients * units.patientCreate.rcu + activity.messages * units.message.rcu
    + activity.staffReads * units.staffRead.rcu + daysPerMonth * units.jobsPerDay.rcu * jobScale;
  const baseGb = gb(activity.patients * units.baseBytesPerPatient);
  const indexGb = gb(activity.patients * units.indexBytesPerPatient);
  const apiRequests = activity.visits + activity.newPatients + activity.staffReads;
  const jobShare = deployment.jobInvocations / deployment.chains;
  const gbSeconds = (deployment.lambdaMemoryMb / 1024) * (apiRequests * units.apiLambdaMs + daysPerMonth * units.jobsPerDay.lambdaMs * jobScale) / 1000;
  const assetFetches = activity.staff * deployment.releasesPerMonth;
  const cdnGb = gb(assetFetches * units.dashboardAssetBytes + activity.dashboardLoads * units.dashboardShellBytes + apiRequests * units.apiResponseBytes);
  // Each open revalidates index.html; the ~6 hashed files come from the browser's cache except
  // after a release. The API goes through the same distribution (/api).
  const s3Gets = activity.dashboardLoads + assetFetches * 6;
  const cdnRequests = s3Gets + apiRequests;
  const logsGb = gb((apiRequests + jobShare) * logBytesPerRequest * 2);
  return [
    { name: 'dynamodb.writes', usd: perMillion(wcu, p.dynamodb.writeRequestUnitsPerMillion), basis: `${Math.round(wcu)} WRU` },
    { name: 'dynamodb.reads', usd: perMillion(rcu, p.dynamodb.readRequestUnitsPerMillion), basis: `${Math.round(rcu)} RRU` },
    { name: 'dynamodb.storage', usd: (baseGb + indexGb) * p.dynamodb.storagePerGbMonth, basis: `${baseGb.toFixed(3)} GB table + ${indexGb.toFixed(3)} GB index copies` },
    // PITR and AWS Backup are priced on the base table only: index copies are rebuilt on restore.
    {
      name: 'dynamodb.pitr+backup',
      usd: baseGb * (p.dynamodb.pitrPerGbMonth + deployment.backupCopies * p.dynamodb.backupPerGbMonth),
      basis: `${baseGb.toFixed(3)} GB table, PITR, ${deployment.backupCopies} weekly recovery points`,
    },
    { name: 'lambda.requests', usd: perMillion(apiRequests + jobShare, p.lambda.requestsPerMillion), basis: `${apiRequests} API + ${Math.round(jobShare)} job invocations (share)` },
    { name: 'lambda.compute', usd: gbSeconds * p.lambda.perGbSecondArm, basis: `${Math.round(gbSeconds)} GB-s at ${deployment.lambdaMemoryMb} MB, arm64` },
    { name: 'api-gateway.http', usd: perMillion(apiRequests, p.httpApiPerMillion), basis: `${apiRequests} requests` },
    // Checkouts with a care message due put one "run now" event; scheduled rules are free.
    { name: 'eventbridge.events', usd: perMillion(activity.visits, p.eventBridgeEventsPerMillion), basis: `${activity.visits} events` },
    // Staff alerts topic: the daily summary and alerts, to each clinic's owner/manager by email.
    { name: 'sns.staff-alerts', usd: perMillion(daysPerMonth * 2, p.sns.publishesPerMillion) + (daysPerMonth * 2 * activity.clinics / 100_000) * p.sns.emailDeliveriesPer100k, basis: 'daily summary and alerts, email' },
    { name: 'cloudfront+s3.dashboard', usd: cdnGb * p.cloudFront.perGbOut + (cdnRequests / 10_000) * p.cloudFront.httpsRequestsPer10k + (s3Gets / 1000) * p.s3.getRequestsPer1000, basis: `${cdnGb.toFixed(3)} GB, ${cdnRequests} requests` },
    { name: `cognito.${deployment.cognitoTier}`, usd: activity.staff * p.cognitoPerMau[deployment.cognitoTier], basis: `${activity.staff} MAU` },
    // Alarms watch the whole deployment (shared infra), so a chain pays its share of one set.
    { name: 'cloudwatch.alarms', usd: (deployment.alarms * p.cloudWatch.alarmPerMonth) / deployment.chains, basis: `${deployment.alarms} alarm metrics / ${deployment.chains} chains` },
    { name: 'cloudwatch.logs', usd: logsGb * (p.cloudWatch.logsIngestPerGb + p.cloudWatch.logsStoragePerGbMonth * 3), basis: `${logsGb.toFixed(4)} GB, kept 3 months` },
    { name: 'xray.traces', usd: perMillion(apiRequests * deployment.traceSampleRate, p.xray.tracesRecordedPerMillion), basis: `${Math.round(apiRequests * deployment.traceSampleRate)} traces` },
  ];
};

export const totalUsd = (items: readonly CostItem[]): number => items.reduce((sum, item) => sum + item.usd, 0);

/** The reference chain of issue 10: 3 clinics, 10,000 patients, 1,000 visits and 5,000 messages a month, 20 staff. */
export const referenceChain: ChainActivity = {
  clinics: 3,
  patients: 10_000,
  visits: 1_000,
  messages: 5_000,
  staff: 20,
  newPatients: 300,
  // 20 staff, 22 working days, ~120 calls a day each (the dashboard reloads lists as they work).
  staffReads: 20 * 22 * 120,
  dashboardLoads: 20 * 22 * 2,
};

/** Runs a day of an EventBridge cron whose minutes and hours fields are lists or `*` (all ours are). */
export const runsPerDay = (cron: string): number => {
  const [minutes = '0', hours = '*'] = cron.replace(/^cron\(|\)$/g, '').split(' ');
  const count = (field: string, all: number) => (field === '*' ? all : field.split(',').length);
  return count(minutes, 60) * count(hours, 24);
};

/** Every chain of 50 in one deployment (an assumption: the platform's first year). */
export const referenceDeployment: Deployment = {
  chains: 50,
  // tests/infra/operations.test.ts keeps this equal to the metrics the stack's alarms watch.
  alarms: 35,
  jobInvocations: 30 * jobs.reduce((sum, job) => sum + (job.schedule ? runsPerDay(job.schedule) : 0), 0),
  lambdaMemoryMb: 512,
  cognitoTier: 'lite',
  // tests/infra/operations.test.ts keeps this equal to the default stack's plan: none, PITR only.
  backupCopies: 0,
  releasesPerMonth: 4,
  traceSampleRate: 0,
};

/**
 * The units as last measured by `npm run bench` (metric monthly_cost_usd_reference_chain),
 * for estimates made inside the API, which cannot measure. Refresh them from the bench output.
 */
export const measuredUnitProfile: UnitProfile = {
  checkout: { wcu: 14, rcu: 4 },
  patientCreate: { wcu: 5, rcu: 1 },
  message: { wcu: 12, rcu: 3 },
  staffRead: { rcu: 1.5, wcu: 0 },
  jobsPerDay: { rcu: 7_232, wcu: 7_733, lambdaMs: 61_900 },
  jobChainPatients: 5_000,
  baseBytesPerPatient: 7_568,
  indexBytesPerPatient: 6_561,
  apiLambdaMs: 9,
  dashboardAssetBytes: 250_000,
  dashboardShellBytes: 1_500,
  apiResponseBytes: 991,
};

/** SMS spend: AWS SNS to +86, one part per message (texts are kept within 70 characters). */
export const smsSpendUsd = (messagesSent: number): number => messagesSent * awsPrices.smsToChinaPerMessage;

/** What a chain did so far this month, from its own records (KPI rollups, patient counts, staff). */
export type MonthToDate = {
  clinics: number;
  patients: number;
  staff: number;
  visits: number;
  newPatients: number;
  messagesSent: number;
  /** days of the month elapsed (today included) and in the month */
  dayOfMonth: number;
  daysInMonth: number;
};

export type ChainCostEstimate = {
  items: CostItem[];
  totalUsd: number;
  smsSpendUsd: number;
  messagesSent: number;
  projected: ChainActivity;
};

/**
 * This chain's AWS cost this month, estimated: the month so far projected to its end at the same
 * pace, priced with the last measured unit profile. Staff use is assumed as in the reference
 * chain (22 working days, ~120 calls and 2 dashboard opens a day each). SMS spend is the messages
 * sent so far at the list price per message.
 */
export const estimateChainCost = (month: MonthToDate, units: UnitProfile = measuredUnitProfile, deployment: Deployment = referenceDeployment): ChainCostEstimate => {
  const pace = month.daysInMonth / Math.max(1, Math.min(month.dayOfMonth, month.daysInMonth));
  const projected: ChainActivity = {
    clinics: month.clinics,
    patients: month.patients,
    visits: Math.round(month.visits * pace),
    messages: Math.round(month.messagesSent * pace),
    staff: month.staff,
    newPatients: Math.round(month.newPatients * pace),
    staffReads: month.staff * 22 * 120,
    dashboardLoads: month.staff * 22 * 2,
  };
  const items = monthlyCostItems(projected, units, deployment).map((item) => ({ ...item, usd: Math.round(item.usd * 10_000) / 10_000 }));
  return { items, totalUsd: Math.round(totalUsd(items) * 100) / 100, smsSpendUsd: Math.round(smsSpendUsd(month.messagesSent) * 100) / 100, messagesSent: month.messagesSent, projected };
};
