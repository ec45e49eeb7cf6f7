/** Appointment reminders: the evening before and two hours before, once, never for a moved or cancelled appointment. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Appointment } from '../../shared/schemas/appointment.js';
import type { ApiErrorBody } from '../../shared/schemas/common.js';
import type { OutboxMessage } from '../../shared/schemas/outbox.js';
import type { Patient } from '../../shared/schemas/patient.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let owner: string;
let n = 0;

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
});
afterAll(async () => twin?.stop());

/** Days ahead at a Shanghai wall-clock time (UTC+8, no daylight saving). */
const shanghai = (daysAhead: number, hour: number, minute = 0) => {
  const base = new Date(Date.now() + daysAhead * 86_400_000 + 8 * 3600_000);
  return new Date(Date.UTC(base.getUTCFullYear(), base.getUTCMonth(), base.getUTCDate(), hour - 8, minute));
};

const bookFor = async (start: Date) => {
  const phone = `1351234${String(1000 + n++).padStart(4, '0')}`;
  const patient = (await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: '提醒患者', phone, clinicId: twin.demo.jinganId, consents: { care: { granted: true, source: 'paper-form' } } } })).body;
  const appointment = (await twin.api<Appointment>('POST', '/appointments', { token: owner, body: { patientId: patient.patientId, clinicId: twin.demo.jinganId, dentistId: twin.demo.dentistId, chair: `M${n}`, startAt: start.toISOString() } })).body;
  return { patient, appointment, e164: `+86${phone}` };
};
const runAt = async (now: Date, times = 1) => {
  const { handler } = await import('../../functions/jobs/appointment-reminders.js');
  const event = { ...twin.bus.scheduledEvent('appointment-reminders'), time: now.toISOString() };
  await Promise.all(Array.from({ length: times }, () => handler(event)));
};
const smsTo = async (e164: string) => (await twin.api<{ items: OutboxMessage[] }>('GET', '/outbox?limit=100', { token: owner })).body.items.filter((m) => m.to === e164);

describe('appointment reminders', () => {
  it('the evening before at 18:00 clinic time: one message, even when the run is delivered three times at once', async () => {
    const { e164 } = await bookFor(shanghai(3, 10, 30));
    await runAt(shanghai(2, 17, 45));
    expect(await smsTo(e164)).toHaveLength(0);
    await runAt(shanghai(2, 18, 0), 3);
    await runAt(shanghai(2, 18, 15));
    const sent = await smsTo(e164);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.text).toBe('【微笑口腔】提醒患者您好，提醒您明天10:30在静安店就诊。确认请回复1，改约请回复2。');
    expect(sent[0]?.purpose).toBe('appointment-reminder');
  });

  it('a suppressed number gets no reminder: the job reads the batch’s suppressions with its facts', async () => {
    const { patient, e164 } = await bookFor(shanghai(6, 10, 0));
    const { suppressPhone } = await import('../../functions/adapters/dynamo/phone-suppression-repository.js');
    await suppressPhone(twin.demo.tenantId, e164, new Date().toISOString(), 'test');
    await runAt(shanghai(5, 18, 0));
    expect(await smsTo(e164)).toHaveLength(0);
    const ledger = (await twin.api<{ items: { status: string }[] }>('GET', `/patients/${patient.patientId}/messages?purpose=appointment-reminder`, { token: owner })).body.items;
    expect(ledger.map((e) => e.status)).toEqual(['skipped']);
  });

  it('two hours before; a moved appointment’s old reminder is not sent, the new time gets its own', async () => {
    const { patient, appointment, e164 } = await bookFor(shanghai(4, 15, 0));
    await twin.api('POST', `/patients/${patient.patientId}/appointments/${appointment.appointmentId}/reschedule`, { token: owner, body: { startAt: shanghai(4, 16, 0).toISOString() } });
    // 13:00: two hours before the old time, three before the new one.
    await runAt(shanghai(4, 13, 0));
    expect(await smsTo(e164)).toHaveLength(0);
    await runAt(shanghai(4, 14, 0));
    const sent = await smsTo(e164);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.text).toContain('今天16:00');
  });

  it('a stale queued reminder is refused at the moment of sending', async () => {
    const { patient, appointment, e164 } = await bookFor(shanghai(5, 11, 0));
    const { sendMessage } = await import('../../functions/services/send-pipeline.js');
    await twin.api('POST', `/patients/${patient.patientId}/appointments/${appointment.appointmentId}/cancel`, { token: owner, body: { reason: 'patient-request' } });
    const outcome = await sendMessage(
      {
        tenantId: twin.demo.tenantId, patientId: patient.patientId, purpose: 'appointment-reminder', occasion: `appt.${appointment.appointmentId}.v1.two-hours`,
        template: '{name}您好', ref: { kind: 'appointment', appointmentId: appointment.appointmentId, version: 1, startAt: appointment.startAt },
      },
      { now: shanghai(5, 9, 30) },
    );
    expect(outcome).toEqual({ status: 'skipped', reason: 'stale-occasion' });
    await runAt(shanghai(5, 9, 30));
    expect(await smsTo(e164)).toHaveLength(0);
  });

  it('a reminder deferred by the night is sent by the retry job once the window opens, and only once', async () => {
    // 09:00 appointment: the two-hour reminder falls due at 07:00, before the 08:00 window opens.
    const { e164 } = await bookFor(shanghai(6, 9, 0));
    await runAt(shanghai(6, 7, 0));
    expect(await smsTo(e164)).toHaveLength(0);
    const { handler } = await import('../../functions/jobs/message-retries.js');
    const at = (d: Date) => ({ ...twin.bus.scheduledEvent('message-retries'), time: d.toISOString() });
    await handler(at(shanghai(6, 7, 50)));
    expect(await smsTo(e164)).toHaveLength(0);
    await Promise.all([handler(at(shanghai(6, 8, 5))), handler(at(shanghai(6, 8, 5)))]);
    await handler(at(shanghai(6, 8, 20)));
    const sent = await smsTo(e164);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.text).toContain('今天09:00');
  });

  it('a deferred reminder whose appointment has begun by the time the window opens is never sent', async () => {
    // 07:30 appointment: deferred at 06:00 to 08:00, when the appointment is already under way.
    const { patient, e164 } = await bookFor(shanghai(7, 7, 30));
    await runAt(shanghai(7, 6, 0));
    const { handler } = await import('../../functions/jobs/message-retries.js');
    await handler({ ...twin.bus.scheduledEvent('message-retries'), time: shanghai(7, 8, 5).toISOString() });
    expect(await smsTo(e164)).toHaveLength(0);
    const ledger = (await twin.api<{ items: { status: string; decisions: { reason?: string }[] }[] }>('GET', `/patients/${patient.patientId}/messages`, { token: owner })).body.items;
    expect(ledger.map((e) => [e.status, e.decisions.at(-1)?.reason])).toContainEqual(['skipped', 'stale-occasion']);
  });

  it('an evening-before reminder deferred past midnight is dropped: "tomorrow" would be wrong on the day', async () => {
    const { patient, e164 } = await bookFor(shanghai(9, 15, 0));
    // 21:15 the evening before: due, but after the 21:00 care window closes: deferred to 08:00.
    await runAt(shanghai(8, 21, 15));
    const { handler } = await import('../../functions/jobs/message-retries.js');
    await handler({ ...twin.bus.scheduledEvent('message-retries'), time: shanghai(9, 8, 5).toISOString() });
    expect(await smsTo(e164)).toHaveLength(0);
    const ledger = (await twin.api<{ items: { occasion: string; status: string }[] }>('GET', `/patients/${patient.patientId}/messages`, { token: owner })).body.items;
    expect(ledger.find((e) => e.occasion.endsWith('day-before'))?.status).toBe('skipped');
    // The two-hour reminder still goes out.
    await runAt(shanghai(9, 13, 0));
    expect((await smsTo(e164))[0]?.text).toContain('今天15:00');
  });
});

describe('message log pages', () => {
  it('hand out sealed cursors: nothing of the occasion can be read from one, and a tampered one is a 400', async () => {
    const marketing = await twin.tokenFor('marketing');
    const first = await twin.api<{ items: { occasion: string }[]; cursor?: string }>('GET', '/messages?purpose=appointment-reminder&limit=1', { token: marketing });
    expect(first.status).toBe(200);
    const cursor = first.body.cursor ?? '';
    expect(cursor).not.toBe('');
    for (const decoded of [Buffer.from(cursor, 'base64url').toString('utf8'), Buffer.from(cursor, 'base64url').toString('latin1'), Buffer.from(cursor, 'base64').toString('latin1')]) {
      for (const part of ['appt', 'MSG', 'appointment-reminder', twin.demo.tenantId, 'day-before', 'two-hours']) expect(decoded).not.toContain(part);
    }
    const next = await twin.api<{ items: { occasion: string }[] }>('GET', `/messages?purpose=appointment-reminder&limit=1&cursor=${cursor}`, { token: marketing });
    expect(next.status).toBe(200);
    expect(next.body.items[0]?.occasion).not.toBe(first.body.items[0]?.occasion);
    const raw = Buffer.from(cursor, 'base64url');
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
    const plain = Buffer.from(JSON.stringify({ pk: `T#${twin.demo.tenantId}#P#x`, sk: 'MSG#appointment-reminder#x' })).toString('base64url');
    for (const bad of [raw.toString('base64url'), plain, cursor.slice(0, 20)]) {
      const res = await twin.api<ApiErrorBody>('GET', `/messages?purpose=appointment-reminder&limit=1&cursor=${bad}`, { token: marketing });
      expect(res.status, bad).toBe(400);
      expect(res.body.error.fields?.map((f) => f.code)).toEqual(['cursor.invalid']);
    }
  });
});

describe('change and cancellation notices', () => {
  const ids = (patient: Patient, appointment: Appointment) => `/patients/${patient.patientId}/appointments/${appointment.appointmentId}`;
  /** The event a move or cancellation puts, replayed at a chosen moment (the bus's own run used the real clock). */
  const noticeAt = async (patient: Patient, appointment: Appointment, version: number, now: Date) => {
    await twin.bus.idle();
    const { handler } = await import('../../functions/jobs/appointment-reminders.js');
    const detail = { tenantId: twin.demo.tenantId, patientId: patient.patientId, appointmentId: appointment.appointmentId, version };
    await handler({ ...twin.bus.scheduledEvent('appointment-reminders'), source: 'smileloop.appointments', 'detail-type': 'Appointment Changed', time: now.toISOString(), detail });
  };
  const move = async (patient: Patient, appointment: Appointment, start: Date) =>
    (await twin.api<Appointment>('POST', `${ids(patient, appointment)}/reschedule`, { token: owner, body: { startAt: start.toISOString() } })).body;
  const noTreatment = (text: string | undefined) => expect(text ?? '').not.toMatch(/牙|种植|根管|正畸|洁|拔|treatment/);

  it('a move after the reminder: one change notice with the new time, instead of a second plain "tomorrow"', async () => {
    const { patient, appointment, e164 } = await bookFor(shanghai(3, 10, 0));
    await runAt(shanghai(2, 18, 0));
    expect(await smsTo(e164)).toHaveLength(1);
    const moved = await move(patient, appointment, shanghai(3, 15, 0));
    await noticeAt(patient, appointment, moved.version, shanghai(2, 19, 0));
    await noticeAt(patient, appointment, moved.version, shanghai(2, 19, 1));
    await runAt(shanghai(2, 19, 15));
    await runAt(shanghai(2, 20, 0));
    const sent = await smsTo(e164);
    expect(sent).toHaveLength(2);
    const notice = sent.find((m) => m.text.includes('已改至'));
    expect(notice?.text).toMatch(/^【微笑口腔】提醒患者您好，您在静安店的预约已改至\d+月\d+日 15:00，/);
    noTreatment(notice?.text);
    expect(sent.filter((m) => m.text.includes('明天'))).toHaveLength(1);
    // The two-hour reminder of the new time still comes.
    await runAt(shanghai(3, 13, 0));
    expect((await smsTo(e164)).filter((m) => m.text.includes('今天15:00'))).toHaveLength(1);
  });

  it('a notice lost with its event is sent by the next run in place of the reminder, once', async () => {
    const { patient, appointment, e164 } = await bookFor(shanghai(3, 9, 0));
    await runAt(shanghai(2, 18, 0));
    await move(patient, appointment, shanghai(3, 16, 30));
    await twin.bus.idle();
    // The bus's own run used the real clock; this run at the reminder hour decides as if it were then.
    await runAt(shanghai(2, 19, 0), 2);
    const sent = await smsTo(e164);
    expect(sent.filter((m) => m.text.includes('已改至') && m.text.includes('16:30'))).toHaveLength(1);
    expect(sent.filter((m) => m.text.includes('明天16:30'))).toHaveLength(0);
  });

  it('a move before any reminder sends no notice: the normal reminder carries the new time', async () => {
    // Its own hours: the dentist's 10:00 on that day is another test's booking.
    const { patient, appointment, e164 } = await bookFor(shanghai(6, 14, 0));
    expect(appointment.appointmentId).toBeDefined();
    const moved = await move(patient, appointment, shanghai(6, 15, 0));
    await noticeAt(patient, appointment, moved.version, shanghai(3, 12, 0));
    expect(await smsTo(e164)).toHaveLength(0);
    await runAt(shanghai(5, 18, 0));
    const sent = await smsTo(e164);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.text).toContain('明天15:00');
  });

  it('a notice for a change that was changed again is stale and never sent', async () => {
    const { patient, appointment, e164 } = await bookFor(shanghai(3, 8, 30));
    await runAt(shanghai(2, 18, 0));
    // Both moves land before any run sees the first: otherwise the bus's own run (real clock) may
    // rightly tell the first move while it is still current, and the race decides the test.
    twin.bus.hold();
    const first = await move(patient, appointment, shanghai(3, 12, 0));
    const second = await move(patient, { ...appointment, version: first.version }, shanghai(3, 17, 0));
    twin.bus.release();
    await noticeAt(patient, appointment, first.version, shanghai(2, 19, 0));
    expect((await smsTo(e164)).filter((m) => m.text.includes('12:00'))).toHaveLength(0);
    await noticeAt(patient, appointment, second.version, shanghai(2, 19, 5));
    expect((await smsTo(e164)).filter((m) => m.text.includes('已改至') && m.text.includes('17:00'))).toHaveLength(1);
  });

  it('a cancellation within three days is told once; one weeks ahead with no reminder is not', async () => {
    const soon = await bookFor(shanghai(4, 10, 0));
    const cancelled = (await twin.api<Appointment>('POST', `${ids(soon.patient, soon.appointment)}/cancel`, { token: owner, body: { reason: 'clinic-request' } })).body;
    expect(cancelled.status).toBe('cancelled');
    await noticeAt(soon.patient, soon.appointment, cancelled.version, shanghai(2, 12, 0));
    await noticeAt(soon.patient, soon.appointment, cancelled.version, shanghai(2, 12, 5));
    const sent = await smsTo(soon.e164);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.text).toMatch(/^【微笑口腔】提醒患者您好，您在静安店\d+月\d+日 10:00的预约已取消。/);
    noTreatment(sent[0]?.text);

    const later = await bookFor(shanghai(20, 10, 0));
    const far = (await twin.api<Appointment>('POST', `${ids(later.patient, later.appointment)}/cancel`, { token: owner, body: { reason: 'patient-request' } })).body;
    await noticeAt(later.patient, later.appointment, far.version, shanghai(2, 12, 0));
    expect(await smsTo(later.e164)).toHaveLength(0);
  });
});
