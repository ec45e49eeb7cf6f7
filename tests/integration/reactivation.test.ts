/** Reactivation: dormant patients, highest value first, a daily limit, attempts at an interval, never with a visit booked. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredAutomationSettings } from '../../shared/schemas/automations.js';
import type { OutboxMessage } from '../../shared/schemas/outbox.js';
import type { Patient } from '../../shared/schemas/patient.js';
import { addDays, addMonths } from '../../shared/domain/time.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let owner: string;
let n = 0;
const today = '2026-11-23';
const at = (day: string, hour = 10) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);
const consents = { care: { granted: true, source: 'paper-form' }, marketing: { granted: true, source: 'paper-form' } };

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
  const current = (await twin.api<StoredAutomationSettings>('GET', '/automations', { token: owner })).body;
  const saved = await twin.api('PUT', '/automations', {
    token: owner,
    body: { version: current.version, settings: { ...current.settings, reactivation: { ...current.settings.reactivation, enabled: true, dailyLimit: 2, maxAttempts: 2, intervalDays: 30, offer: '洁牙8折' } } },
  });
  expect(saved.status).toBe(200);
});
afterAll(async () => twin?.stop());

const patientLastSeen = async (lastVisitDay: string, totalSpendFen: number, withConsents = consents) => {
  const phone = `1361234${String(1000 + n++).padStart(4, '0')}`;
  const patient = (await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: '老患者', phone, clinicId: twin.demo.jinganId, consents: withConsents } })).body;
  const { documentClient, tableName } = await import('../../functions/adapters/dynamo/client.js');
  const { summaryItem } = await import('../../functions/adapters/dynamo/visit-repository.js');
  const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
  const lastVisitAt = `${lastVisitDay}T02:00:00.000Z`;
  await documentClient.send(new PutCommand({ TableName: tableName, Item: summaryItem(twin.demo.tenantId, patient.patientId, { visitCount: 3, totalSpendFen, firstVisitAt: lastVisitAt, lastVisitAt, lastVisitClinicId: twin.demo.jinganId, version: 1 }) }));
  return { patient, e164: `+86${phone}` };
};
const run = async (now: Date, times = 1) => {
  const { runReactivation } = await import('../../functions/jobs/reactivation.js');
  return (await Promise.all(Array.from({ length: times }, () => runReactivation(twin.demo.tenantId, now))))[0] ?? {};
};
const outbox = async () => (await twin.api<{ items: OutboxMessage[] }>('GET', '/outbox?limit=100', { token: owner })).body.items;
const smsTo = async (e164: string) => (await outbox()).filter((m) => m.to === e164);

describe('reactivation', () => {
  it('highest past value first, up to the daily limit, once per day however often the run is delivered', async () => {
    const gold = await patientLastSeen(addMonths(today, -14), 3_000_00);
    const silver = await patientLastSeen(addMonths(today, -13), 500_00);
    const bronze = await patientLastSeen(addMonths(today, -20), 100_00);
    const active = await patientLastSeen(addMonths(today, -2), 9_000_00);
    const lost = await patientLastSeen(addMonths(today, -40), 9_000_00);
    const noConsent = await patientLastSeen(addMonths(today, -15), 50_00, { care: consents.care } as typeof consents);

    const tally = await run(at(today), 3);
    expect(tally.planned).toBe(2);
    expect(await smsTo(gold.e164)).toHaveLength(1);
    expect(await smsTo(silver.e164)).toHaveLength(1);
    expect((await smsTo(gold.e164))[0]?.text).toBe('【微笑口腔】老患者您好，好久不见！静安店邀请您回来做一次口腔检查。洁牙8折 退订回T');
    expect(await smsTo(bronze.e164)).toHaveLength(0);
    expect(await run(at(today, 15))).toMatchObject({ alreadyDone: 1 });

    // Next day: the next in line; the no-consent patient is skipped with its reason recorded.
    await run(at(addDays(today, 1)));
    expect(await smsTo(bronze.e164)).toHaveLength(1);
    const ledger = (await twin.api<{ items: { status: string; decisions: { reason?: string }[] }[] }>('GET', `/patients/${noConsent.patient.patientId}/messages`, { token: owner })).body.items;
    expect(ledger.map((e) => [e.status, e.decisions.at(-1)?.reason])).toEqual([['skipped', 'no-consent']]);
    for (const p of [active, lost]) expect(await smsTo(p.e164)).toHaveLength(0);

    // The interval: nothing for the first two before 30 days, then the second and last attempt.
    await run(at(addDays(today, 10)));
    expect(await smsTo(gold.e164)).toHaveLength(1);
    await run(at(addDays(today, 31)));
    await run(at(addDays(today, 32)));
    await run(at(addDays(today, 70)));
    await run(at(addDays(today, 71)));
    expect(await smsTo(gold.e164)).toHaveLength(2);
    expect(await smsTo(silver.e164)).toHaveLength(2);
  });

  it('a patient who booked meanwhile is not invited (stale occasion)', async () => {
    const booked = await patientLastSeen(addMonths(today, -16), 99_000_00);
    const res = await twin.api('POST', '/appointments', {
      token: owner,
      body: { patientId: booked.patient.patientId, clinicId: twin.demo.jinganId, dentistId: twin.demo.dentistId, chair: 'RA', startAt: at(addDays(today, 220)).toISOString() },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    await run(at(addDays(today, 200)));
    expect(await smsTo(booked.e164)).toHaveLength(0);
    const ledger = (await twin.api<{ items: { decisions: { reason?: string }[] }[] }>('GET', `/patients/${booked.patient.patientId}/messages`, { token: owner })).body.items;
    expect(ledger[0]?.decisions.at(-1)?.reason).toBe('stale-occasion');
  });
});
