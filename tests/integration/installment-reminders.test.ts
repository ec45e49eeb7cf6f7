/**
 * Installment reminders N days before each part falls due, once, never for a paid part, read
 * from the due-installment queue only while a reminder is still to come; and the renewal hook
 * the membership work will call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../shared/domain/time.js';
import type { Procedure } from '../../shared/schemas/catalog.js';
import type { AutomationSettings, StoredAutomationSettings } from '../../shared/schemas/automations.js';
import type { OutboxMessage } from '../../shared/schemas/outbox.js';
import type { Patient } from '../../shared/schemas/patient.js';
import type { Visit } from '../../shared/schemas/visit.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';
import { installmentEntity, installmentPartLabel } from '../../functions/adapters/dynamo/entities/installment.js';

let twin: TestTwin;
let owner: string;
let exam: Procedure & { clinicPriceFen: number };
let n = 0;

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
  const procedures = (await twin.api<{ items: (Procedure & { clinicPriceFen: number })[] }>('GET', `/procedures?clinicId=${twin.demo.jinganId}`, { token: owner })).body.items;
  const found = procedures.find((p) => p.code === 'exam');
  if (!found) throw new Error('exam procedure missing');
  exam = found;
});
afterAll(async () => twin?.stop());

/** A Shanghai calendar day `days` from today, and a wall-clock moment on a day (UTC+8). */
const dayAhead = (days: number) => new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
const shanghai = (day: string, hour: number, minute = 40) => new Date(Date.parse(`${day}T00:00:00Z`) + (hour - 8) * 3600_000 + minute * 60_000);
const monthDay = (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;

const patientWithInstallments = async (dueDates: string[]) => {
  const phone = `1381111${String(1000 + n++).padStart(4, '0')}`;
  const patient = (await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: `分期${n}`, phone, clinicId: twin.demo.jinganId, consents: { care: { granted: true, source: 'paper-form' } } } })).body;
  const total = exam.clinicPriceFen * dueDates.length;
  const visit = await twin.api<Visit>('POST', `/patients/${patient.patientId}/visits`, {
    token: owner,
    body: {
      clinicId: twin.demo.jinganId, dentistId: twin.demo.dentistId, lines: [{ procedureId: exam.procedureId, quantity: dueDates.length }],
      payments: [{ method: 'installment', amountFen: total, schedule: dueDates.map((dueDate) => ({ dueDate, amountFen: exam.clinicPriceFen })) }],
    },
  });
  expect(visit.status).toBe(201);
  return { patient, visitId: visit.body.visitId, e164: `+86${phone}` };
};

const runAt = async (now: Date, times = 1) => {
  const { handler } = await import('../../functions/jobs/installment-reminders.js');
  const event = { ...twin.bus.scheduledEvent('installment-reminders'), time: now.toISOString() };
  await Promise.all(Array.from({ length: times }, () => handler(event)));
};
const tallyAt = async (now: Date) => (await import('../../functions/jobs/installment-reminders.js')).runInstallmentReminders(twin.demo.tenantId, now);
const smsTo = async (e164: string) => (await twin.api<{ items: OutboxMessage[] }>('GET', '/outbox?limit=100', { token: owner })).body.items.filter((m) => m.to === e164);
const settingsWith = async (change: (s: AutomationSettings) => AutomationSettings) => {
  const current = (await twin.api<StoredAutomationSettings>('GET', '/automations', { token: owner })).body;
  expect((await twin.api('PUT', '/automations', { token: owner, body: { version: current.version, settings: change(current.settings) } })).status).toBe(200);
};

describe('installment reminders', () => {
  it('three days before each part is due, once, even when delivered three times at once; the queue is not read again', async () => {
    const [first, second] = [dayAhead(20), dayAhead(50)];
    const { e164 } = await patientWithInstallments([first, second]);
    await runAt(shanghai(addDays(first, -4), 10));
    expect(await smsTo(e164)).toHaveLength(0);
    await runAt(shanghai(addDays(first, -3), 10), 3);
    await runAt(shanghai(addDays(first, -3), 15));
    await runAt(shanghai(addDays(first, -1), 10));
    const sent = await smsTo(e164);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.purpose).toBe('installment');
    expect(sent[0]?.text).toBe(`【微笑口腔】分期${n}您好，您在静安店的分期付款将于${monthDay(first)}到期，如有疑问请致电门店。`);
    // The reminded part left the queue: the next day's run reads nothing.
    expect(await tallyAt(shanghai(addDays(first, -2), 10))).toMatchObject({ partsRead: 0 });
    await runAt(shanghai(addDays(second, -3), 10));
    expect((await smsTo(e164)).map((m) => m.text.includes(monthDay(second)))).toEqual([true, false]);
  });

  it('never reminds a paid part, even one still in the queue (a payment racing the index)', async () => {
    const due = dayAhead(21);
    const { patient, visitId, e164 } = await patientWithInstallments([due]);
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const { documentClient, tableName } = await import('../../functions/adapters/dynamo/client.js');
    await documentClient.send(new UpdateCommand({ TableName: tableName, Key: installmentEntity.key({ tenantId: twin.demo.tenantId, patientId: patient.patientId, visitId, part: installmentPartLabel(0) }), UpdateExpression: 'SET #s = :paid', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':paid': 'paid' } }));
    expect(await tallyAt(shanghai(addDays(due, -3), 10))).toMatchObject({ paid: 1 });
    await runAt(shanghai(addDays(due, -2), 10));
    expect(await smsTo(e164)).toHaveLength(0);
    const ledger = await twin.api<{ items: unknown[] }>('GET', `/patients/${patient.patientId}/messages`, { token: owner });
    expect(ledger.body.items).toEqual([]);
  });

  it('follows the chain’s days-before setting, waits for the care window, and sends nothing when switched off', async () => {
    await settingsWith((s) => ({ ...s, installment: { enabled: true, daysBefore: 5 } }));
    const due = dayAhead(22);
    const { e164 } = await patientWithInstallments([due]);
    await runAt(shanghai(addDays(due, -6), 10));
    // 06:40 is before the care window: the part waits in the queue instead of being deferred.
    expect(await tallyAt(shanghai(addDays(due, -5), 6))).toMatchObject({ outsideWindow: 1 });
    expect(await smsTo(e164)).toHaveLength(0);
    await runAt(shanghai(addDays(due, -5), 9));
    expect(await smsTo(e164)).toHaveLength(1);

    await settingsWith((s) => ({ ...s, installment: { enabled: false, daysBefore: 3 } }));
    const later = dayAhead(23);
    const off = await patientWithInstallments([later]);
    expect(await tallyAt(shanghai(addDays(later, -3), 10))).toEqual({ disabled: 1 });
    await runAt(shanghai(addDays(later, -3), 11));
    expect(await smsTo(off.e164)).toHaveLength(0);
    await settingsWith((s) => ({ ...s, installment: { enabled: true, daysBefore: 3 } }));
  });
});
