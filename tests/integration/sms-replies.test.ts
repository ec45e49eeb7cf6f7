/**
 * Patients' SMS replies against DynamoDB Local, through the same subscriber the inbound-SMS
 * topic invokes: confirm, reschedule request, opt-out, free text, tenant routing, duplicates and
 * malformed notifications.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Appointment } from '../../shared/schemas/appointment.js';
import type { Patient } from '../../shared/schemas/patient.js';
import type { FollowUpTask } from '../../shared/schemas/task.js';
import type { UnmatchedReply } from '../../shared/schemas/sms-reply.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';
import { patientEntity } from '../../functions/adapters/dynamo/entities/patient.js';

let twin: TestTwin;
let owner: string;
const demoNumber = '+8610690000001';
const otherNumber = '+8610690000002';
let chairs = 0;

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
});
afterAll(async () => {
  vi.restoreAllMocks();
  await twin?.stop();
});

const patient = async (name: string, phone: string, clinicId = twin.demo.jinganId, token = owner) =>
  (await twin.api<Patient>('POST', '/patients', { token, body: { name, phone, clinicId, consents: { care: { granted: true, source: 'paper-form' }, marketing: { granted: true, source: 'paper-form' } } } })).body;

/** Books `hours` ahead on a chair of its own, on the next free quarter hour of the demo dentist. */
const book = async (patientId: string, hours: number): Promise<Appointment> => {
  const chair = `SMS${chairs++}`;
  const start = Math.ceil((Date.now() + hours * 3600_000) / 900_000) * 900_000;
  for (let i = 0; i < 16; i++) {
    const startAt = new Date(start + i * 900_000).toISOString();
    const res = await twin.api<Appointment>('POST', '/appointments', { token: owner, body: { patientId, clinicId: twin.demo.jinganId, dentistId: twin.demo.dentistId, chair, startAt, durationMinutes: 15 } });
    if (res.status === 201) return res.body;
  }
  throw new Error('no free slot for the test appointment');
};

const appointment = async (patientId: string, appointmentId: string) => {
  const { getAppointment } = await import('../../functions/adapters/dynamo/appointment-repository.js');
  return getAppointment(twin.demo.tenantId, patientId, appointmentId);
};

const tasks = async (occasionId: string) =>
  (await twin.api<{ items: FollowUpTask[] }>('GET', `/tasks?clinicId=${twin.demo.jinganId}&limit=500`, { token: owner })).body.items.filter((t) => t.occasion === `sms.${occasionId}`);

const rawPatient = async (tenantId: string, patientId: string) => {
  const { documentClient, tableName } = await import('../../functions/adapters/dynamo/client.js');
  return (await documentClient.send(new GetCommand({ TableName: tableName, Key: patientEntity.key({ tenantId, patientId }) }))).Item;
};

describe('the chain’s reply number', () => {
  it('the demo chain has one; another chain cannot take it (409 on replyNumber), but may set its own', async () => {
    expect((await twin.api<{ replyNumber?: string }>('GET', '/chain', { token: owner })).body.replyNumber).toBe(demoNumber);
    const other = await twin.otherChain();
    const taken = await twin.api<{ error: { fields: { path: string }[] } }>('PATCH', '/chain', { token: other.ownerToken, body: { replyNumber: '+86 1069 0000 001', version: (await twin.api<{ version: number }>('GET', '/chain', { token: other.ownerToken })).body.version } });
    expect(taken.status).toBe(409);
    expect(taken.body.error.fields.map((f) => f.path)).toEqual(['replyNumber']);
    const set = await twin.api<{ replyNumber: string }>('PATCH', '/chain', { token: other.ownerToken, body: { replyNumber: '+86 1069 0000 009', version: (await twin.api<{ version: number }>('GET', '/chain', { token: other.ownerToken })).body.version } });
    expect(set.body.replyNumber).toBe('+8610690000009');
    // Moving to another number frees the old one for anyone.
    expect((await twin.api('PATCH', '/chain', { token: other.ownerToken, body: { replyNumber: '+8610690000008', version: (await twin.api<{ version: number }>('GET', '/chain', { token: other.ownerToken })).body.version } })).status).toBe(200);
    const { tenantForInboundNumber } = await import('../../functions/adapters/dynamo/inbound-number-repository.js');
    expect(await tenantForInboundNumber('+8610690000009')).toBeUndefined();
    expect(await tenantForInboundNumber('+8610690000008')).toBe(other.tenantId);
    expect((await twin.api('PATCH', '/chain', { token: other.ownerToken, body: { replyNumber: 'abc', version: (await twin.api<{ version: number }>('GET', '/chain', { token: other.ownerToken })).body.version } })).status).toBe(400);
  });
});

describe('SMS replies', () => {
  it('"1" confirms the soonest booked appointment in the next 48 h among the patients with that phone', async () => {
    const phone = '+8613700000101';
    const mother = await patient('短信母亲', phone);
    const child = await patient('短信孩子', phone);
    const later = await book(mother.patientId, 30);
    const sooner = await book(child.patientId, 20);
    const report = await twin.receiveSms({ from: phone, to: demoNumber, body: '1' });
    expect(report.results).toEqual([{ outcome: 'confirmed', patients: 2, appointmentId: sooner.appointmentId }]);
    const confirmed = await appointment(child.patientId, sooner.appointmentId);
    expect(confirmed?.confirmedAt).toBeDefined();
    // The reminders' occasion check keys on the version: a confirmation leaves it alone.
    expect(confirmed?.version).toBe(sooner.version);
    expect((await appointment(mother.patientId, later.appointmentId))?.confirmedAt).toBeUndefined();

    // A move drops the confirmation: the new time is not confirmed yet.
    const moved = await twin.api<Appointment>('POST', `/patients/${child.patientId}/appointments/${sooner.appointmentId}/reschedule`, { token: owner, body: { startAt: new Date(Math.ceil((Date.now() + 40 * 3600_000) / 900_000) * 900_000).toISOString() } });
    expect(moved.status).toBe(200);
    expect(moved.body.confirmedAt).toBeUndefined();
  });

  it('"1" with nothing to confirm becomes a front-desk task, never an "invalid response"', async () => {
    const phone = '+8613700000102';
    const p = await patient('无预约患者', phone);
    await book(p.patientId, 72);
    const report = await twin.receiveSms({ from: phone, to: demoNumber, body: '确认', inboundMessageId: 'confirm-none' });
    expect(report.results[0]).toMatchObject({ outcome: 'front-desk-task', taskId: 'sms.confirm-none' });
    expect(await tasks('confirm-none')).toEqual([expect.objectContaining({ kind: 'reply', topic: 'sms-reply', replyText: '确认', patientId: p.patientId })]);
  });

  it('"２" (full width) and "改约" each make one reschedule task, even when delivered twice', async () => {
    const phone = '+8613700000103';
    const p = await patient('改约患者', phone);
    const booked = await book(p.patientId, 50);
    const reply = { from: phone, to: demoNumber, body: '２', inboundMessageId: 'resched-1', receivedAt: new Date().toISOString() };
    const [first, second] = [await twin.receiveSms(reply), await twin.receiveSms(reply)];
    expect(first.results[0]).toMatchObject({ outcome: 'reschedule-task', appointmentId: booked.appointmentId });
    expect(second.results[0]?.outcome).toBe('duplicate');
    const made = await tasks('resched-1');
    expect(made).toEqual([
      expect.objectContaining({ kind: 'reschedule', topic: 'reschedule-request', appointmentId: booked.appointmentId, assignee: { kind: 'role', role: 'frontdesk' }, status: 'open', patientId: p.patientId }),
    ]);
    // issue 13: due within two working hours of arriving, so not overdue the moment it lands
    expect(Date.parse(made[0]?.dueAt ?? '')).toBeGreaterThan(Date.now());
    expect(Date.parse(made[0]?.dueAt ?? '')).toBeLessThanOrEqual(Date.now() + 18 * 3_600_000);

    const again = { from: phone, to: demoNumber, body: '改约', inboundMessageId: 'resched-2' };
    const both = await Promise.all([twin.receiveSms(again), twin.receiveSms(again)]);
    expect(both.map((r) => r.results[0]?.outcome).sort()).toEqual(['duplicate', 'reschedule-task']);
    expect(await tasks('resched-2')).toHaveLength(1);
  });

  it('"TD" opts out every patient with the phone at once, in the consent ledger, and the next send is skipped', async () => {
    const phone = '+8613700000104';
    const a = await patient('退订患者甲', phone);
    const b = await patient('退订患者乙', phone, twin.demo.tianheId);
    const elsewhere = await patient('不同号码', '+8613700000105');
    const reply = { from: phone, to: demoNumber, body: 'TD', inboundMessageId: 'optout-1', receivedAt: new Date().toISOString() };
    expect((await twin.receiveSms(reply)).results).toEqual([{ outcome: 'opted-out', patients: 2 }]);
    await twin.receiveSms(reply);
    for (const p of [a, b]) {
      const read = (await twin.api<Patient>('GET', `/patients/${p.patientId}`, { token: owner })).body;
      expect(read.doNotContact.optedOut).toBe(true);
      expect(read.consents.care).toMatchObject({ granted: false, source: 'sms-reply', proof: 'sms:optout-1', recordedBy: 'sms-reply' });
      expect(read.consents.marketing).toMatchObject({ granted: false, source: 'sms-reply' });
      // The withdrawn consents are in the ledger once, however often the reply was delivered.
      const item = await rawPatient(twin.demo.tenantId, p.patientId);
      expect(item?.consentLog).toEqual([expect.objectContaining({ purpose: 'care', granted: true }), expect.objectContaining({ purpose: 'marketing', granted: true })]);
    }
    expect((await twin.api<Patient>('GET', `/patients/${elsewhere.patientId}`, { token: owner })).body.doNotContact.optedOut).toBe(false);

    const { sendMessage } = await import('../../functions/services/send-pipeline.js');
    const tenMorning = new Date(Date.UTC(2026, 10, 23, 2, 0));
    const outcome = await sendMessage({ ref: { kind: 'standing' }, tenantId: twin.demo.tenantId, patientId: a.patientId, purpose: 'recall', occasion: 'after-td', template: '{name}您好，洁牙复查时间到了。' }, { now: tenMorning });
    expect(outcome).toEqual({ status: 'skipped', reason: 'opted-out' });
  });

  it('an opt-out stops the number: a record added later with it, and a reply from a number no patient has yet, are suppressed too', async () => {
    const { sendMessage } = await import('../../functions/services/send-pipeline.js');
    const tenMorning = new Date(Date.UTC(2026, 10, 23, 2, 0));
    const send = (patientId: string, occasion: string) =>
      sendMessage({ ref: { kind: 'standing' }, tenantId: twin.demo.tenantId, patientId, purpose: 'recall', occasion, template: '{name}您好，洁牙复查时间到了。' }, { now: tenMorning });
    const family = await patient('先退订的家长', '13700000301');
    expect((await twin.receiveSms({ from: '+8613700000301', to: demoNumber, body: 'TD', inboundMessageId: 'optout-phone-1' })).results[0]?.outcome).toBe('opted-out');
    const child = await patient('后建档的孩子', '13700000301');
    expect(child.doNotContact.optedOut).toBe(false);
    expect(await send(child.patientId, 'later-record')).toEqual({ status: 'skipped', reason: 'opted-out' });
    expect(family.patientId).not.toBe(child.patientId);

    expect((await twin.receiveSms({ from: '+8613700000302', to: demoNumber, body: '退订', inboundMessageId: 'optout-phone-2' })).results[0]?.outcome).toBe('unmatched');
    const stranger = await patient('后来的新患者', '13700000302');
    expect(await send(stranger.patientId, 'stranger')).toEqual({ status: 'skipped', reason: 'opted-out' });
  });

  it('any other text becomes a front-desk task holding the patient’s words; the logs hold neither words nor phone', async () => {
    const captured: string[] = [];
    const capture = (chunk: unknown) => {
      captured.push(String(chunk));
      return true;
    };
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture as typeof process.stdout.write);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture as typeof process.stderr.write);
    // The test twin logs errors only; here every line the subscriber writes must be seen.
    const { logger } = await import('../../functions/adapters/logger.js');
    const previous = logger.getLevelName();
    logger.setLogLevel('DEBUG');
    try {
      const phone = '+8613700000106';
      const p = await patient('留言患者', phone);
      const words = '医生，我拔牙后还有点疼，明天下午能来看看吗？';
      const report = await twin.receiveSms({ from: phone, to: demoNumber, body: words, inboundMessageId: 'free-1' });
      expect(report.results[0]).toMatchObject({ outcome: 'front-desk-task', taskId: 'sms.free-1' });
      expect(await tasks('free-1')).toEqual([expect.objectContaining({ kind: 'reply', topic: 'sms-reply', replyText: words, patientId: p.patientId, patientName: '留言患者' })]);
      const logs = captured.join('');
      expect(logs).toContain('"outcome":"front-desk-task"');
      for (const secret of [words, phone, '13700000106', '留言患者']) expect(logs, secret).not.toContain(secret);
    } finally {
      out.mockRestore();
      err.mockRestore();
      logger.setLogLevel(previous);
    }
  });

  it('a reply to another chain’s number acts only there; an unknown number touches nothing', async () => {
    const other = await twin.otherChain();
    expect((await twin.api('PATCH', '/chain', { token: other.ownerToken, body: { replyNumber: otherNumber, version: (await twin.api<{ version: number }>('GET', '/chain', { token: other.ownerToken })).body.version } })).status).toBe(200);
    const phone = '+8613700000107';
    const ours = await patient('本连锁患者', phone);
    const theirs = await patient('他连锁患者', phone, other.clinicId, other.ownerToken);
    expect((await twin.receiveSms({ from: phone, to: otherNumber, body: 'T' })).results).toEqual([{ outcome: 'opted-out', patients: 1 }]);
    expect((await rawPatient(other.tenantId, theirs.patientId))?.optedOutAt).toBeDefined();
    expect((await twin.api<Patient>('GET', `/patients/${ours.patientId}`, { token: owner })).body.doNotContact.optedOut).toBe(false);

    expect((await twin.receiveSms({ from: phone, to: '+8610690009999', body: 'T' })).results).toEqual([{ outcome: 'unknown-number', patients: 0 }]);
    expect((await twin.api<Patient>('GET', `/patients/${ours.patientId}`, { token: owner })).body.doNotContact.optedOut).toBe(false);
  });

  it('a number no patient has is kept once for the front desk, not lost and not doubled', async () => {
    const reply = { from: '+8613700000199', to: demoNumber, body: '你好，想预约洗牙', inboundMessageId: 'stranger-1', receivedAt: new Date().toISOString() };
    expect((await twin.receiveSms(reply)).results[0]?.outcome).toBe('unmatched');
    expect((await twin.receiveSms(reply)).results[0]?.outcome).toBe('duplicate');
    const frontdesk = await twin.tokenFor('frontdesk');
    const list = await twin.api<{ items: UnmatchedReply[] }>('GET', '/sms-replies/unmatched', { token: frontdesk });
    expect(list.body.items.filter((r) => r.inboundMessageId === 'stranger-1')).toEqual([{ inboundMessageId: 'stranger-1', from: '+8613700000199', text: '你好，想预约洗牙', receivedAt: reply.receivedAt, replyId: expect.any(String) }]);
    const other = await twin.otherChain();
    expect((await twin.api<{ items: UnmatchedReply[] }>('GET', '/sms-replies/unmatched', { token: other.ownerToken })).body.items).toEqual([]);
  });

  it('a malformed notification is reported: the others in the batch are handled, then the invocation fails for a retry and the dead-letter queue', async () => {
    const { handler, InboundSmsFailed } = await import('../../functions/inbound/sms-replies.js');
    const { snsNotification, smsReplyNotification } = await import('../../functions/local/inbound-sms.js');
    const phone = '+8613700000108';
    await patient('批次患者', phone);
    const good = smsReplyNotification({ from: phone, to: demoNumber, body: '谢谢', inboundMessageId: 'batch-1' });
    const bad = snsNotification(JSON.stringify({ originationNumber: phone, messageBody: 'TD' }));
    const garbage = snsNotification('not json at all');
    const event = { Records: [...bad.Records, ...good.Records, ...garbage.Records] };
    const failure = await handler(event).then(() => undefined, (error: unknown) => error);
    expect(failure).toBeInstanceOf(InboundSmsFailed);
    if (failure instanceof InboundSmsFailed) {
      expect(failure.report).toMatchObject({ received: 3, handled: 1, malformed: 2, failed: 0 });
      expect(failure.message).not.toContain('137');
    }
    expect(await tasks('batch-1')).toHaveLength(1);
  });

  it('POST /dev/sms-replies simulates a reply to the caller’s own chain (local twin only)', async () => {
    const phone = '+8613700000109';
    const p = await patient('模拟回复患者', phone);
    const frontdesk = await twin.tokenFor('frontdesk');
    const res = await twin.api<{ outcome: string; taskId: string }>('POST', '/dev/sms-replies', { token: frontdesk, body: { from: '137 0000 0109', body: '周六可以吗' } });
    expect(res.status).toBe(200);
    expect(res.body.outcome).toBe('front-desk-task');
    expect((await twin.api<{ items: FollowUpTask[] }>('GET', `/tasks?clinicId=${twin.demo.jinganId}&limit=500`, { token: owner })).body.items.filter((t) => t.patientId === p.patientId)).toHaveLength(1);
    expect((await twin.api('POST', '/dev/sms-replies', { token: await twin.tokenFor('marketing'), body: { from: phone, body: 'TD' } })).status).toBe(403);
    expect((await twin.api('POST', '/dev/sms-replies', { token: frontdesk, body: { from: phone, body: 'TD', tenantId: 'x' } })).status).toBe(400);
    // A chain without a reply number has nowhere to reply to.
    const other = await twin.otherChain();
    expect((await twin.api('POST', '/dev/sms-replies', { token: other.ownerToken, body: { from: phone, body: '1' } })).status).toBe(409);
  });
});
