/**
 * Recall outreach: 14 and 7 days before due (per chain settings), once per step, at most N per due
 * date, never with an appointment booked ahead, reading only the recalls queued for today.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Appointment } from '../../shared/schemas/appointment.js';
import type { StoredAutomationSettings } from '../../shared/schemas/automations.js';
import type { OutboxMessage } from '../../shared/schemas/outbox.js';
import type { Patient } from '../../shared/schemas/patient.js';
import { addDays } from '../../shared/domain/time.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let owner: string;
let n = 0;

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
});
afterAll(async () => twin?.stop());

/** A Shanghai wall-clock moment on a given local day (UTC+8, no daylight saving). */
const at = (day: string, hour: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

const patientWithRecall = async (dueDate: string, group = 'cleaning') => {
  const phone = `1371234${String(1000 + n++).padStart(4, '0')}`;
  const patient = (await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: '复查患者', phone, clinicId: twin.demo.jinganId, consents: { care: { granted: true, source: 'paper-form' } } } })).body;
  const { documentClient, tableName } = await import('../../functions/adapters/dynamo/client.js');
  const { recallItem } = await import('../../functions/adapters/dynamo/visit-repository.js');
  const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
  const item = recallItem(twin.demo.tenantId, patient.patientId, twin.demo.jinganId, { group, dueDate, anchorDate: addDays(dueDate, -180), rule: { kind: 'interval', group, months: 6 } }, 'VISIT0000000000000000000000');
  await documentClient.send(new PutCommand({ TableName: tableName, Item: item }));
  return { patient, e164: `+86${phone}` };
};

const runAt = async (now: Date, times = 1) => {
  const { runRecall } = await import('../../functions/jobs/recall.js');
  const tallies = await Promise.all(Array.from({ length: times }, () => runRecall(twin.demo.tenantId, now)));
  return tallies[0] ?? {};
};
const smsTo = async (e164: string) => (await twin.api<{ items: OutboxMessage[] }>('GET', '/outbox?limit=100', { token: owner })).body.items.filter((m) => m.to === e164);

describe('recall outreach', () => {
  it('14 and 7 days before due, once each, even when the run is delivered three times at once', async () => {
    const due = addDays(today(), 30);
    const { patient, e164 } = await patientWithRecall(due);
    await runAt(at(addDays(due, -15), 10));
    expect(await smsTo(e164)).toHaveLength(0);
    await runAt(at(addDays(due, -14), 10), 3);
    await runAt(at(addDays(due, -14), 15));
    const first = await smsTo(e164);
    expect(first).toHaveLength(1);
    expect(first[0]?.text).toBe('【微笑口腔】复查患者您好，您在静安店的定期复查时间快到了，回复1我们为您预约，或致电门店。');
    expect(first[0]?.purpose).toBe('recall');
    await runAt(at(addDays(due, -10), 10));
    expect(await smsTo(e164)).toHaveLength(1);
    await runAt(at(addDays(due, -7), 10), 3);
    expect(await smsTo(e164)).toHaveLength(2);
    await runAt(at(addDays(due, -2), 10));
    expect(await smsTo(e164)).toHaveLength(2);
    const ledger = (await twin.api<{ items: { occasion: string; status: string }[] }>('GET', `/patients/${patient.patientId}/messages?purpose=recall`, { token: owner })).body.items;
    expect(ledger.map((e) => [e.occasion, e.status]).sort()).toEqual([[`recall.cleaning.${due}.d14`, 'sent'], [`recall.cleaning.${due}.d7`, 'sent']]);
  });

  it('a run after missed days sends only the latest step, and the attempts cap holds', async () => {
    const due = addDays(today(), 40);
    const { e164 } = await patientWithRecall(due);
    // The job did not run between 14 and 5 days before: one message, the 7-day one.
    await runAt(at(addDays(due, -5), 10));
    expect(await smsTo(e164)).toHaveLength(1);
    await runAt(at(addDays(due, -1), 10));
    expect(await smsTo(e164)).toHaveLength(1);
  });

  it('skips a patient with an appointment booked ahead, and comes back after it', async () => {
    const due = addDays(today(), 20);
    const { patient, e164 } = await patientWithRecall(due);
    const appointment = (await twin.api<Appointment>('POST', '/appointments', { token: owner, body: { patientId: patient.patientId, clinicId: twin.demo.jinganId, dentistId: twin.demo.dentistId, chair: `R${n}`, startAt: at(addDays(due, -3), 10).toISOString() } })).body;
    expect(appointment.appointmentId).toBeDefined();
    const tally = await runAt(at(addDays(due, -14), 10));
    expect(tally.bookedAhead).toBeGreaterThanOrEqual(1);
    expect(await smsTo(e164)).toHaveLength(0);
    await twin.api('POST', `/patients/${patient.patientId}/appointments/${appointment.appointmentId}/cancel`, { token: owner, body: { reason: 'patient-request' } });
    // The recall came back the day after the (now cancelled) appointment: the 7-day step goes out.
    await runAt(at(addDays(due, -2), 10));
    expect(await smsTo(e164)).toHaveLength(1);
  });

  it('the owner tunes the days and the attempts; switched off, nothing is sent and nothing leaves the queue', async () => {
    const current = (await twin.api<StoredAutomationSettings>('GET', '/automations', { token: owner })).body;
    const saved = await twin.api<StoredAutomationSettings>('PUT', '/automations', {
      token: owner,
      body: { version: current.version, settings: { ...current.settings, recall: { ...current.settings.recall, daysBefore: [21, 3], maxAttempts: 1 } } },
    });
    expect(saved.status).toBe(200);
    expect(saved.body.settings.recall.daysBefore).toEqual([21, 3]);
    const due = addDays(today(), 50);
    const { e164 } = await patientWithRecall(due);
    await runAt(at(addDays(due, -21), 10));
    expect(await smsTo(e164)).toHaveLength(1);
    await runAt(at(addDays(due, -3), 10));
    expect(await smsTo(e164)).toHaveLength(1);

    const off = await twin.api<StoredAutomationSettings>('PUT', '/automations', {
      token: owner,
      body: { version: saved.body.version, settings: { ...saved.body.settings, recall: { ...saved.body.settings.recall, enabled: false } } },
    });
    const later = await patientWithRecall(addDays(today(), 55));
    expect(await runAt(at(addDays(today(), 55 - 21), 10))).toEqual({ disabled: 1 });
    expect(await smsTo(later.e164)).toHaveLength(0);
    // Switched back on, the recall still waits in the queue: it is sent, late rather than never.
    await twin.api('PUT', '/automations', { token: owner, body: { version: off.body.version, settings: { ...off.body.settings, recall: { ...off.body.settings.recall, enabled: true, daysBefore: [14, 7], maxAttempts: 2 } } } });
    await runAt(at(addDays(today(), 55 - 12), 10));
    expect(await smsTo(later.e164)).toHaveLength(1);
  });

  it('a stale save is refused with 409 naming the version; bad tuning is a 400 naming the field', async () => {
    const current = (await twin.api<StoredAutomationSettings>('GET', '/automations', { token: owner })).body;
    const stale = await twin.api<{ error: { fields: { path: string }[] } }>('PUT', '/automations', { token: owner, body: { version: current.version - 1, settings: current.settings } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.fields[0]?.path).toBe('version');
    const bad = await twin.api<{ error: { fields: { path: string }[] } }>('PUT', '/automations', {
      token: owner,
      body: { version: current.version, settings: { ...current.settings, recall: { ...current.settings.recall, daysBefore: [7, 7], template: '{name}您的{diagnosis}' } } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.map((f) => f.path).sort()).toEqual(['settings.recall.daysBefore', 'settings.recall.template']);
    const marketing = await twin.api('PUT', '/automations', { token: await twin.tokenFor('marketing'), body: { version: current.version, settings: current.settings } });
    expect(marketing.status).toBe(403);
    expect((await twin.api<StoredAutomationSettings>('GET', '/automations', { token: owner })).body.version).toBe(current.version);
  });

  it('reads only the recalls queued for today, not the chain', async () => {
    const future = addDays(today(), 200);
    for (let i = 0; i < 20; i += 1) await patientWithRecall(future, `g${i}`);
    const due = addDays(today(), 60);
    await patientWithRecall(due);
    const first = await runAt(at(addDays(due, -14), 9));
    expect(first).toMatchObject({ itemsRead: 1, sent: 1 });
    // Handled recalls left today's part of the queue: a later run that day reads nothing.
    expect((await runAt(at(addDays(due, -14), 11))).itemsRead).toBe(0);
  });
});
