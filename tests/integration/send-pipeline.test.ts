/** Invariants 6 and 7 against DynamoDB Local: one message per occasion, consent at send time, nothing lost. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxMessage } from '../../shared/schemas/outbox.js';
import type { Patient } from '../../shared/schemas/patient.js';
import type { Publisher, SendRequest } from '../../functions/services/send-pipeline.js';
import type { StoredAutomationSettings } from '../../shared/schemas/automations.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let owner: string;
let pipeline: typeof import('../../functions/services/send-pipeline.js');
const tenMorning = new Date(Date.UTC(2026, 10, 23, 2, 0)); // 10:00 in Shanghai

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
  pipeline = await import('../../functions/services/send-pipeline.js');
});
afterAll(async () => twin?.stop());

const patient = async (consents: Record<string, unknown>, phone: string) =>
  (await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: '短信患者', phone, clinicId: twin.demo.jinganId, consents } })).body;
const care = { care: { granted: true, source: 'paper-form' } };
const request = (patientId: string, occasion: string, over: Partial<SendRequest> = {}): SendRequest => ({
  ref: { kind: 'standing' },
  tenantId: twin.demo.tenantId, patientId, purpose: 'recall', occasion, template: '{name}您好，您的洁牙复查时间到了，欢迎来{clinic}。', ...over,
});
const smsTo = async (phone: string) => (await twin.api<{ items: OutboxMessage[] }>('GET', '/outbox?limit=100', { token: owner })).body.items.filter((m) => m.to === phone);

describe('send pipeline', () => {
  it('the same occasion delivered three times at once sends exactly one message', async () => {
    const p = await patient(care, '13800000001');
    const outcomes = await Promise.all([1, 2, 3].map(() => pipeline.sendMessage(request(p.patientId, 'recall-2026-11'), { now: tenMorning })));
    expect(outcomes.map((o) => o.status).sort()).toEqual(['duplicate', 'duplicate', 'sent']);
    const sent = await smsTo('+8613800000001');
    expect(sent).toHaveLength(1);
    expect(sent[0]?.text).toBe('【微笑口腔】短信患者您好，您的洁牙复查时间到了，欢迎来静安店。');
  });

  it('a publish that fails is recorded and retried later; nobody gets two', async () => {
    const a = await patient(care, '13800000002');
    const b = await patient(care, '13800000003');
    const failing: Publisher = async () => {
      throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
    };
    const first = await pipeline.sendMessage(request(a.patientId, 'recall-x'), { publish: failing, now: tenMorning });
    const other = await pipeline.sendMessage(request(b.patientId, 'recall-x'), { now: tenMorning });
    expect(first).toMatchObject({ status: 'failed', reason: 'ThrottlingException' });
    expect(other.status).toBe('sent');
    // Too early to retry: the claim does not hold.
    expect((await pipeline.sendMessage(request(a.patientId, 'recall-x'), { now: tenMorning })).status).toBe('duplicate');
    const { dueRetries } = await import('../../functions/adapters/dynamo/send-ledger-repository.js');
    const later = new Date(tenMorning.getTime() + 10 * 60_000);
    expect((await dueRetries(twin.demo.tenantId, later.toISOString())).map((r) => r.patientId)).toContain(a.patientId);
    expect((await pipeline.sendMessage(request(a.patientId, 'recall-x'), { now: later })).status).toBe('sent');
    expect((await pipeline.sendMessage(request(a.patientId, 'recall-x'), { now: later })).status).toBe('duplicate');
    expect(await smsTo('+8613800000002')).toHaveLength(1);
    expect(await smsTo('+8613800000003')).toHaveLength(1);
  });

  it('decides at the moment of sending: consent withdrawn, a moved appointment, quiet hours', async () => {
    const p = await patient(care, '13800000004');
    await twin.api('PATCH', `/patients/${p.patientId}`, { token: owner, body: { consents: { care: { granted: false, source: 'sms-reply' } }, version: p.version ?? 0 } });
    expect(await pipeline.sendMessage(request(p.patientId, 'o1'), { now: tenMorning })).toEqual({ status: 'skipped', reason: 'no-consent' });
    const q = await patient(care, '13800000005');
    expect(await pipeline.sendMessage(request(q.patientId, 'o2', { ref: { kind: 'recall', group: 'cleaning', dueDate: '2026-12-01' } }), { now: tenMorning })).toEqual({ status: 'skipped', reason: 'stale-occasion' });
    const night = new Date(Date.UTC(2026, 10, 23, 14, 0)); // 22:00 in Shanghai
    expect(await pipeline.sendMessage(request(q.patientId, 'o3'), { now: night })).toEqual({ status: 'deferred', reason: 'quiet-hours', retryAt: '2026-11-24T00:00:00.000Z' });
    expect(await smsTo('+8613800000004')).toHaveLength(0);
    expect(await smsTo('+8613800000005')).toHaveLength(0);
  });

  it('marketing: consent, the 退订 line, an open complaint, and the budget', async () => {
    const p = await patient({ ...care, marketing: { granted: true, source: 'paper-form' } }, '13800000006');
    const birthday = (occasion: string) => request(p.patientId, occasion, { purpose: 'marketing-campaign', template: '{name}生日快乐！送您{coupon}', values: { coupon: '洁牙8折券' } });
    expect((await pipeline.sendMessage(birthday('b1'), { now: tenMorning })).status).toBe('sent');
    expect((await smsTo('+8613800000006'))[0]?.text).toMatch(/退订回T$/);
    // One promotion per phone per day: the next ones on the following days.
    const nextDay = (n: number) => new Date(tenMorning.getTime() + n * 86_400_000);
    expect(await pipeline.sendMessage(birthday('b1b'), { now: tenMorning })).toEqual({ status: 'skipped', reason: 'shared-phone' });
    expect((await pipeline.sendMessage(birthday('b2'), { now: nextDay(1) })).status).toBe('sent');
    expect(await pipeline.sendMessage(birthday('b3'), { now: nextDay(2) })).toEqual({ status: 'skipped', reason: 'budget' });
  });

  it('the contact budget holds when two runs send at once, even on facts both read before either wrote', async () => {
    const p = await patient({ ...care, marketing: { granted: true, source: 'paper-form' } }, '13800000016');
    // Birthdays are marketing but each family member's own: only the budget can stop the second.
    const current = (await twin.api<StoredAutomationSettings>('GET', '/automations', { token: owner })).body;
    await twin.api('PUT', '/automations', { token: owner, body: { version: current.version, settings: { ...current.settings, birthday: { ...current.settings.birthday, enabled: true } } } });
    const promo = (occasion: string) => request(p.patientId, occasion, { purpose: 'birthday', template: '{name}您好，本月会员日到店有礼' });
    expect(await pipeline.sendMessage(promo('race-0'), { now: tenMorning })).toEqual({ status: 'sent' });
    const nextDay = new Date(tenMorning.getTime() + 86_400_000);
    // Both read the number's contacts (one sent, budget two) before either claims a place.
    const { prefetchSendFacts, factKey } = await import('../../functions/services/send-facts.js');
    const requests = [promo('race-1'), promo('race-2')];
    const facts = await prefetchSendFacts(twin.demo.tenantId, requests);
    const outcomes = await Promise.all(requests.map((r) => pipeline.sendMessage(r, { now: nextDay, facts: facts.get(factKey(r)) })));
    expect(outcomes.map((o) => o.status === 'sent' ? 'sent' : o.reason).sort()).toEqual(['budget', 'sent']);
    expect(await smsTo('+8613800000016')).toHaveLength(2);
    // The one skipped is on record as a budget skip, not left claimed.
    const { ledgerStatusOf } = await import('../../functions/adapters/dynamo/send-ledger-repository.js');
    const statuses = await Promise.all(requests.map((r) => ledgerStatusOf(r)));
    expect(statuses.sort()).toEqual(['sent', 'skipped']);
  });

  it('a claim is never taken over by another claim, however old: only the claim sweep resolves it', async () => {
    const { claimSend, staleClaimMinutes } = await import('../../functions/adapters/dynamo/send-ledger-repository.js');
    const p = await patient(care, '13800000007');
    const k = { tenantId: twin.demo.tenantId, patientId: p.patientId, purpose: 'recall' as const, occasion: 'crash-1' };
    const t0 = tenMorning.getTime();
    expect((await claimSend(k, twin.demo.jinganId, new Date(t0).toISOString()))?.attempt).toBe(1);
    expect(await claimSend(k, twin.demo.jinganId, new Date(t0 + 5 * 60_000).toISOString())).toBeNull();
    expect(await claimSend(k, twin.demo.jinganId, new Date(t0 + (staleClaimMinutes + 1) * 60_000).toISOString())).toBeNull();
  });

  it('a deferred message is not sent after its automation was switched off meanwhile', async () => {
    const p = await patient(care, '13800000008');
    const night = new Date(Date.UTC(2026, 10, 23, 14, 0));
    expect((await pipeline.sendMessage(request(p.patientId, 'off-1'), { now: night })).status).toBe('deferred');
    const current = (await twin.api<StoredAutomationSettings>('GET', '/automations', { token: owner })).body;
    await twin.api('PUT', '/automations', { token: owner, body: { version: current.version, settings: { ...current.settings, recall: { ...current.settings.recall, enabled: false } } } });
    const morning = new Date(Date.UTC(2026, 10, 24, 1, 0));
    expect(await pipeline.sendMessage(request(p.patientId, 'off-1'), { now: morning })).toEqual({ status: 'skipped', reason: 'automation-off' });
    expect(await smsTo('+8613800000008')).toHaveLength(0);
    const latest = (await twin.api<StoredAutomationSettings>('GET', '/automations', { token: owner })).body;
    await twin.api('PUT', '/automations', { token: owner, body: { version: latest.version, settings: { ...latest.settings, recall: { ...latest.settings.recall, enabled: true } } } });
  });
});
