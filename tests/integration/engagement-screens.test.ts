/**
 * The routes behind the engagement screens, on DynamoDB Local: leads handed to consultants with
 * the seed's high-value rule (预算2万以上 + 关注隐私/技术 to a senior consultant), each clinic's
 * senior consultants, replies from unknown numbers assigned to a patient or dismissed so the list
 * empties, and the names the complaint and survey lists carry. Each with role refusals and another
 * chain's ids answering 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../shared/schemas/common.js';
import type { IntakeLink, Lead, LeadRouting, Page } from '../../shared/schemas/engagement.js';
import type { StaffMember } from '../../shared/schemas/org.js';
import type { Patient } from '../../shared/schemas/patient.js';
import type { ListedUnmatchedReply, SimulatedReply } from '../../shared/schemas/sms-reply.js';
import type { FollowUpTask, TaskListItem } from '../../shared/schemas/task.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let owner: string;
let staff: StaffMember[];
let other: Awaited<ReturnType<TestTwin['otherChain']>>;

const idOf = (email: string): string => {
  const found = staff.find((s) => s.email === email);
  if (!found) throw new Error(`no staff ${email}`);
  return found.userId;
};

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
  staff = (await twin.api<{ items: StaffMember[] }>('GET', '/staff', { token: owner })).body.items;
  other = await twin.otherChain();
});
afterAll(async () => {
  await twin?.bus.idle();
  await twin?.stop();
});

let n = 0;
const uniquePhone = (prefix = '136') => `${prefix}${String(Date.now() % 1e4).padStart(4, '0')}${String(n++ % 1e4).padStart(4, '0')}`;
const fieldsOf = (body: unknown) => (body as ApiErrorBody).error.fields?.map((f) => `${f.path}:${f.code}`) ?? [];

const newLead = async (answer: { budget: string; priority: string }, clinicId = twin.demo.jinganId): Promise<Lead> => {
  const link = (await twin.api<IntakeLink>('POST', '/intake-links', { token: owner, body: { clinicId, label: '点评问卷' } })).body;
  const body = { name: '高女士', phone: uniquePhone(), interests: ['implant'], contactConsent: true, marketingConsent: false, ...answer };
  expect((await twin.api('POST', `/public/intake/${link.token}`, { body })).status).toBe(200);
  const leads = await twin.api<Page<Lead>>('GET', `/leads?clinicId=${clinicId}&limit=100`, { token: owner });
  const lead = leads.body.items.find((l) => l.linkId === link.linkId);
  if (!lead) throw new Error('lead not listed');
  return lead;
};

const leadNow = async (lead: Lead, token = owner): Promise<Lead | undefined> =>
  (await twin.api<Page<Lead>>('GET', `/leads?clinicId=${lead.clinicId}&limit=100`, { token })).body.items.find((l) => l.leadId === lead.leadId);

const routing = async (clinicId = twin.demo.jinganId, token = owner) => twin.api<LeadRouting>('GET', `/lead-routing?clinicId=${clinicId}`, { token });
const setSeniors = async (ids: string[], token = owner) =>
  twin.api<LeadRouting>('PUT', '/lead-routing', { token, body: { clinicId: twin.demo.jinganId, seniorConsultants: ids, version: (await routing()).body.version } });

describe('leads and consultants', () => {
  it('flags 2 万以上 + privacy/technology as high-value and suggests only a senior consultant for them', async () => {
    await setSeniors([]);
    const high = await newLead({ budget: 'over-20000', priority: 'technology' });
    const standard = await newLead({ budget: 'over-20000', priority: 'price' });
    expect(high.tier).toBe('high-value');
    expect(standard.tier).toBe('standard');
    // No senior named yet: a high-value lead gets no suggestion rather than anyone's.
    expect(high.suggestedAssignee).toBeUndefined();
    expect([idOf('frontdesk@demo.local'), idOf('manager@demo.local')]).toContain(standard.suggestedAssignee?.userId);

    const saved = await setSeniors([idOf('manager@demo.local')]);
    expect(saved.status).toBe(200);
    expect(saved.body.seniorConsultants).toEqual([idOf('manager@demo.local')]);
    expect(saved.body.consultants.map((c) => c.userId).sort()).toEqual([idOf('owner@demo.local'), idOf('manager@demo.local'), idOf('frontdesk@demo.local')].sort());
    expect((await leadNow(high))?.suggestedAssignee).toEqual({ userId: idOf('manager@demo.local'), displayName: '李店长' });
    expect((await leadNow(standard))?.suggestedAssignee?.userId).toBe(idOf('frontdesk@demo.local'));
  });

  it('hands a lead to a consultant at the version read; a stale or concurrent second hand-over is a 409', async () => {
    const lead = await newLead({ budget: 'over-20000', priority: 'privacy' });
    const frontdesk = await twin.tokenFor('frontdesk');
    const given = await twin.api<Lead>('PUT', `/leads/${lead.leadId}/assignee`, { token: frontdesk, body: { userId: idOf('manager@demo.local'), version: 0 } });
    expect(given.status).toBe(200);
    expect(given.body).toMatchObject({ assignee: idOf('manager@demo.local'), assigneeName: '李店长', version: 1, tier: 'high-value' });
    expect(given.body).not.toHaveProperty('suggestedAssignee');
    const stale = await twin.api('PUT', `/leads/${lead.leadId}/assignee`, { token: owner, body: { userId: idOf('frontdesk@demo.local'), version: 0 } });
    expect(stale.status).toBe(409);
    expect(fieldsOf(stale.body)).toEqual(['version:conflict.changed']);

    const race = await Promise.all(['frontdesk@demo.local', 'owner@demo.local'].map((email) =>
      twin.api('PUT', `/leads/${lead.leadId}/assignee`, { token: owner, body: { userId: idOf(email), version: 1 } })));
    expect(race.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await leadNow(lead))?.version).toBe(2);

    const back = await twin.api<Lead>('PUT', `/leads/${lead.leadId}/assignee`, { token: owner, body: { userId: null, version: 2 } });
    expect(back.status).toBe(200);
    expect(back.body.assignee).toBeUndefined();
    expect(back.body.suggestedAssignee).toBeDefined();
  });

  it('refuses someone who does not take the clinic’s leads (400, nothing written) and a converted lead (409)', async () => {
    const invited = await twin.api<StaffMember>('POST', '/staff', { token: owner, body: { email: `tianhe-${Date.now()}@demo.local`, displayName: '天河前台', role: 'frontdesk', clinicIds: [twin.demo.tianheId] } });
    expect(invited.status).toBe(201);
    const lead = await newLead({ budget: 'under-5000', priority: 'price' });
    for (const userId of [idOf('dentist@demo.local'), idOf('marketing@demo.local'), invited.body.userId, 'nobody']) {
      const res = await twin.api('PUT', `/leads/${lead.leadId}/assignee`, { token: owner, body: { userId, version: 0 } });
      expect(res.status, userId).toBe(400);
      expect(fieldsOf(res.body)).toEqual(['userId:staff.not_found']);
    }
    const bad = await twin.api('PUT', `/leads/${lead.leadId}/assignee`, { token: owner, body: { userId: '', version: -1, extra: 1 } });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body).map((f) => f.split(':')[0]).sort()).toEqual(['extra', 'userId', 'version']);
    expect((await leadNow(lead))?.version).toBe(0);

    expect((await twin.api('POST', `/leads/${lead.leadId}/convert`, { token: owner })).status).toBe(201);
    const late = await twin.api('PUT', `/leads/${lead.leadId}/assignee`, { token: owner, body: { userId: idOf('frontdesk@demo.local'), version: 0 } });
    expect(late.status).toBe(409);
    expect(fieldsOf(late.body)).toEqual(['leadId:already_done']);
  });

  it('lets owner, manager and desk hand leads over, not dentists or marketing; only owner and manager name seniors', async () => {
    const lead = await newLead({ budget: 'over-20000', priority: 'privacy' });
    for (const role of ['dentist', 'marketing'] as const) {
      expect((await twin.api('PUT', `/leads/${lead.leadId}/assignee`, { token: await twin.tokenFor(role), body: { userId: idOf('frontdesk@demo.local'), version: 0 } })).status, role).toBe(403);
    }
    expect((await setSeniors([], await twin.tokenFor('frontdesk'))).status).toBe(403);
    expect((await setSeniors([], await twin.tokenFor('marketing'))).status).toBe(403);
    expect((await setSeniors([idOf('manager@demo.local')], await twin.tokenFor('manager'))).status).toBe(200);
    // Marketing reads leads with the tier and the consultant, the phone masked.
    const seen = await leadNow(lead, await twin.tokenFor('marketing'));
    expect(seen).toMatchObject({ tier: 'high-value' });
    expect(seen?.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
  });

  it('validates the senior list and refuses a stale one', async () => {
    const current = (await routing()).body;
    const cases: [unknown[], string][] = [
      [[idOf('dentist@demo.local')], 'seniorConsultants.0:staff.not_found'],
      [[idOf('manager@demo.local'), idOf('manager@demo.local')], 'seniorConsultants:list.repeat'],
    ];
    for (const [ids, field] of cases) {
      const res = await twin.api('PUT', '/lead-routing', { token: owner, body: { clinicId: twin.demo.jinganId, seniorConsultants: ids, version: current.version } });
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toEqual([field]);
    }
    const stale = await twin.api('PUT', '/lead-routing', { token: owner, body: { clinicId: twin.demo.jinganId, seniorConsultants: [], version: current.version + 5 } });
    expect(stale.status).toBe(409);
    expect((await routing()).body.version).toBe(current.version);
  });

  it('keeps another chain out: its owner gets 404 for our lead and clinic, 400 for our clinic in a body', async () => {
    const lead = await newLead({ budget: 'over-20000', priority: 'privacy' });
    expect((await twin.api('PUT', `/leads/${lead.leadId}/assignee`, { token: other.ownerToken, body: { userId: null, version: 0 } })).status).toBe(404);
    expect((await routing(twin.demo.jinganId, other.ownerToken)).status).toBe(404);
    const put = await twin.api('PUT', '/lead-routing', { token: other.ownerToken, body: { clinicId: twin.demo.jinganId, seniorConsultants: [], version: 0 } });
    expect(put.status).toBe(400);
    expect(fieldsOf(put.body)).toEqual(['clinicId:clinic.not_yours']);
    // A desk of 静安 cannot hand over 天河's leads either.
    const tianhe = await newLead({ budget: 'under-5000', priority: 'price' }, twin.demo.tianheId);
    expect((await twin.api('PUT', `/leads/${tianhe.leadId}/assignee`, { token: await twin.tokenFor('frontdesk'), body: { userId: null, version: 0 } })).status).toBe(404);
  });
});

const unmatchedReply = async (text = '我是王阿姨的女儿，想给妈妈约周六'): Promise<ListedUnmatchedReply> => {
  const sent = await twin.api<SimulatedReply>('POST', '/dev/sms-replies', { token: owner, body: { from: uniquePhone('177'), body: text } });
  expect(sent.body.outcome).toBe('unmatched');
  const reply = (await listUnmatched()).find((r) => r.inboundMessageId === sent.body.inboundMessageId);
  if (!reply) throw new Error('reply not listed');
  return reply;
};
const listUnmatched = async (token = owner) => (await twin.api<Page<ListedUnmatchedReply>>('GET', '/sms-replies/unmatched?limit=100', { token })).body.items;

const newPatient = async (token = owner, clinicId = twin.demo.jinganId) =>
  (await twin.api<Patient>('POST', '/patients', { token, body: { name: '王阿姨', phone: uniquePhone(), clinicId } })).body;

describe('replies from unknown numbers', () => {
  it('assigned to a patient, a reply becomes their front-desk task with the words, and leaves the list', async () => {
    const reply = await unmatchedReply();
    const patient = await newPatient();
    const frontdesk = await twin.tokenFor('frontdesk');
    const assigned = await twin.api<FollowUpTask>('POST', `/sms-replies/unmatched/${reply.replyId}/assign`, { token: frontdesk, body: { patientId: patient.patientId } });
    expect(assigned.status).toBe(201);
    expect(assigned.body).toMatchObject({ patientId: patient.patientId, patientName: '王阿姨', clinicId: twin.demo.jinganId, kind: 'reply', status: 'open', replyText: reply.text });
    // due in the clinic's working hours from now (09:00–18:00 Shanghai), as a matched reply's task
    const { replyDueAt } = await import('../../shared/domain/tasks.js');
    expect(Math.abs(Date.parse(assigned.body.dueAt) - Date.parse(replyDueAt(assigned.body.createdAt, 'Asia/Shanghai')))).toBeLessThan(1000);
    expect((await listUnmatched()).some((r) => r.replyId === reply.replyId)).toBe(false);
    const tasks = await twin.api<{ items: TaskListItem[] }>('GET', `/tasks?clinicId=${twin.demo.jinganId}&assignee=all&limit=200`, { token: frontdesk });
    expect(tasks.body.items.find((t) => t.taskId === assigned.body.taskId)).toMatchObject({ patientId: patient.patientId, replyText: reply.text });
    // It is gone: a second assignment finds nothing.
    expect((await twin.api('POST', `/sms-replies/unmatched/${reply.replyId}/assign`, { token: frontdesk, body: { patientId: patient.patientId } })).status).toBe(404);
  });

  it('dismissed, a reply leaves the list once; two desks at the same moment make one task', async () => {
    const replies = [await unmatchedReply('广告'), await unmatchedReply('发错了')];
    for (const reply of replies) expect((await twin.api('POST', `/sms-replies/unmatched/${reply.replyId}/dismiss`, { token: owner })).status).toBe(200);
    const left = await listUnmatched();
    expect(left.filter((r) => replies.some((x) => x.replyId === r.replyId))).toEqual([]);
    expect((await twin.api('POST', `/sms-replies/unmatched/${replies[0]?.replyId}/dismiss`, { token: owner })).status).toBe(404);

    const reply = await unmatchedReply('能改期吗');
    const patient = await newPatient();
    const race = await Promise.all([
      twin.api('POST', `/sms-replies/unmatched/${reply.replyId}/assign`, { token: owner, body: { patientId: patient.patientId } }),
      twin.api('POST', `/sms-replies/unmatched/${reply.replyId}/dismiss`, { token: owner }),
      twin.api('POST', `/sms-replies/unmatched/${reply.replyId}/assign`, { token: owner, body: { patientId: patient.patientId } }),
    ]);
    expect(race.filter((r) => r.status < 300)).toHaveLength(1);
    expect(race.every((r) => [200, 201, 404, 409].includes(r.status))).toBe(true);
    const tasks = await twin.api<{ items: TaskListItem[] }>('GET', `/tasks?clinicId=${twin.demo.jinganId}&assignee=all&limit=200`, { token: owner });
    expect(tasks.body.items.filter((t) => t.patientId === patient.patientId).length).toBeLessThanOrEqual(1);
  });

  it('refuses bad input naming the field, a patient the caller cannot see, marketing, and another chain', async () => {
    const reply = await unmatchedReply();
    const path = `/sms-replies/unmatched/${reply.replyId}`;
    const cases: [unknown, string][] = [[{}, 'patientId:required'], [{ patientId: 'x' }, 'patientId:id.invalid'], [{ patientId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }, 'patientId:patient.not_visible']];
    for (const [body, field] of cases) {
      const res = await twin.api('POST', `${path}/assign`, { token: owner, body });
      expect(res.status).toBe(400);
      expect(fieldsOf(res.body)).toEqual([field]);
    }
    const theirs = await newPatient(other.ownerToken, other.clinicId);
    const cross = await twin.api('POST', `${path}/assign`, { token: owner, body: { patientId: theirs.patientId } });
    expect(fieldsOf(cross.body)).toEqual(['patientId:patient.not_visible']);
    // 天河's patient is out of the 静安 desk's reach.
    const tianhe = await newPatient(owner, twin.demo.tianheId);
    expect(fieldsOf((await twin.api('POST', `${path}/assign`, { token: await twin.tokenFor('frontdesk'), body: { patientId: tianhe.patientId } })).body)).toEqual(['patientId:patient.not_visible']);
    expect((await twin.api('POST', `${path}/dismiss`, { token: owner, body: { reason: 'x' } })).status).toBe(400);
    expect((await twin.api('POST', `${path}/dismiss`, { token: await twin.tokenFor('marketing') })).status).toBe(403);
    expect((await twin.api('POST', `${path}/dismiss`, { token: other.ownerToken })).status).toBe(404);
    expect((await twin.api('POST', `${path}/assign`, { token: other.ownerToken, body: { patientId: theirs.patientId } })).status).toBe(404);
    for (const bad of ['nope', '2026-01-01T00_3A00~0123456789abcdef']) expect((await twin.api('POST', `/sms-replies/unmatched/${bad}/dismiss`, { token: owner })).status).toBe(404);
    // Nothing of that touched the reply.
    expect((await listUnmatched()).some((r) => r.replyId === reply.replyId)).toBe(true);
  });
});

describe('names in the complaint and survey lists', () => {
  it('name the patient (and the complaint’s owner) so the screen needs no request per row', async () => {
    const patient = await newPatient();
    const opened = await twin.api<{ complaintId: string }>('POST', '/complaints', {
      token: owner, body: { patientId: patient.patientId, clinicId: twin.demo.jinganId, category: 'billing', description: '收费不清楚', severity: 'low' },
    });
    await twin.api('PATCH', `/complaints/${opened.body.complaintId}`, { token: owner, body: { status: 'in-progress', owner: idOf('manager@demo.local') } });
    const listed = await twin.api<Page<{ complaintId: string; patientName?: string; ownerName?: string }>>('GET', `/complaints?clinicId=${twin.demo.jinganId}&status=open&limit=100`, { token: owner });
    expect(listed.body.items.find((c) => c.complaintId === opened.body.complaintId)).toMatchObject({ patientName: '王阿姨', ownerName: '李店长' });

    const invitation = await twin.api<{ token: string; surveyId: string }>('POST', `/patients/${patient.patientId}/surveys`, { token: owner, body: {} });
    expect((await twin.api('POST', `/public/surveys/${invitation.body.token}`, { body: { score: 5, nps: 10, comment: '很好' } })).status).toBe(200);
    const report = await twin.api<{ items: { surveyId: string; patientName?: string; comment?: string }[] }>('GET', `/surveys?clinicId=${twin.demo.jinganId}&limit=100`, { token: await twin.tokenFor('marketing') });
    const answer = report.body.items.find((r) => r.surveyId === invitation.body.surveyId);
    expect(answer?.patientName).toBe('王阿姨');
    expect(answer).not.toHaveProperty('comment');
  });
});
