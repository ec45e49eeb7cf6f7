/**
 * The Clinics screen against the API: opening hours, chairs, SMS signature, zone and a reply
 * number per clinic, validated by field, held to the version read, scoped to the caller's chain
 * and clinics; a clinic's reply number routes patients' replies to the chain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../shared/schemas/common.js';
import type { Clinic } from '../../shared/schemas/org.js';
import { defaultOpeningHours } from '../../shared/domain/clinic-hours.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let owner: string;

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
});
afterAll(async () => twin?.stop());

const read = async (clinicId: string, token = owner) => (await twin.api<Clinic>('GET', `/clinics/${clinicId}`, { token })).body;
const change = (clinic: Clinic, body: Record<string, unknown>, token = owner) =>
  twin.api<Clinic & ApiErrorBody>('PATCH', `/clinics/${clinic.clinicId}`, { token, body: { version: clinic.version, ...body } });
const routedTo = async (number: string) => (await import('../../functions/adapters/dynamo/inbound-number-repository.js')).tenantForInboundNumber(number);

const week = { ...defaultOpeningHours(), sat: { opens: '10:00', closes: '16:30' }, sun: null };

describe('clinics', () => {
  it('the owner opens a clinic with hours, chairs and a reply number; a clinic stored before them reads with the defaults', async () => {
    const res = await twin.api<Clinic>('POST', '/clinics', {
      token: owner,
      body: { name: '徐汇店', address: '上海市徐汇区漕溪北路 1 号', timeZone: 'Asia/Shanghai', smsSignature: '微笑口腔', openingHours: week, chairs: ['1号椅', '2号椅', 'VIP'], replyNumber: '1069 0000 1234' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ openingHours: week, chairs: ['1号椅', '2号椅', 'VIP'], replyNumber: '106900001234', version: 0 });
    expect(await read(res.body.clinicId)).toEqual(res.body);
    expect(await routedTo('106900001234')).toBe(twin.demo.tenantId);
    const tianhe = await read(twin.demo.tianheId);
    expect(tianhe.openingHours).toEqual(defaultOpeningHours());
    expect(tianhe.chairs).toEqual([]);
  });

  it('edits hours, chairs and signature at the version read; a stale edit is a 409 and changes nothing', async () => {
    const jingan = await read(twin.demo.jinganId);
    const both = await Promise.all([
      change(jingan, { openingHours: week, chairs: ['A', 'B'] }),
      change(jingan, { smsSignature: '静安微笑' }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(both.find((r) => r.status === 409)?.body.error.fields?.map((f) => f.path)).toEqual(['version']);
    const after = await read(twin.demo.jinganId);
    expect(after.version).toBe((jingan.version ?? 0) + 1);
    const won = both.find((r) => r.status === 200)?.body;
    expect(after).toEqual(won);
  });

  it.each([
    ['a zone that is not IANA', { timeZone: 'Mars/Olympus' }, 'timeZone', 'format.invalid'],
    ['a zone written as an offset', { timeZone: 'UTC+8' }, 'timeZone', 'format.invalid'],
    ['a day closing before it opens', { openingHours: { ...week, mon: { opens: '18:00', closes: '09:00' } } }, 'openingHours.mon.closes', 'opening_hours.order'],
    ['a time that is not HH:MM', { openingHours: { ...week, tue: { opens: '9点', closes: '18:00' } } }, 'openingHours.tue.opens', 'format.invalid'],
    ['25 o’clock', { openingHours: { ...week, wed: { opens: '09:00', closes: '25:00' } } }, 'openingHours.wed.closes', 'format.invalid'],
    ['a week missing a day', { openingHours: { mon: week.mon } }, 'openingHours.tue', 'required'],
    ['a one-character signature', { smsSignature: '微' }, 'smsSignature', 'format.invalid'],
    ['a 13-character signature', { smsSignature: '微笑口腔连锁上海静安分店一号' }, 'smsSignature', 'format.invalid'],
    ['a signature with its brackets', { smsSignature: '【微笑口腔】' }, 'smsSignature', 'format.invalid'],
    ['a reply number with letters', { replyNumber: '1069-ABC' }, 'replyNumber', 'reply_number.invalid'],
    ['a chair named twice', { chairs: ['A', 'A'] }, 'chairs', 'list.repeat'],
    ['a chair name with spaces', { chairs: ['chair one'] }, 'chairs.0', 'chair.invalid'],
  ])('refuses %s with a 400 naming the field', async (_label, body, field, code) => {
    const jingan = await read(twin.demo.jinganId);
    const res = await change(jingan, body);
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual(expect.arrayContaining([expect.objectContaining({ path: field, code })]));
    expect(await read(twin.demo.jinganId)).toEqual(jingan);
  });

  it('a reply number another chain answers on is a 409; a number given up is freed unless the chain still uses it', async () => {
    const other = await twin.otherChain();
    const theirs = await read(other.clinicId, other.ownerToken);
    expect((await change(theirs, { replyNumber: '10690007777' }, other.ownerToken)).status).toBe(200);
    const jingan = await read(twin.demo.jinganId);
    const taken = await change(jingan, { replyNumber: '10690007777' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.fields?.map((f) => f.code)).toEqual(['reply_number.taken']);
    expect((await read(twin.demo.jinganId)).replyNumber).toBeUndefined();

    const set = await change(jingan, { replyNumber: '10690008888' });
    expect(set.status).toBe(200);
    expect(await routedTo('10690008888')).toBe(twin.demo.tenantId);
    const moved = await change(set.body, { replyNumber: null });
    expect(moved.status).toBe(200);
    expect(moved.body.replyNumber).toBeUndefined();
    expect(await routedTo('10690008888')).toBeUndefined();

    // the chain's own number, given to a clinic and taken off again, still routes to the chain
    const chainNumber = (await twin.api<{ replyNumber: string }>('GET', '/chain', { token: owner })).body.replyNumber;
    const shared = await change(moved.body, { replyNumber: chainNumber });
    expect(shared.status).toBe(200);
    expect((await change(shared.body, { replyNumber: null })).status).toBe(200);
    expect(await routedTo(chainNumber)).toBe(twin.demo.tenantId);
  });
});

describe('who sees and changes clinics', () => {
  it('a manager reads their own clinic only; the front desk and dentists cannot change one (403)', async () => {
    const manager = await twin.tokenFor('manager');
    const list = (await twin.api<{ items: Clinic[] }>('GET', '/clinics', { token: manager })).body.items;
    expect(list.map((c) => c.clinicId)).toEqual([twin.demo.jinganId]);
    expect((await twin.api('GET', `/clinics/${twin.demo.tianheId}`, { token: manager })).status).toBe(404);
    const jingan = await read(twin.demo.jinganId);
    for (const role of ['frontdesk', 'dentist'] as const) {
      expect((await change(jingan, { chairs: ['X'] }, await twin.tokenFor(role))).status, role).toBe(403);
    }
    expect((await twin.api('POST', '/clinics', { token: manager, body: { name: '越权店', smsSignature: '微笑口腔' } })).status).toBe(403);
    expect(await read(twin.demo.jinganId)).toEqual(jingan);
  });

  it('another chain’s clinic is not found (404) and stays as it was', async () => {
    const other = await twin.otherChain();
    const jingan = await read(twin.demo.jinganId);
    expect((await twin.api('GET', `/clinics/${jingan.clinicId}`, { token: other.ownerToken })).status).toBe(404);
    expect((await change(jingan, { chairs: ['Z'] }, other.ownerToken)).status).toBe(404);
    expect(await read(twin.demo.jinganId)).toEqual(jingan);
  });
});

describe('what the clinic’s settings change at the desk', () => {
  it('once chairs are named a booking names one of them, and free times offered after a clash fall inside that day’s hours', async () => {
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() + 7 * 86_400_000));
    const { weekdayOf } = await import('../../shared/domain/clinic-hours.js');
    const jingan = await read(twin.demo.jinganId);
    const named = await change(jingan, { chairs: ['A', 'B'], openingHours: { ...jingan.openingHours, [weekdayOf(day)]: { opens: '10:00', closes: '12:00' } } });
    expect(named.status).toBe(200);
    const patient = async (phone: string) =>
      (await twin.api<{ patientId: string }>('POST', '/patients', { token: owner, body: { name: '椅位患者', phone, clinicId: twin.demo.jinganId } })).body.patientId;
    const book = async (patientId: string, chair: string) =>
      twin.api<ApiErrorBody & { appointmentId: string }>('POST', '/appointments', {
        token: owner, body: { patientId, clinicId: twin.demo.jinganId, dentistId: twin.demo.dentistId, chair, startAt: `${day}T10:00:00+08:00` },
      });
    const first = await patient('13512340001');
    const unknown = await book(first, '9号椅');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields).toEqual([expect.objectContaining({ path: 'chair', code: 'chair.invalid' })]);
    expect((await book(first, 'A')).status).toBe(201);

    const clash = await book(await patient('13512340002'), 'A');
    expect(clash.status).toBe(409);
    const suggestions = (clash.body.error.fields?.[0] as { suggestions?: string[] } | undefined)?.suggestions ?? [];
    expect(suggestions.length).toBeGreaterThan(0);
    const local = suggestions.map((s) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' }).format(new Date(s)));
    // 09:30 would be as near as 10:30, but the clinic opens at 10:00 that day
    expect(local).toContain('10:30');
    expect(local.every((t) => t >= '10:00' && t <= '11:30')).toBe(true);
  });
});
