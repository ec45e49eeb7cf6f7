import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Appointment } from '../../shared/schemas/appointment.js';
import type { ApiErrorBody } from '../../shared/schemas/common.js';
import type { Patient } from '../../shared/schemas/patient.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let frontdesk: string;
let patient: Patient;
/** A day well ahead, per test, at a given Shanghai hour (UTC+8). */
let dayOffset = 3;
const shanghai = (day: number, hour: number, minute = 0) => {
  const base = new Date(Date.now() + day * 86_400_000);
  return new Date(Date.UTC(base.getUTCFullYear(), base.getUTCMonth(), base.getUTCDate(), hour - 8, minute)).toISOString();
};

beforeAll(async () => {
  twin = await startTestTwin();
  frontdesk = await twin.tokenFor('frontdesk');
  patient = (await twin.api<Patient>('POST', '/patients', { token: frontdesk, body: { name: '预约患者', phone: '13911112222', clinicId: twin.demo.jinganId } })).body;
});
afterAll(async () => twin?.stop());

const book = (overrides: Record<string, unknown> = {}) =>
  twin.api<Appointment & ApiErrorBody>('POST', '/appointments', {
    token: frontdesk,
    body: { patientId: patient.patientId, clinicId: twin.demo.jinganId, dentistId: twin.demo.dentistId, chair: '1号椅', startAt: shanghai(dayOffset, 9), durationMinutes: 30, ...overrides },
  });

describe('booking', () => {
  it('books an appointment on the clinic’s local day and lists it in the day view', async () => {
    dayOffset += 1;
    const res = await book({ startAt: shanghai(dayOffset, 7, 30) });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'booked', version: 1, patientName: '预约患者', dentistName: '赵医生', chair: '1号椅' });
    // 07:30 in Shanghai is 23:30 UTC the day before: the clinic's day counts.
    const localDay = new Date(Date.parse(res.body.startAt) + 8 * 3600_000).toISOString().slice(0, 10);
    expect(res.body.localDay).toBe(localDay);
    const day = await twin.api<{ items: Appointment[] }>('GET', `/appointments?clinicId=${twin.demo.jinganId}&date=${localDay}`, { token: frontdesk });
    expect(day.body.items.map((a) => a.appointmentId)).toContain(res.body.appointmentId);
    const week = await twin.api<{ items: Appointment[] }>('GET', `/appointments?clinicId=${twin.demo.jinganId}&date=${localDay}&days=7`, { token: frontdesk });
    expect(week.body.items.map((a) => a.appointmentId)).toContain(res.body.appointmentId);
  });

  it('refuses a second booking that overlaps the dentist or the chair, naming which', async () => {
    dayOffset += 1;
    expect((await book({ startAt: shanghai(dayOffset, 10), durationMinutes: 60 })).status).toBe(201);
    const sameDentist = await book({ startAt: shanghai(dayOffset, 10, 45), chair: '2号椅' });
    expect(sameDentist.status).toBe(409);
    expect(sameDentist.body.error.fields?.map((f) => f.path)).toContain('dentistId');
    const owner = await twin.tokenFor('owner');
    const ownerId = (await twin.api<{ userId: string }>('GET', '/me', { token: owner })).body.userId;
    const sameChair = await book({ startAt: shanghai(dayOffset, 10, 30), dentistId: ownerId });
    expect(sameChair.status).toBe(409);
    expect(sameChair.body.error.fields?.map((f) => f.path)).toContain('chair');
    expect((await book({ startAt: shanghai(dayOffset, 11) })).status).toBe(201);
  });

  it('a clash names the appointment in the way and offers the nearest free times for that dentist and chair (issue 13)', async () => {
    dayOffset += 1;
    const first = await book({ startAt: shanghai(dayOffset, 10), durationMinutes: 60 });
    expect(first.status).toBe(201);
    const clash = await book({ startAt: shanghai(dayOffset, 10, 30), durationMinutes: 30 });
    expect(clash.status).toBe(409);
    const taken = clash.body.error.fields?.find((f) => f.code === 'slot.taken');
    expect(taken?.blocking).toMatchObject({ appointmentId: first.body.appointmentId, startAt: first.body.startAt, endAt: first.body.endAt, patientName: '预约患者', chair: '1号椅' });
    // 09:30 and 11:00 are 60 and 30 minutes away, 11:15 is 45: nearest three, in time order
    expect(taken?.suggestions).toEqual([shanghai(dayOffset, 9, 30), shanghai(dayOffset, 11), shanghai(dayOffset, 11, 15)].map((t) => new Date(t).toISOString()));
    expect((await book({ startAt: taken?.suggestions?.[0], durationMinutes: 30 })).status).toBe(201);
  });

  it('of ten bookings racing for one slot, exactly one wins', async () => {
    dayOffset += 1;
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => book({ startAt: shanghai(dayOffset, 14), chair: `C${i}` })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(9);
  });

  it.each([
    ['a start off the 15-minute grid', { startAt: '2030-01-01T01:07:00Z' }, 'startAt'],
    ['a duration not in 15-minute steps', { durationMinutes: 20 }, 'durationMinutes'],
    ['a start in the past', { startAt: '2020-01-01T01:00:00Z' }, 'startAt'],
    ['an unknown dentist', { dentistId: 'nobody' }, 'dentistId'],
    ['a front-desk user as dentist', { dentistId: 'frontdesk' }, 'dentistId'],
    ['another clinic', { clinicId: 'elsewhere' }, 'clinicId'],
    ['an unknown patient', { patientId: '01HZZZZZZZZZZZZZZZZZZZZZZZ' }, 'patientId'],
  ])('refuses %s with a 400 naming the field', async (_label, overrides, field) => {
    const res = await book(overrides);
    expect(res.status).toBe(400);
    expect(res.body.error.fields?.map((f) => f.path)).toContain(field);
  });
});

describe('the moves of the day', () => {
  it('reschedule frees the old time, claims the new one and bumps the version', async () => {
    dayOffset += 1;
    const first = (await book({ startAt: shanghai(dayOffset, 9) })).body;
    const moved = await twin.api<Appointment>('POST', `/patients/${patient.patientId}/appointments/${first.appointmentId}/reschedule`, { token: frontdesk, body: { startAt: shanghai(dayOffset, 9, 15) } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ version: 2, startAt: shanghai(dayOffset, 9, 15), endAt: shanghai(dayOffset, 9, 45) });
    // 09:00–09:15 is free again; 09:15–09:45 is taken.
    expect((await book({ startAt: shanghai(dayOffset, 9), durationMinutes: 15 })).status).toBe(201);
    expect((await book({ startAt: shanghai(dayOffset, 9, 30), durationMinutes: 15, chair: '3号椅' })).status).toBe(409);
  });

  it('cancel with a reason frees the time; cancelling twice is a 409', async () => {
    dayOffset += 1;
    const a = (await book({ startAt: shanghai(dayOffset, 15) })).body;
    const cancelled = await twin.api<Appointment>('POST', `/patients/${patient.patientId}/appointments/${a.appointmentId}/cancel`, { token: frontdesk, body: { reason: 'illness', note: '发烧' } });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: 'illness' });
    expect((await book({ startAt: shanghai(dayOffset, 15) })).status).toBe(201);
    expect((await twin.api('POST', `/patients/${patient.patientId}/appointments/${a.appointmentId}/cancel`, { token: frontdesk, body: { reason: 'illness' } })).status).toBe(409);
    const noReason = await twin.api<ApiErrorBody>('POST', `/patients/${patient.patientId}/appointments/${a.appointmentId}/cancel`, { token: frontdesk, body: {} });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields?.[0]?.path).toBe('reason');
  });

  it('check-in, then no-show is refused; a future appointment cannot be a no-show', async () => {
    dayOffset += 1;
    const a = (await book({ startAt: shanghai(dayOffset, 16) })).body;
    expect((await twin.api('POST', `/patients/${patient.patientId}/appointments/${a.appointmentId}/no-show`, { token: frontdesk })).status).toBe(400);
    const checkedIn = await twin.api<Appointment>('POST', `/patients/${patient.patientId}/appointments/${a.appointmentId}/check-in`, { token: frontdesk });
    expect(checkedIn.body.status).toBe('checked-in');
    expect((await twin.api('POST', `/patients/${patient.patientId}/appointments/${a.appointmentId}/check-in`, { token: frontdesk })).status).toBe(409);
  });

  it('the patient’s appointments list in start order', async () => {
    const res = await twin.api<{ items: Appointment[] }>('GET', `/patients/${patient.patientId}/appointments`, { token: frontdesk });
    const starts = res.body.items.map((a) => a.startAt);
    expect(starts.length).toBeGreaterThan(3);
    expect([...starts].sort()).toEqual(starts);
  });
});
