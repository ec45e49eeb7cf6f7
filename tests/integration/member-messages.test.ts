/**
 * The members' messages (issue 11, item 9) on DynamoDB Local: renewal reminders and the lapse
 * notice from the daily members job, once per member and occasion and never after a renewal; the
 * check-up reminder on the 1st; the unused-benefit nudge; the low-balance notice once per crossing.
 * They are service messages: care consent is enough, and a member without it gets nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, addMonths } from '../../shared/domain/time.js';
import { defaultCatalog } from '../../shared/domain/catalog-defaults.js';
import type { OutboxMessage } from '../../shared/schemas/outbox.js';
import type { Patient } from '../../shared/schemas/patient.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let owner: string;
let frontdesk: string;
let prices: Map<string, { procedureId: string; priceFen: number }>;
let seed: { planId: string; priceFen: number };
let n = 0;
const sentTexts: string[] = [];

type Card = { membershipId: string; endDate: string };
type LedgerEntry = { patientId: string; occasion: string; status: string; decisions: { kind: string; reason?: string }[] };

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
  frontdesk = await twin.tokenFor('frontdesk');
  const list = await twin.api<{ items: { code: string; procedureId: string; clinicPriceFen: number }[] }>('GET', `/procedures?clinicId=${twin.demo.jinganId}`, { token: frontdesk });
  prices = new Map(list.body.items.map((p) => [p.code, { procedureId: p.procedureId, priceFen: p.clinicPriceFen }]));
  const plans = await twin.api<{ items: { planId: string; priceFen: number }[] }>('GET', '/plans', { token: frontdesk });
  const found = plans.body.items.find((p) => p.priceFen === 298_000);
  if (!found) throw new Error('the seed plan is missing');
  seed = found;
});
afterAll(async () => twin?.stop());

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
/** A wall-clock moment on a Shanghai calendar day (UTC+8). */
const shanghai = (day: string, hour: number) => new Date(Date.parse(`${day}T00:00:00Z`) + (hour - 8) * 3600_000 + 5 * 60_000);
const monthDay = (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;

const member = async (consents: Record<string, unknown> = { care: { granted: true, source: 'paper-form' } }) => {
  const phone = `1372222${String(1000 + n++).padStart(4, '0')}`;
  const patient = (await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: `会员${n}`, phone, clinicId: twin.demo.jinganId, consents } })).body;
  return { patient, e164: `+86${phone}` };
};
const sell = async (holderId: string, memberPatientIds: string[] = []): Promise<Card> => {
  const res = await twin.api<Card>('POST', `/patients/${holderId}/memberships`, {
    token: frontdesk,
    body: { planId: seed.planId, clinicId: twin.demo.jinganId, memberPatientIds, payments: [{ method: 'wechat', amountFen: seed.priceFen }], acknowledgedAt: new Date().toISOString() },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
};
const runJob = async (now: Date) => (await import('../../functions/jobs/member-messages.js')).runMemberMessages(twin.demo.tenantId, now);
const outbox = async () => (await twin.api<{ items: OutboxMessage[] }>('GET', '/outbox?limit=100', { token: owner })).body.items;
const smsTo = async (e164: string, purpose: string) => {
  const items = (await outbox()).filter((m) => m.to === e164 && m.purpose === purpose);
  sentTexts.push(...items.map((m) => m.text));
  return items;
};
const ledger = async (patientId: string) => (await twin.api<{ items: (LedgerEntry & { purpose: string })[] }>('GET', `/patients/${patientId}/messages`, { token: owner })).body.items;

describe('renewal reminders from the daily members job', () => {
  it('45 and 7 days before the end, once each however often the job runs, with the value received this term', async () => {
    const { patient, e164 } = await member();
    const card = await sell(patient.patientId);
    expect(card.endDate).toBe(addMonths(today(), 12));
    // A cleaning the card covers: its list price is the value received.
    const visit = await twin.api('POST', `/patients/${patient.patientId}/visits`, {
      token: frontdesk, body: { clinicId: twin.demo.jinganId, dentistId: twin.demo.dentistId, lines: [{ procedureId: prices.get('cleaning')?.procedureId }], payments: [] },
    });
    expect(visit.status, JSON.stringify(visit.body)).toBe(201);
    const saved = `¥${(prices.get('cleaning')?.priceFen ?? 0) / 100}`;

    await runJob(shanghai(addDays(card.endDate, -46), 10));
    expect(await smsTo(e164, 'renewal')).toHaveLength(0);
    const first = await runJob(shanghai(addDays(card.endDate, -45), 10));
    expect(first.sent).toBeGreaterThanOrEqual(1);
    await runJob(shanghai(addDays(card.endDate, -45), 11));
    const sent = await smsTo(e164, 'renewal');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.text).toBe(`【微笑口腔】${patient.name}您好，您在静安店的会员将于${monthDay(addDays(card.endDate, -1))}到期，会员期内已为您节省${saved}，续费可继续享受会员权益。`);

    await Promise.all([runJob(shanghai(addDays(card.endDate, -7), 10)), runJob(shanghai(addDays(card.endDate, -7), 10))]);
    expect(await smsTo(e164, 'renewal')).toHaveLength(2);
  });

  it('on the day it lapses, a notice; a renewed card gets nothing more, and a deferred reminder is dropped as stale', async () => {
    const lapsing = await member();
    const lapsingCard = await sell(lapsing.patient.patientId);
    await runJob(shanghai(lapsingCard.endDate, 10));
    const lapsed = await smsTo(lapsing.e164, 'renewal');
    expect(lapsed).toHaveLength(1);
    expect(lapsed[0]?.text).toContain(`会员已于${monthDay(addDays(lapsingCard.endDate, -1))}到期，会员期内已为您节省¥0`);

    const renewing = await member();
    const card = await sell(renewing.patient.patientId);
    // 06:00 is before the care window: the 7-day reminder is deferred in the ledger…
    await runJob(shanghai(addDays(card.endDate, -7), 6));
    expect((await ledger(renewing.patient.patientId)).find((e) => e.purpose === 'renewal')?.status).toBe('deferred');
    const renewed = await twin.api<Card>('POST', `/memberships/${card.membershipId}/renewals`, {
      token: frontdesk, body: { clinicId: twin.demo.jinganId, payments: [{ method: 'cash', amountFen: seed.priceFen }], acknowledgedAt: new Date().toISOString() },
    });
    expect(renewed.status).toBe(201);
    // …and after the renewal its retry finds the card no longer ends on that day.
    const { handler } = await import('../../functions/jobs/message-retries.js');
    await handler({ ...twin.bus.scheduledEvent('message-retries'), time: shanghai(addDays(card.endDate, -7), 10).toISOString() });
    const entry = (await ledger(renewing.patient.patientId)).find((e) => e.purpose === 'renewal');
    expect(entry?.status).toBe('skipped');
    expect(entry?.decisions.at(-1)?.reason).toBe('stale-occasion');
    // The old end day passes without a lapse notice: the card is no longer read there.
    await runJob(shanghai(card.endDate, 10));
    expect(await smsTo(renewing.e164, 'renewal')).toHaveLength(0);
  });

  it('is a service message: care consent is enough, and without it the member gets nothing', async () => {
    const noConsent = await member({});
    const card = await sell(noConsent.patient.patientId);
    await runJob(shanghai(addDays(card.endDate, -45), 10));
    expect(await smsTo(noConsent.e164, 'renewal')).toHaveLength(0);
    expect((await ledger(noConsent.patient.patientId)).find((e) => e.purpose === 'renewal')?.decisions.at(-1)?.reason).toBe('no-consent');
  });
});

describe('the monthly check-up and unused benefits', () => {
  it('on the 1st every member of a card with a monthly check-up is reminded, once', async () => {
    const holder = await member();
    const child = await member();
    const card = await sell(holder.patient.patientId, [child.patient.patientId]);
    const firstOfNextMonth = `${addMonths(`${today().slice(0, 7)}-01`, 1)}`;
    expect(firstOfNextMonth < card.endDate).toBe(true);
    await runJob(shanghai(addDays(firstOfNextMonth, 1), 10));
    expect(await smsTo(holder.e164, 'member-checkup')).toHaveLength(0);
    await runJob(shanghai(firstOfNextMonth, 10));
    await runJob(shanghai(firstOfNextMonth, 12));
    const toHolder = await smsTo(holder.e164, 'member-checkup');
    expect(toHolder).toHaveLength(1);
    expect(await smsTo(child.e164, 'member-checkup')).toHaveLength(1);
    expect(toHolder[0]?.text).toBe(`【微笑口腔】${holder.patient.name}您好，静安店提醒您：本月的会员到店检查权益已可使用，欢迎预约。`);
  });

  it('60 days before the end, the count of benefits still unused, naming no treatment', async () => {
    const { patient, e164 } = await member();
    const card = await sell(patient.patientId);
    await runJob(shanghai(addDays(card.endDate, -60), 10));
    await runJob(shanghai(addDays(card.endDate, -60), 11));
    const sent = await smsTo(e164, 'member-benefits');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.text).toContain('您的会员权益还有2次未使用');
  });
});

describe('the low-balance notice', () => {
  it('once per crossing of the threshold, triggered by the debit that crosses it', async () => {
    const { patient } = await member();
    const wallet = (path: string, body: Record<string, unknown>) => twin.api('POST', `/patients/${patient.patientId}/wallet/${path}`, { token: owner, body });
    expect((await wallet('top-ups', { amountFen: 30_000, method: 'cash' })).status).toBe(201);
    const debit = async (amountFen: number, idempotencyKey?: string) => expect((await wallet('debits', { amountFen, reason: '消费', ...(idempotencyKey ? { idempotencyKey } : {}) })).status).toBeLessThan(300);
    // The debit asks the members' job through the bus; wait for it before reading the ledger.
    const notices = async () => {
      await twin.bus.idle();
      return (await ledger(patient.patientId)).filter((e) => e.purpose === 'low-balance');
    };
    await debit(5_000);
    expect(await notices()).toHaveLength(0);
    await debit(10_000, 'low-balance-01');
    expect(await notices()).toHaveLength(1);
    // A retried request and a further debit below the threshold are not new crossings.
    await debit(10_000, 'low-balance-01');
    await debit(1_000);
    expect(await notices()).toHaveLength(1);
    expect((await wallet('top-ups', { amountFen: 20_000, method: 'cash' })).status).toBe(201);
    await debit(20_000);
    expect(await notices()).toHaveLength(2);
  });

  it('names the balance after the crossing', async () => {
    const { patient, e164 } = await member();
    const { noticeLowBalance } = await import('../../functions/services/low-balance-notice.js');
    expect((await twin.api('POST', `/patients/${patient.patientId}/wallet/top-ups`, { token: owner, body: { amountFen: 12_050, method: 'cash' } })).status).toBe(201);
    // As if a debit of ¥100 had just taken it from ¥220.50 to ¥120.50, inside the care window.
    expect(await noticeLowBalance({ tenantId: twin.demo.tenantId, patientId: patient.patientId, debitedFen: 10_000 }, { now: shanghai(today(), 12) })).toEqual({ status: 'sent' });
    const sent = await smsTo(e164, 'low-balance');
    expect(sent[0]?.text).toBe(`【微笑口腔】${patient.name}您好，您在静安店的储值余额为¥120.50，如需充值请到店或致电门店。`);
  });
});

describe('no treatment in any text', () => {
  it('the members’ messages sent here name no procedure or category', () => {
    expect(sentTexts.length).toBeGreaterThanOrEqual(6);
    const words = defaultCatalog.flatMap((p) => [p.nameZh, p.nameEn, p.code, p.category]);
    for (const text of sentTexts) for (const word of words) expect(text.toLowerCase()).not.toContain(word.toLowerCase());
  });
});
