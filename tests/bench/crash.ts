/**
 * crash_lost_messages / crash_duplicate_messages (goal 0 and 0) over at least 10 crashes:
 * reactivation (marketing) and recall (care) each killed with SIGKILL, process group and all,
 * at a random moment (seeded) within the job's run, then the restart's claim sweep and the next
 * run. The moment is drawn over the length of an uncrashed run of the same size, measured first:
 * killing when a new SMS appears (as before) always landed inside the channel window and
 * inflated the unknown count. A run that ends before its moment is not a crash and is not
 * counted; runs go on until 10 crashes (at most 20 runs).
 * crash_unknown_messages: claims caught in the channel window (handed to SMS, not recorded),
 * the one window SNS cannot close, reported on their own.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalUser } from '../../functions/adapters/identity/local-identity.js';
import { addDays, addMonths } from '../../shared/domain/time.js';
import { claimsInWindow, countOutcome, runAndKill, type CrashJob } from '../support/crash-harness.js';

type Emit = (metric: string, value: number, unit: string, extra?: Record<string, unknown>) => void;

const crashes = 10;
const maxRuns = 20;
const seed = 20261204;

/** mulberry32: the same kill moments on every run of the bench. */
const seeded = (state: number) => () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const patientsPerCrash = 10;
const at = (day: string, hour: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);

export const measureCrashes = async (owner: LocalUser, emit: Emit): Promise<void> => {
  const { documentClient, tableName } = await import('../../functions/adapters/dynamo/client.js');
  const { listClinics } = await import('../../functions/adapters/dynamo/org-repository.js');
  const { createPatient } = await import('../../functions/services/patient-service.js');
  const { summaryItem, recallItem } = await import('../../functions/adapters/dynamo/visit-repository.js');
  const { getAutomationSettings, saveAutomationSettings } = await import('../../functions/adapters/dynamo/automation-settings-repository.js');
  const { sweepClaims } = await import('../../functions/services/claim-recovery.js');
  const { runReactivation } = await import('../../functions/jobs/reactivation.js');
  const { runRecall } = await import('../../functions/jobs/recall.js');
  const { patientCreateSchema } = await import('../../shared/schemas/patient.js');
  const tenantId = owner.tenantId;
  const caller = { userId: owner.userId, email: owner.email, tenantId, role: 'owner' as const, clinicScope: 'all' as const };
  const clinicId = (await listClinics(tenantId))[0]?.clinicId ?? '';
  // The chain's settings as a new chain has them (the fuzz before this ran valid edits on the demo
  // chain: it may have switched recall off, moved the marketing window or routed recall to WeChat,
  // and every message would then be skipped and counted lost), with reactivation on.
  const { defaultAutomationSettings } = await import('../../shared/schemas/automations.js');
  const { getChannelSettings, saveChannelSettings } = await import('../../functions/adapters/dynamo/channel-settings-repository.js');
  const defaults = defaultAutomationSettings();
  const stored = await getAutomationSettings(tenantId);
  await saveAutomationSettings(tenantId, { ...defaults, reactivation: { ...defaults.reactivation, enabled: true, dailyLimit: 100 } }, stored.version, owner.userId, new Date().toISOString());
  const channels = await getChannelSettings(tenantId);
  await saveChannelSettings(tenantId, { ...channels, settings: { providers: {}, templates: [], routing: {} } }, channels.version, owner.userId);
  const consents = { care: { granted: true, source: 'paper-form' }, marketing: { granted: true, source: 'paper-form' } };

  let phone = 0;
  const plan = async (job: CrashJob, day: string): Promise<Map<string, string>> => {
    const due = addDays(day, 14);
    const planned = new Map<string, string>();
    for (let p = 0; p < patientsPerCrash; p += 1) {
      const number = `1351${String(10_000_000 + phone++).slice(1)}`;
      const patient = await createPatient(caller, patientCreateSchema.parse({ name: '崩溃基准', phone: number, clinicId, consents }));
      const lastVisitAt = `${addMonths(day, -14)}T02:00:00.000Z`;
      const item = job === 'reactivation'
        ? summaryItem(tenantId, patient.patientId, { visitCount: 2, totalSpendFen: 500_00 + p, firstVisitAt: lastVisitAt, lastVisitAt, lastVisitClinicId: clinicId, version: 1 })
        : recallItem(tenantId, patient.patientId, clinicId, { group: 'cleaning', dueDate: due, anchorDate: addDays(due, -180), rule: { kind: 'interval', group: 'cleaning', months: 6 } }, 'VISIT0000000000000000000000');
      await documentClient.send(new PutCommand({ TableName: tableName, Item: item }));
      planned.set(patient.patientId, `+86${number}`);
    }
    return planned;
  };
  const jobs: CrashJob[] = ['reactivation', 'recall'];
  // Each run on a day of its own, far from the demo's data, with patients of its own.
  let dayIndex = 0;
  const nextDay = () => addDays('2031-01-05', 40 * dayIndex++);
  // How long an uncrashed run of each job takes, from the worker's start of the job to its end.
  const runMs = new Map<CrashJob, number>();
  for (const job of jobs) {
    const day = nextDay();
    await plan(job, day);
    runMs.set(job, (await runAndKill(job, tenantId, at(day, 10), { when: async () => false })).ranMs);
  }
  const random = seeded(seed);
  const total = { lost: 0, duplicate: 0, unknown: 0, killed: 0, runs: 0 };
  const lostBy: Record<string, number> = {};
  const lostUncrashed = { count: 0 };
  while (total.killed < crashes && total.runs < maxRuns) {
    const job = jobs[total.runs % jobs.length] ?? 'recall';
    total.runs += 1;
    const day = nextDay();
    const planned = await plan(job, day);
    const now = at(day, 10);
    const { killed } = await runAndKill(job, tenantId, now, { atMs: random() * (runMs.get(job) ?? 0) });
    const inWindow = await claimsInWindow(tenantId);
    await sweepClaims(tenantId, { now: new Date(now.getTime() + 60_000), deadBefore: new Date(now.getTime() + 1000) });
    await (job === 'reactivation' ? runReactivation(tenantId, now) : runRecall(tenantId, now));
    const count = await countOutcome(tenantId, planned, inWindow);
    total.lost += count.lost;
    lostBy[job] = (lostBy[job] ?? 0) + count.lost;
    if (!killed) lostUncrashed.count += count.lost;
    total.duplicate += count.duplicate;
    total.unknown += count.unknown;
    total.killed += killed ? 1 : 0;
  }
  const extra = { crashes: total.killed, runs: total.runs, messagesPerRun: patientsPerCrash, seed, run_ms: Object.fromEntries([...runMs].map(([k, v]) => [k, Math.round(v)])) };
  emit('crash_lost_messages', total.lost, 'messages', { ...extra, lost_by_job: lostBy, lost_in_runs_not_crashed: lostUncrashed.count, goal: 0 });
  emit('crash_duplicate_messages', total.duplicate, 'messages', { ...extra, goal: 0 });
  emit('crash_unknown_messages', total.unknown, 'messages', { ...extra, note: 'handed to the channel, not recorded: marketing marked unknown, care resent' });
  emit('crash_count', total.killed, 'crashes', { runs: total.runs, goal: crashes });
};
