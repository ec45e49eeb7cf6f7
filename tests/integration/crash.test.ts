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
import { claimsInWindow, countOutcome, runAndKill } from '../support/crash-harness.js';
import type { Caller } from '../../shared/domain/access.js';
import type { Appointment } from '../../shared/schemas/appointment.js';
import type { Procedure } from '../../shared/schemas/catalog.js';
import type { ImportView } from '../../shared/schemas/imports.js';

let twin: TestTwin;
let owner: string;
let ownerCaller: Caller;
let n = 0;
const at = (day: string, hour: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const consents = { care: { granted: true, source: 'paper-form' }, marketing: { granted: true, source: 'paper-form' } };

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
  const { verifyLocalUser } = await import('../../functions/adapters/identity/local-identity.js');
  const user = await verifyLocalUser('owner@demo.local', 'demo');
  if (!user) throw new Error('demo owner missing');
  ownerCaller = { userId: user.userId, email: user.email, tenantId: user.tenantId, role: 'owner', clinicScope: 'all' };
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
type MessageJob = 'reactivation' | 'recall' | 'appointment-reminders';
const crashAndRecover = async (job: MessageJob, now: Date, planned: ReadonlyMap<string, string>, killAfter: number) => {
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
  const entries = (await Promise.all([...planned.keys()].map((id) => listPatientLedger(tenantId, id)))).flat();
  const statuses = entries.map((e) => e.status);
  const unknownPatients = new Set(entries.filter((e) => e.status === 'unknown').map((e) => e.patientId));
  return { killed, sweep, inWindow, statuses, unknownPatients, count: await countOutcome(tenantId, planned, inWindow) };
};

describe('a crash mid-job', () => {
  it('reactivation (marketing): nothing lost, nothing twice, a claim in the channel window becomes unknown, attempts count once', async () => {
    const day = addDays(today(), 400);
    const planned = await dormantPatients(20, addMonths(day, -14));
    const result = await crashAndRecover('reactivation', at(day, 10), planned, 4);
    expect(result.killed).toBe(true);
    expect(result.count).toMatchObject({ lost: 0, duplicate: 0 });
    expect(result.statuses.filter((s) => s === 'claimed')).toEqual([]);
    // Only a claim the crash left in the channel window may end unknown (never resent, never lost).
    // Its count can be below the window's: a claim whose publish had not begun may be settled by the rerun.
    expect([...result.unknownPatients].filter((id) => !result.inWindow.has(id))).toEqual([]);
    expect(result.statuses.every((s) => s === 'sent' || s === 'unknown')).toBe(true);
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

  it('a care claim a crash left (the claim is its own handing marker) is sent again by the sweep and listed with its outcome', async () => {
    const [[patientId, e164] = ['', '']] = [...(await recallPatients(1, addDays(today(), 90)))];
    const { claimSend, listPatientLedger } = await import('../../functions/adapters/dynamo/send-ledger-repository.js');
    const now = at(addDays(today(), 76), 10);
    const key = { tenantId: twin.demo.tenantId, patientId, purpose: 'recall' as const, occasion: 'crash.manual' };
    await claimSend(key, twin.demo.jinganId, now.toISOString(), { template: '{name}您好', values: {}, ref: { kind: 'standing' } });
    const { sweepClaims } = await import('../../functions/services/claim-recovery.js');
    expect(await sweepClaims(twin.demo.tenantId, { now: new Date(now.getTime() + 20 * 60_000) })).toMatchObject({ stale: 1, resent: 1, sent: 1 });
    const [entry] = await listPatientLedger(twin.demo.tenantId, patientId, 'recall');
    // The crashed attempt counts: it may have reached the channel.
    expect(entry).toMatchObject({ status: 'sent', attempts: 2 });
    const { countOutcome: count } = await import('../support/crash-harness.js');
    expect(await count(twin.demo.tenantId, new Map([[patientId, e164]]), new Set())).toMatchObject({ lost: 0, duplicate: 0, sent: 1 });
    // Listed on the Messages page with its outcome (the claim entered the list; the outcome is read by key).
    const page = (await twin.api<{ items: { patientId: string; status: string }[] }>('GET', '/messages?purpose=recall&limit=100', { token: owner })).body.items;
    expect(page.find((e) => e.patientId === patientId)?.status).toBe('sent');
  });

  it('a claim stored in the old shape (in the retry index, no handing marker, not listed) is swept and its attempt does not count twice', async () => {
    const [[patientId] = ['']] = [...(await recallPatients(1, addDays(today(), 91)))];
    const { claimSend, listPatientLedger, staleClaimMinutes } = await import('../../functions/adapters/dynamo/send-ledger-repository.js');
    const { sendLedgerEntity } = await import('../../functions/adapters/dynamo/entities/send-ledger.js');
    const { documentClient, tableName } = await import('../../functions/adapters/dynamo/client.js');
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const now = at(addDays(today(), 77), 10);
    const key = { tenantId: twin.demo.tenantId, patientId, purpose: 'recall' as const, occasion: 'crash.old-shape' };
    await claimSend(key, twin.demo.jinganId, now.toISOString(), { template: '{name}您好', values: {}, ref: { kind: 'standing' } });
    // The old shape: in the retry index at its sweep time, no handing marker, not in the lists' index.
    const { retryDue, byPurpose } = sendLedgerEntity.indexes;
    const sweepAt = new Date(now.getTime() + staleClaimMinutes * 60_000).toISOString();
    const old = retryDue.set({ pk: retryDue.pk.fill(key), sk: retryDue.sk.fill({ ...key, retryAt: sweepAt }) });
    await documentClient.send(new UpdateCommand({ TableName: tableName, Key: sendLedgerEntity.key(key), UpdateExpression: `SET ${old.clauses.join(', ')} REMOVE handingAt, ${byPurpose.removeExpression}`, ExpressionAttributeValues: old.values }));
    const { sweepClaims } = await import('../../functions/services/claim-recovery.js');
    expect(await sweepClaims(twin.demo.tenantId, { now: new Date(now.getTime() + 20 * 60_000) })).toMatchObject({ stale: 1, resent: 1, sent: 1 });
    const [entry] = await listPatientLedger(twin.demo.tenantId, patientId, 'recall');
    expect(entry).toMatchObject({ status: 'sent', attempts: 1 });
  });
});

describe('a crash mid-job: reminders', () => {
  it('appointment reminders: killed mid-run, every due reminder is sent exactly once after the sweep and the next run', async () => {
    const day = addDays(today(), 30);
    const planned = new Map<string, string>();
    for (let i = 0; i < 12; i += 1) {
      const { patient, e164 } = await newPatient();
      const startAt = new Date(at(day, 9).getTime() + i * 45 * 60_000).toISOString();
      const res = await twin.api<Appointment>('POST', '/appointments', { token: owner, body: { patientId: patient.patientId, clinicId: twin.demo.jinganId, dentistId: twin.demo.dentistId, chair: `K${i}`, startAt } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      planned.set(patient.patientId, e164);
    }
    // The evening before, after the day-before hour: one reminder due per appointment.
    const result = await crashAndRecover('appointment-reminders', at(addDays(day, -1), 19), planned, 4);
    expect(result.killed).toBe(true);
    expect(result.count).toMatchObject({ lost: 0, duplicate: 0 });
    expect(result.statuses.filter((s) => s === 'claimed' || s === 'unknown')).toEqual([]);
    expect(result.statuses.filter((s) => s === 'sent')).toHaveLength(planned.size);
  });
});

describe('a crash around a checkout’s commit', () => {
  const tasksDueCounter = async (clinicId: string, dueDays: readonly string[]): Promise<number> => {
    const { readClinicDays } = await import('../../functions/adapters/dynamo/kpi-repository.js');
    const { counterNames } = await import('../../shared/domain/kpi/counters.js');
    let total = 0;
    for (const d of dueDays) for (const stored of await readClinicDays(twin.demo.tenantId, clinicId, d, d)) total += stored.counters[counterNames.tasks('due')] ?? 0;
    return total;
  };

  // Killed before its commit (as soon as it starts) and right at its commit (once the visit is
  // stored): the front desk's retry with the same key either records it or replays it.
  for (const [moment, kill] of [
    ['before', { atMs: 0 }],
    ['at', 'visit-stored'],
  ] as const) {
    it(`killed ${moment} its commit: the retry with the same key charges once and keeps the follow-up calls and their counts`, async () => {
      const procedures = (await twin.api<{ items: Procedure[] }>('GET', '/procedures', { token: owner })).body.items;
      const wisdom = procedures.find((p) => p.code === 'wisdom-tooth');
      if (!wisdom) throw new Error('demo catalog incomplete');
      const { patient } = await newPatient();
      const idempotencyKey = `crash-${moment}-${patient.patientId}`;
      const input = { clinicId: twin.demo.jinganId, dentistId: twin.demo.dentistId, lines: [{ procedureId: wisdom.procedureId, teeth: ['38'] }], payments: [{ method: 'wechat', amountFen: 120_000 }], idempotencyKey };
      const { findVisitByKey, getSummary } = await import('../../functions/adapters/dynamo/visit-repository.js');
      const { listPendingTasks } = await import('../../functions/adapters/dynamo/task-repository.js');
      // The care calls' counts on the next days, before: the checkout's own calls are what changes them.
      const now = new Date();
      const nextDays = [0, 1, 2, 3, 4, 5, 6, 7, 8].map((k) => addDays(today(), k));
      const countsBefore = await tasksDueCounter(twin.demo.jinganId, nextDays);
      const when = async () => (await findVisitByKey(twin.demo.tenantId, patient.patientId, idempotencyKey)) !== undefined;
      await runAndKill('checkout', twin.demo.tenantId, now, kill === 'visit-stored' ? { when } : kill, { payload: { caller: ownerCaller, patientId: patient.patientId, input } });
      // Killed before: nothing of it stored, the retry records it; at: committed, the retry replays it.
      expect(await when()).toBe(moment === 'at');
      const retry = await twin.api<{ visitId: string; totalFen: number }>('POST', `/patients/${patient.patientId}/visits`, { token: owner, body: input });
      expect(retry.status).toBe(moment === 'at' ? 200 : 201);
      const again = await twin.api<{ visitId: string }>('POST', `/patients/${patient.patientId}/visits`, { token: owner, body: input });
      expect(again).toMatchObject({ status: 200, body: { visitId: retry.body.visitId } });

      const summary = await getSummary(twin.demo.tenantId, patient.patientId);
      expect(summary).toMatchObject({ visitCount: 1, totalSpendFen: 120_000 });
      const tasks = (await listPendingTasks(twin.demo.tenantId, twin.demo.jinganId, 5000)).filter((t) => t.patientId === patient.patientId);
      expect(tasks.length).toBeGreaterThan(0);
      expect(tasks.every((t) => nextDays.includes(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(t.dueAt))))).toBe(true);
      // Counted once each, in the checkout's own transaction: neither lost nor doubled by the replay.
      expect((await tasksDueCounter(twin.demo.jinganId, nextDays)) - countsBefore).toBe(tasks.length);
    });
  }
});

describe('a crash mid-import', () => {
  const rows = 260;
  /** A clinic of its own and a file of `rows` patients with a visit each (2 chunks: 200 rows at most each). */
  const uploadImport = async (tag: number): Promise<{ importId: string; clinicId: string }> => {
    const { createClinic } = await import('../../functions/adapters/dynamo/org-repository.js');
    const { newClinic } = await import('../../shared/domain/onboarding.js');
    const { ulid } = await import('ulid');
    const clinicId = ulid();
    await createClinic(twin.demo.tenantId, newClinic(clinicId, { name: `崩溃导入${tag}`, smsSignature: '微笑口腔' }, new Date().toISOString()));
    const header = ['姓名', '性别', '手机', '出生日期', '最近就诊', '项目', '金额'];
    const csv = [header, ...Array.from({ length: rows }, (_, i) => [`导入${i}`, i % 2 ? '男' : '女', `15${tag}${String(i).padStart(8, '0')}`, '1990/1/1', '2023/5/1', '洁牙', '298'])].map((r) => r.join(',')).join('\n');
    const res = await twin.api<{ importId: string }>('POST', '/imports', { token: owner, body: { fileName: 'crash.csv', clinicId, contentBase64: Buffer.from(csv, 'utf8').toString('base64') } });
    expect(res.status).toBe(201);
    return { importId: res.body.importId, clinicId };
  };

  /** Runs the import in a process of its own and kills it once a chunk is done: mid-run, with chunks left. */
  const crashImport = async (importId: string) => {
    const { getImport } = await import('../../functions/adapters/dynamo/import-repository.js');
    const when = async () => ((await getImport(twin.demo.tenantId, importId))?.chunksDone ?? 0) >= 1;
    const { killed } = await runAndKill('import', twin.demo.tenantId, new Date(), { when }, { payload: { caller: ownerCaller, importId } });
    expect(killed).toBe(true);
    const record = await getImport(twin.demo.tenantId, importId);
    expect(record?.status).toBe('running');
    expect(record?.chunksDone ?? 0).toBeLessThan(record?.chunkRowCounts.length ?? 0);
  };

  /** Each row once: one patient per phone in the clinic, one visit each, and the progress says so. */
  const expectEachRowOnce = async (importId: string, clinicId: string) => {
    const view = (await twin.api<ImportView>('GET', `/imports/${importId}`, { token: owner })).body;
    expect(view).toMatchObject({ status: 'completed', progress: { created: rows, visitsCreated: rows } });
    const { forEachPatientPage } = await import('../../functions/adapters/dynamo/patient-facts-reader.js');
    const phones: string[] = [];
    const visits: number[] = [];
    await forEachPatientPage(twin.demo.tenantId, clinicId, '2000-01-01T00:00:00.000Z', (page) => {
      for (const raw of page) {
        phones.push(String(raw.profile.phone));
        visits.push(raw.visits.length);
      }
    });
    expect(phones).toHaveLength(rows);
    expect(new Set(phones).size).toBe(rows);
    expect(visits.every((n) => n === 1)).toBe(true);
  };

  const stale = async (importId: string) => {
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const { documentClient, tableName } = await import('../../functions/adapters/dynamo/client.js');
    const { importRecordEntity } = await import('../../functions/adapters/dynamo/entities/import-record.js');
    const { importHeartbeatMs } = await import('../../functions/services/import-heartbeat.js');
    // Time passing: the heartbeat is now older than the limit, as after a crash nobody noticed.
    const old = new Date(Date.now() - importHeartbeatMs - 60_000).toISOString();
    await documentClient.send(new UpdateCommand({ TableName: tableName, Key: importRecordEntity.key({ tenantId: twin.demo.tenantId, importId }), UpdateExpression: 'SET updatedAt = :old', ExpressionAttributeValues: { ':old': old } }));
  };

  it('killed mid-run: a run still beating is left alone, the sweep continues it once stalled, and each row is imported once', async () => {
    const { importId, clinicId } = await uploadImport(1);
    await crashImport(importId);
    const { runClaimSweep } = await import('../../functions/jobs/claim-sweep.js');
    // Within the heartbeat limit the run may still be alive elsewhere: nothing is continued, and a restart is refused.
    expect(await runClaimSweep(twin.demo.tenantId, { now: new Date() })).toMatchObject({ importsContinued: 0 });
    expect((await twin.api('POST', `/imports/${importId}/run`, { token: owner })).status).toBe(409);
    await stale(importId);
    expect(await runClaimSweep(twin.demo.tenantId, { now: new Date() })).toMatchObject({ importsContinued: 1 });
    await twin.bus.idle();
    await expectEachRowOnce(importId, clinicId);
  });

  it('killed mid-run and stalled: POST /imports/{id}/run continues it from its last chunk, each row once', async () => {
    const { importId, clinicId } = await uploadImport(2);
    await crashImport(importId);
    await stale(importId);
    const res = await twin.api<{ resumed?: boolean; status: string }>('POST', `/imports/${importId}/run`, { token: owner });
    expect(res.body).toMatchObject({ status: 'running', resumed: true });
    await twin.bus.idle();
    await expectEachRowOnce(importId, clinicId);
  });
});
