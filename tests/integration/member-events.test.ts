/**
 * Member events on DynamoDB Local: invitations a week before go out once under two concurrent
 * runs (marketing text: signature, 退订回T, ending 报名回1); six concurrent "1" replies for three
 * places sign up exactly three and queue three; "取消报名" moves the first waiting up with a
 * message; reminders, attendance and the feedback survey; bad input named by field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AudienceMember } from '../../shared/domain/segments/facts.js';
import type { EventDetail, EventSummary } from '../../shared/schemas/events.js';
import type { Patient } from '../../shared/schemas/patient.js';
import type { ReplyResult } from '../../shared/schemas/sms-reply.js';
import { beginEvent, surveyRunAfter } from '../support/event-clock.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let owner: string;
let n = 0;
const consents = { care: { granted: true, source: 'paper-form' }, marketing: { granted: true, source: 'paper-form' } };
const shanghaiDay = (instant: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(instant);
const day = (days: number) => shanghaiDay(new Date(Date.now() + days * 86_400_000));

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
}, 120_000);
afterAll(async () => twin?.stop());

const patients = async (count: number): Promise<{ members: AudienceMember[]; phones: string[] }> => {
  const members: AudienceMember[] = [];
  const phones: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const phone = `1365678${String(1000 + n++).padStart(4, '0')}`;
    const res = await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: `活动患者${n}`, phone, clinicId: twin.demo.jinganId, consents } });
    expect(res.status).toBe(201);
    members.push({ patientId: res.body.patientId, clinicId: res.body.clinicId, householdKey: `hh-${phone}` });
    phones.push(`+86${phone}`);
  }
  return { members, phones };
};

const newEvent = async (capacity: number, date = day(5)): Promise<EventSummary> => {
  const res = await twin.api<EventSummary>('POST', '/events', { token: owner, body: { title: '亲子护牙活动', clinicId: twin.demo.jinganId, date, time: '14:30', place: '静安店二楼', capacity } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
};

const outboxTo = async (phones: readonly string[]): Promise<Map<string, string[]>> => {
  const { listOutbox } = await import('../../functions/adapters/dynamo/outbox-repository.js');
  const byPhone = new Map<string, string[]>();
  for (const m of (await listOutbox(twin.demo.tenantId, 10_000)).items) if (m.kind === 'sms' && phones.includes(m.to)) byPhone.set(m.to, [...(byPhone.get(m.to) ?? []), m.text]);
  return byPhone;
};

const run = async (now: Date, members: AudienceMember[]) => {
  const { runMemberEvents } = await import('../../functions/services/member-event-run.js');
  return runMemberEvents(twin.demo.tenantId, now, { audience: async () => members });
};

const reply = async (phone: string, body: string, id: string, receivedAt: string): Promise<ReplyResult> => {
  const { handleChainReply } = await import('../../functions/services/sms-reply-service.js');
  return handleChainReply(twin.demo.tenantId, { originationNumber: phone, destinationNumber: '106900001', messageBody: body, inboundMessageId: id }, receivedAt);
};

const detail = async (eventId: string, role: 'owner' | 'marketing' | 'frontdesk' = 'owner') => (await twin.api<EventDetail>('GET', `/events/${eventId}`, { token: await twin.tokenFor(role) })).body;

/** 11:00 in Shanghai `days` from now: inside the marketing and care windows. */
const morning = (days: number) => new Date(`${day(days)}T11:00:00+08:00`);

describe('member events', () => {
  it('invites once under two concurrent runs; 6 concurrent "1" for 3 places: 3 signed up, 3 waiting; a cancel moves the first waiting up', async () => {
    const { members, phones } = await patients(6);
    const event = await newEvent(3);
    await Promise.all([run(morning(0), members), run(morning(0), members)]);
    await run(morning(0), members);
    const invitations = await outboxTo(phones);
    expect([...invitations.values()].map((texts) => texts.length)).toEqual([1, 1, 1, 1, 1, 1]);
    for (const [text] of invitations.values()) {
      expect(text).toMatch(/^【.+】/);
      expect(text).toContain('退订回T');
      expect(text?.endsWith('报名回1')).toBe(true);
    }
    expect((await detail(event.eventId)).invited).toBe(6);

    const base = Date.now();
    const results = await Promise.all(phones.map((phone, i) => reply(phone, i % 2 ? '１' : '1', `evt-${event.eventId}-${i}`, new Date(base + i * 1000).toISOString())));
    const outcomes = results.map((r) => r.outcome).sort();
    expect(outcomes).toEqual(['event-signed-up', 'event-signed-up', 'event-signed-up', 'event-waiting', 'event-waiting', 'event-waiting']);
    let now = await detail(event.eventId);
    expect([now.signedUp, now.waiting]).toEqual([3, 3]);

    // A redelivered reply counts once.
    const again = await reply(phones[0] ?? '', '1', `evt-${event.eventId}-0`, new Date(base).toISOString());
    expect(again.outcome).toBe('event-already');

    const signedUpPhone = phones[results.findIndex((r) => r.outcome === 'event-signed-up')] ?? '';
    const waitingIdx = results.map((r, i) => (r.outcome === 'event-waiting' ? i : -1)).filter((i) => i >= 0);
    expect((await reply(signedUpPhone, '取消报名', `evt-${event.eventId}-cancel`, new Date(base + 10_000).toISOString())).outcome).toBe('event-cancelled');
    now = await detail(event.eventId);
    expect([now.signedUp, now.waiting]).toEqual([3, 2]);
    // First come, first served: the earliest waiting reply moved up.
    const firstWaiting = members[waitingIdx[0] ?? -1]?.patientId;
    expect(now.attendees.find((a) => a.patientId === firstWaiting)?.status).toBe('signed-up');

    await Promise.all([run(morning(0), members), run(morning(0), members)]);
    const texts = [...(await outboxTo(phones)).values()].flat();
    expect(texts.filter((t) => t.includes('已成功报名'))).toHaveLength(3);
    expect(texts.filter((t) => t.includes('已加入候补'))).toHaveLength(3);
    expect(texts.filter((t) => t.includes('候补成功'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('已取消'))).toHaveLength(1);
  }, 120_000);

  it('reminds those signed up the day before, and sends the feedback survey to those who came', async () => {
    const { members, phones } = await patients(2);
    const event = await newEvent(5, day(3));
    await run(morning(0), members);
    await reply(phones[0] ?? '', '报名', `evt-${event.eventId}-a`, new Date().toISOString());
    const before = new Date(Date.parse(event.startAt) - 4 * 3_600_000);
    await Promise.all([run(before, members), run(before, members)]);
    let texts = [...(await outboxTo(phones)).entries()];
    expect(texts.find(([p]) => p === phones[0])?.[1].filter((t) => t.includes('提醒您明天'))).toHaveLength(1);
    expect(texts.find(([p]) => p === phones[1])?.[1].some((t) => t.includes('提醒您明天'))).toBe(false);

    // Days ahead, nobody can have come yet: the tick is refused, naming the field.
    const frontdesk = await twin.tokenFor('frontdesk');
    const attendance = `/events/${event.eventId}/attendance`;
    const early = await twin.api<{ error: { fields: { path: string; code: string }[] } }>('POST', attendance, { token: frontdesk, body: { patientIds: [members[0]?.patientId] } });
    expect(early.status).toBe(400);
    expect(early.body.error.fields).toEqual([expect.objectContaining({ path: 'attended', code: 'event.not_started' })]);
    expect((await detail(event.eventId)).attended).toBe(0);
    // Taking a tick back is not refused before the start.
    expect((await twin.api('POST', attendance, { token: frontdesk, body: { patientIds: [members[0]?.patientId], attended: false } })).status).toBe(200);

    const begun = await beginEvent(twin.demo.tenantId, event.eventId);
    const ticked = await twin.api<EventDetail>('POST', attendance, { token: frontdesk, body: { patientIds: [members[0]?.patientId] } });
    expect(ticked.status).toBe(200);
    expect(ticked.body.attended).toBe(1);
    const after = surveyRunAfter(begun.endAt);
    await Promise.all([run(after, members), run(after, members)]);
    texts = [...(await outboxTo(phones)).entries()];
    const surveys = texts.find(([p]) => p === phones[0])?.[1].filter((t) => t.includes('/public/surveys/')) ?? [];
    expect(surveys).toHaveLength(1);
    const token = /\/public\/surveys\/([^\s]+)/.exec(surveys[0] ?? '')?.[1] ?? '';
    expect((await twin.api('GET', `/public/surveys/${token}`)).status).toBe(200);
  }, 120_000);

  it('moving the event tells those signed up or waiting, quoting the new time; calling it off tells them too, and it stays off', async () => {
    const { members, phones } = await patients(3);
    const event = await newEvent(1, day(6));
    await run(morning(0), members);
    await reply(phones[0] ?? '', '1', `evt-${event.eventId}-move-a`, new Date().toISOString());
    await reply(phones[1] ?? '', '1', `evt-${event.eventId}-move-b`, new Date().toISOString());
    const current = (await twin.api<EventSummary>('GET', `/events/${event.eventId}`, { token: owner })).body;
    const moved = await twin.api<EventSummary>('PATCH', `/events/${event.eventId}`, { token: owner, body: { time: '16:00', version: current.version } });
    expect(moved.status).toBe(200);
    await run(morning(0), members);
    let texts = await outboxTo(phones);
    // the one signed up and the one waiting are told; the one who never answered is not
    expect(texts.get(phones[0] ?? '')?.filter((t) => t.includes('有调整') && t.includes('16:00'))).toHaveLength(1);
    expect(texts.get(phones[1] ?? '')?.filter((t) => t.includes('有调整'))).toHaveLength(1);
    expect(texts.get(phones[2] ?? '')?.some((t) => t.includes('有调整')) ?? false).toBe(false);
    const off = await twin.api<EventSummary>('PATCH', `/events/${event.eventId}`, { token: owner, body: { status: 'cancelled', version: moved.body.version } });
    expect(off.status).toBe(200);
    await run(morning(0), members);
    texts = await outboxTo(phones);
    expect(texts.get(phones[0] ?? '')?.filter((t) => t.includes('已取消，给您带来不便'))).toHaveLength(1);
    expect((await twin.api('PATCH', `/events/${event.eventId}`, { token: owner, body: { status: 'scheduled', version: off.body.version } })).status).toBe(409);
  }, 120_000);

  it('answers bad input by field with stable codes, hides phones from marketing', async () => {
    const body = { title: '口腔健康沙龙', clinicId: twin.demo.jinganId, date: day(10), time: '14:30', place: '静安店', capacity: 10 };
    const codeOf = async (b: unknown) => (await twin.api<{ error: { fields: { path: string; code: string }[] } }>('POST', '/events', { token: owner, body: b })).body.error.fields[0];
    expect(await codeOf({ ...body, capacity: 0 })).toMatchObject({ path: 'capacity', code: 'number.too_small' });
    expect(await codeOf({ ...body, date: day(-1) })).toMatchObject({ path: 'date', code: 'date.past' });
    expect(await codeOf({ ...body, date: day(400) })).toMatchObject({ path: 'date', code: 'date.too_far' });
    expect(await codeOf({ ...body, segmentId: '01JNOSEGMENT00000000000000' })).toMatchObject({ path: 'segmentId', code: 'segment.not_found' });
    // the invitation is marketing: no treatment words in what it quotes
    expect(await codeOf({ ...body, title: '种植牙术后护理讲座' })).toMatchObject({ path: 'title', code: 'campaign.medical_words' });
    expect(await codeOf({ ...body, place: '正畸 诊室' })).toMatchObject({ path: 'place', code: 'campaign.medical_words' });
    const { members, phones } = await patients(1);
    const event = await newEvent(1);
    await run(morning(0), members);
    await reply(phones[0] ?? '', '1', `evt-${event.eventId}-m`, new Date().toISOString());
    const lower = await twin.api<{ error: { fields: { path: string; code: string }[] } }>('PATCH', `/events/${event.eventId}`, { token: owner, body: { capacity: 1, version: event.version } });
    expect(lower.status).toBe(200);
    const marketing = await detail(event.eventId, 'marketing');
    expect(marketing.attendees[0]?.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    expect((await detail(event.eventId, 'frontdesk')).attendees[0]?.phone).toBe(phones[0]);
    const stale = await twin.api('PATCH', `/events/${event.eventId}`, { token: owner, body: { capacity: 2, version: event.version } });
    expect(stale.status).toBe(409);
  }, 120_000);
  it('an event that invites people by treatment shows marketing the counts, never who replied or was invited; the desk sees the list; editing the segment afterwards names nobody', async () => {
    const segment = (await twin.api<{ segmentId: string; version: number }>('POST', '/segments', { token: owner, body: { name: '正畸客户', conditions: { op: 'and', conditions: [{ field: 'category', in: ['ortho'] }] } } })).body;
    const { members, phones } = await patients(2);
    const res = await twin.api<EventSummary>('POST', '/events', { token: owner, body: { title: '亲子护牙活动', clinicId: twin.demo.jinganId, date: day(6), time: '14:30', place: '静安店二楼', capacity: 5, segmentId: segment.segmentId } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const event = res.body;
    await run(morning(0), members);
    await reply(phones[0] ?? '', '1', `evt-${event.eventId}-aim`, new Date().toISOString());
    // the next run sends the sign-up's confirmation (purpose member-event)
    await run(morning(0), members);
    const told = async (token: string) => {
      const ledger = async (purpose: string) => (await twin.api<{ items: { occasion: string }[] }>('GET', `/messages?purpose=${purpose}&limit=100`, { token })).body.items.filter((e) => e.occasion.includes(event.eventId)).length;
      const outbox = (await twin.api<{ items: { eventId?: string }[] }>('GET', '/outbox?limit=100', { token })).body.items.filter((m) => m.eventId === event.eventId);
      return { invitations: await ledger('marketing-campaign'), notices: await ledger('member-event'), outbox: outbox.length };
    };
    const marketingToken = await twin.tokenFor('marketing');
    const toldMarketing = async () => {
      const seen = await detail(event.eventId, 'marketing');
      return { signedUp: seen.signedUp, attendees: seen.attendees.length, withheld: seen.attendeesWithheld, ...(await told(marketingToken)) };
    };
    expect(await toldMarketing()).toEqual({ signedUp: 1, attendees: 0, withheld: 'clinical', invitations: 0, notices: 0, outbox: 0 });
    // The owner is told: both invitations, the confirmation, and their texts in the outbox under the event.
    expect(await told(await twin.tokenFor('owner'))).toEqual({ invitations: 2, notices: 1, outbox: 3 });
    const desk = await detail(event.eventId, 'frontdesk');
    expect(desk.attendeesWithheld).toBeUndefined();
    expect(desk.attendees.map((a) => a.phone)).toEqual([phones[0]]);
    const edited = await twin.api('PATCH', `/segments/${segment.segmentId}`, { token: owner, body: { version: segment.version, conditions: { op: 'and', conditions: [{ field: 'marketingConsent', value: true }] } } });
    expect(edited.status).toBe(200);
    expect(await toldMarketing()).toEqual({ signedUp: 1, attendees: 0, withheld: 'clinical', invitations: 0, notices: 0, outbox: 0 });

    // The guest came and answered the feedback survey: the answer is counted for marketing, not named.
    const begun = await beginEvent(twin.demo.tenantId, event.eventId);
    expect((await twin.api('POST', `/events/${event.eventId}/attendance`, { token: await twin.tokenFor('frontdesk'), body: { patientIds: [members[0]?.patientId] } })).status).toBe(200);
    await run(surveyRunAfter(begun.endAt), members);
    const link = (await outboxTo([phones[0] ?? ''])).get(phones[0] ?? '')?.find((t) => t.includes('/public/surveys/')) ?? '';
    const token = /\/public\/surveys\/([^\s]+)/.exec(link)?.[1] ?? '';
    expect((await twin.api('POST', `/public/surveys/${token}`, { body: { score: 5, nps: 10 } })).status).toBe(200);
    type Answers = { items: { patientId: string }[]; totals: { answered?: number; count?: number } };
    const answersFor = async (role: 'owner' | 'marketing') => (await twin.api<Answers>('GET', `/surveys?clinicId=${twin.demo.jinganId}&limit=100`, { token: await twin.tokenFor(role) })).body;
    expect((await answersFor('owner')).items.some((a) => a.patientId === members[0]?.patientId)).toBe(true);
    const marketingAnswers = await answersFor('marketing');
    expect(marketingAnswers.items.some((a) => a.patientId === members[0]?.patientId)).toBe(false);
    expect(marketingAnswers.totals).toEqual((await answersFor('owner')).totals);
  }, 120_000);
  it('an event at one clinic invites its segment’s patients of that clinic only, not the chain’s other clinics', async () => {
    const marker = `ev-scope-${n}`;
    const create = async (clinicId: string) => (await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: '分店患者', phone: `1365679${String(1000 + n++).padStart(4, '0')}`, clinicId, consents, tags: [marker] } })).body;
    const [here, there] = [await create(twin.demo.jinganId), await create(twin.demo.tianheId)];
    await twin.bus.idle();
    const segment = (await twin.api<{ segmentId: string }>('POST', '/segments', { token: owner, body: { name: '两店同标签', conditions: { op: 'and', conditions: [{ field: 'tags', match: 'any', in: [marker] }] } } })).body;
    const event = (await twin.api<EventSummary>('POST', '/events', { token: owner, body: { title: '口腔健康沙龙', clinicId: twin.demo.jinganId, date: day(8), time: '14:30', place: '静安店', capacity: 10, segmentId: segment.segmentId } })).body;
    const { eventAudience } = await import('../../functions/services/member-event-run.js');
    const { getEvent } = await import('../../functions/adapters/dynamo/member-event-repository.js');
    const stored = await getEvent(twin.demo.tenantId, event.eventId);
    if (!stored) throw new Error('the event was not stored');
    const invited = (await eventAudience(twin.demo.tenantId, stored, new Date())).map((m) => m.patientId);
    expect(invited).toContain(here.patientId);
    expect(invited).not.toContain(there.patientId);
  });
});
