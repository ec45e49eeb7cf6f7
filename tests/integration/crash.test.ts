/**
 * A crash loses nothing and sends nothing twice: each job runs in a process group of its own on
 * the suite's DynamoDB Local, is killed with SIGKILL mid-run, and then the restart's claim sweep
 * and the job's next run (as the scheduler would) finish the work. The twin's outbox is the
 * channel's record. Only claims caught in the channel window (handed to SMS, not recorded) may
 * differ, and those are reported apart: marketing as `unknown`, reminders and care resent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { StoredAutomationSettings } from '../../shared/schemas/automations.js';
import type { Patient } from '../../shared/schemas/patient.js';
import { addDays, addMonths } from '../../shared/domain/time.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';
import { claimsInWindow, countOutcome, runAndKill, type CrashJob } from '../support/crash-harness.js';

let twin: TestTwin;
let owner: string;
let n = 0;
const at = (day: string, hour: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const consents = { care: { granted: true, source: 'paper-form' }, marketing: { granted: true, source: 'paper-form' } };

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
  const current = (await twin.api<StoredAutomationSettings>('GET', '/automations', { token: owner })).body;
  const reactivation = { ...current.settings.reactivation, enabled: true, dailyLimit: 100, maxAttempts: 2, intervalDays: 30 };
  expect((await twin.api('PUT', '/automations', { token: owner, body: { version: current.version, settings: { ...current.settings, reactivation } } })).status).toBe(200);
}, 120_000);
afterAll(async () => twin?.stop());

const newPatient = async (): Promise<{ patient: Patient; e164: string }> => {
  const phone = `1391234${String(1000 + n++).padStart(4, '0')}`;
  const patient = (await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: '患者', phone, clinicId: twin.demo.jinganId, consents } })).body;
  return { patient, e164: `+86${phone}` };
};

const put = async (item: Record<string, unknown>) => {
  const { documentClient, tableName } = await import('../../functions/adapters/dynamo/client.js');
  await documentClient.send(new PutCommand({ TableName: tableName, Item: item }));
};

const dormantPatients = async (count: number, lastVisitDay: string) => {
  const { summaryItem } = await import('../../functions/adapters/dynamo/visit-repository.js');
  const planned = new Map<string, string>();
  for (let i = 0; i < count; i += 1) {
    const { patient, e164 } = await newPatient();
    const lastVisitAt = `${lastVisitDay}T02:00:00.000Z`;
    await put(summaryItem(twin.demo.tenantId, patient.patientId, { visitCount: 2, totalSpendFen: 1000_00 + i, firstVisitAt: lastVisitAt, lastVisitAt, lastVisitClinicId: twin.demo.jinganId, version: 1 }));
    planned.set(patient.patientId, e164);
  }
  return planned;
};

const recallPatients = async (count: number, dueDate: string) => {
  const { recallItem } = await import('../../functions/adapters/dynamo/visit-repository.js');
  const planned = new Map<string, string>();
  for (let i = 0; i < count; i += 1) {
    const { patient, e164 } = await newPatient();
    await put(recallItem(twin.demo.tenantId, patient.patientId, twin.demo.jinganId, { group: 'cleaning', dueDate, anchorDate: addDays(dueDate, -180), rule: { kind: 'interval', group: 'cleaning', months: 6 } }, 'VISIT0000000000000000000000'));
    planned.set(patient.patientId, e164);
  }
  return planned;
};

/** Kill mid-run, restart (sweep), run the job again; what reached the channel per patient. */
const crashAndRecover = async (job: CrashJob, now: Date, planned: ReadonlyMap<string, string>, killAfter: number) => {
  const tenantId = twin.demo.tenantId;
  const { killed } = await runAndKill(job, tenantId, now, killAfter);
  const inWindow = await claimsInWindow(tenantId);
  const { sweepClaims } = await import('../../functions/services/claim-recovery.js');
  const sweep = await sweepClaims(tenantId, { now: new Date(now.getTime() + 60_000), deadBefore: new Date(now.getTime() + 1000) });
  const runners = {
    reactivation: async () => (await import('../../functions/jobs/reactivation.js')).runReactivation(tenantId, now),
    recall: async () => (await import('../../functions/jobs/recall.js')).runRecall(tenantId, now),
    'appointment-reminders': async () => (await import('../../functions/jobs/appointment-reminders.js')).runAppointmentReminders(tenantId, now),
  };
  await runners[job]();
  const { listPatientLedger } = await import('../../functions/adapters/dynamo/send-ledger-repository.js');
  const statuses = (await Promise.all([...planned.keys()].map((id) => listPatientLedger(tenantId, id)))).flat().map((e) => e.status);
  return { killed, sweep, inWindow, statuses, count: await countOutcome(tenantId, planned, inWindow) };
};

describe('a crash mid-job', () => {
  it('reactivation (marketing): nothing lost, nothing twice, a claim in the channel window becomes unknown, attempts count once', async () => {
    const day = addDays(today(), 400);
    const planned = await dormantPatients(20, addMonths(day, -14));
    const result = await crashAndRecover('reactivation', at(day, 10), planned, 4);
    expect(result.killed).toBe(true);
    expect(result.count).toMatchObject({ lost: 0, duplicate: 0 });
    expect(result.statuses.filter((s) => s === 'claimed')).toEqual([]);
    expect(result.statuses.filter((s) => s === 'unknown')).toHaveLength(result.inWindow.size);
    // Every try counted exactly once: the next try waits the interval, not a doubled one.
    const { documentClient, tableName } = await import('../../functions/adapters/dynamo/client.js');
    const { patientSummaryEntity } = await import('../../functions/adapters/dynamo/entities/patient-summary.js');
    const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
    const attempts = await Promise.all([...planned.keys()].map(async (patientId) => (await documentClient.send(new GetCommand({ TableName: tableName, Key: patientSummaryEntity.key({ tenantId: twin.demo.tenantId, patientId }) }))).Item?.reactivation?.attempts));
    expect(attempts).toEqual([...planned.keys()].map(() => 1));
  });

  it('recall (care): nothing lost, nothing twice outside the channel window, no claim left', async () => {
    const due = addDays(today(), 60);
    const planned = await recallPatients(20, due);
    const result = await crashAndRecover('recall', at(addDays(due, -14), 10), planned, 4);
    expect(result.killed).toBe(true);
    expect(result.count).toMatchObject({ lost: 0, duplicate: 0 });
    expect(result.statuses.filter((s) => s === 'claimed' || s === 'unknown')).toEqual([]);
  });

  it('a claim never handed to the channel is sent by the sweep, and its attempt does not count twice', async () => {
    const [[patientId, e164] = ['', '']] = [...(await recallPatients(1, addDays(today(), 90)))];
    const { claimSend, listPatientLedger } = await import('../../functions/adapters/dynamo/send-ledger-repository.js');
    const now = at(addDays(today(), 76), 10);
    const key = { tenantId: twin.demo.tenantId, patientId, purpose: 'recall' as const, occasion: 'crash.manual' };
    await claimSend(key, twin.demo.jinganId, now.toISOString(), { template: '{name}您好', values: {}, ref: { kind: 'standing' } });
    const { sweepClaims } = await import('../../functions/services/claim-recovery.js');
    expect(await sweepClaims(twin.demo.tenantId, { now: new Date(now.getTime() + 20 * 60_000) })).toMatchObject({ stale: 1, resent: 1, sent: 1 });
    const [entry] = await listPatientLedger(twin.demo.tenantId, patientId, 'recall');
    expect(entry).toMatchObject({ status: 'sent', attempts: 1 });
    const { countOutcome: count } = await import('../support/crash-harness.js');
    expect(await count(twin.demo.tenantId, new Map([[patientId, e164]]), new Set())).toMatchObject({ lost: 0, duplicate: 0, sent: 1 });
    // Visible on the Messages page while it was claimed, and after.
    const page = (await twin.api<{ items: { patientId: string; status: string }[] }>('GET', '/messages?purpose=recall&limit=100', { token: owner })).body.items;
    expect(page.find((e) => e.patientId === patientId)?.status).toBe('sent');
  });
});
