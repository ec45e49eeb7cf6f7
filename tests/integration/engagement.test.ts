/**
 * Engagement on DynamoDB Local: complaints and the marketing block, satisfaction surveys
 * answered once through a public link, the intake questionnaire, and leads converted once.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApiErrorBody } from '../../shared/schemas/common.js';
import type {
  Complaint, IntakeLink, Lead, LeadAlreadyConvertedBody, Page, PublicIntakeForm, PublicSurvey, SurveyInvitation, SurveyResult,
} from '../../shared/schemas/engagement.js';
import type { SurveySummary } from '../../shared/domain/nps.js';
import type { Patient, PatientPage } from '../../shared/schemas/patient.js';
import type { StaffMember } from '../../shared/schemas/org.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';
import { leadEntity } from '../../functions/adapters/dynamo/entities/lead.js';
import { patientEntity } from '../../functions/adapters/dynamo/entities/patient.js';

let twin: TestTwin;
let owner: string;
const logLines: string[] = [];

beforeAll(async () => {
  // Request logs on, and kept, so the last test can check them for patient data.
  process.env.LOG_LEVEL = 'INFO';
  const capture = (chunk: unknown) => {
    logLines.push(String(chunk));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture as typeof process.stdout.write);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture as typeof process.stderr.write);
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
});
afterAll(async () => {
  vi.restoreAllMocks();
  await twin?.stop();
});

let n = 0;
const uniquePhone = () => `135${String(Date.now() % 1e4).padStart(4, '0')}${String(n++ % 1e4).padStart(4, '0')}`;

const newPatient = async (clinicId = twin.demo.jinganId, name = '投诉患者'): Promise<Patient> => {
  const res = await twin.api<Patient>('POST', '/patients', { token: owner, body: { name, phone: uniquePhone(), clinicId } });
  expect(res.status).toBe(201);
  return res.body;
};

const fileComplaint = async (patient: Patient, overrides: Record<string, unknown> = {}, token = owner) =>
  twin.api<Complaint>('POST', '/complaints', {
    token,
    body: { patientId: patient.patientId, clinicId: patient.clinicId, category: 'pain', description: '拔牙后疼痛没有人回访', severity: 'high', ...overrides },
  });

const doNotContactOf = async (patientId: string) =>
  (await twin.api<Patient>('GET', `/patients/${patientId}`, { token: owner })).body.doNotContact.openComplaint;

/** The stored count itself: it must never go below zero. */
const storedOpenCount = async (patientId: string): Promise<number | undefined> => {
  const { documentClient, tableName } = await import('../../functions/adapters/dynamo/client.js');
  const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: patientEntity.key({ tenantId: twin.demo.tenantId, patientId }) }));
  return Item?.openComplaintCount as number | undefined;
};

const fieldsOf = (body: unknown) => (body as ApiErrorBody).error.fields?.map((f) => f.path) ?? [];

describe('complaints', () => {
  it('an open complaint blocks marketing to the patient until it is resolved', async () => {
    const patient = await newPatient();
    expect(await doNotContactOf(patient.patientId)).toBe(false);
    const opened = await fileComplaint(patient);
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ status: 'open', source: 'staff', patientId: patient.patientId, clinicId: twin.demo.jinganId });
    expect(opened.body.complaintId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(await doNotContactOf(patient.patientId)).toBe(true);

    const staff = (await twin.api<{ items: StaffMember[] }>('GET', '/staff', { token: owner })).body.items;
    const frontdesk = staff.find((s) => s.email === 'frontdesk@demo.local');
    const working = await twin.api<Complaint>('PATCH', `/complaints/${opened.body.complaintId}`, { token: owner, body: { status: 'in-progress', owner: frontdesk?.userId } });
    expect(working.status).toBe(200);
    expect(working.body).toMatchObject({ status: 'in-progress', owner: frontdesk?.userId });
    expect(await doNotContactOf(patient.patientId)).toBe(true);

    const resolved = await twin.api<Complaint>('PATCH', `/complaints/${opened.body.complaintId}`, { token: owner, body: { status: 'resolved', resolution: '已回访并复查，疼痛缓解' } });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', resolution: '已回访并复查，疼痛缓解', owner: frontdesk?.userId });
    expect(resolved.body.resolvedAt).toBeDefined();
    expect(await doNotContactOf(patient.patientId)).toBe(false);
    expect(await storedOpenCount(patient.patientId)).toBe(0);
  });

  it('resolving twice does not decrement twice, even at the same moment', async () => {
    const patient = await newPatient();
    const first = (await fileComplaint(patient)).body;
    const second = (await fileComplaint(patient, { category: 'billing', severity: 'low' })).body;
    expect(await storedOpenCount(patient.patientId)).toBe(2);

    const resolve = () => twin.api('PATCH', `/complaints/${first.complaintId}`, { token: owner, body: { status: 'resolved', resolution: '已处理' } });
    const statuses = (await Promise.all([resolve(), resolve(), resolve()])).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409]);
    const again = await resolve();
    expect(again.status).toBe(409);
    expect(fieldsOf(again.body)).toEqual(['status']);
    // The other complaint is still open: one resolution closed exactly one.
    expect(await storedOpenCount(patient.patientId)).toBe(1);
    expect(await doNotContactOf(patient.patientId)).toBe(true);

    await twin.api('PATCH', `/complaints/${second.complaintId}`, { token: owner, body: { status: 'resolved', resolution: '已退差价' } });
    expect(await storedOpenCount(patient.patientId)).toBe(0);
    expect(await doNotContactOf(patient.patientId)).toBe(false);
  });

  it('moves forward only, and needs a resolution note to resolve', async () => {
    const patient = await newPatient();
    const complaint = (await fileComplaint(patient)).body;
    const path = `/complaints/${complaint.complaintId}`;
    const noNote = await twin.api('PATCH', path, { token: owner, body: { status: 'resolved' } });
    expect(noNote.status).toBe(400);
    expect(fieldsOf(noNote.body)).toEqual(['resolution']);
    const noteWithoutResolve = await twin.api('PATCH', path, { token: owner, body: { resolution: '已处理' } });
    expect(noteWithoutResolve.status).toBe(400);
    expect(fieldsOf(noteWithoutResolve.body)).toEqual(['resolution']);
    expect((await twin.api('PATCH', path, { token: owner, body: { status: 'in-progress' } })).status).toBe(200);
    const back = await twin.api('PATCH', path, { token: owner, body: { status: 'open' } });
    expect(back.status).toBe(409);
    expect(fieldsOf(back.body)).toEqual(['status']);
    const badOwner = await twin.api('PATCH', path, { token: owner, body: { owner: 'not-a-staff-member' } });
    expect(badOwner.status).toBe(400);
    expect(fieldsOf(badOwner.body)).toEqual(['owner']);
    expect((await twin.api('PATCH', path, { token: owner, body: {} })).status).toBe(400);
    expect(await doNotContactOf(patient.patientId)).toBe(true);
  });

  it('refuses bad input with 400 naming each field, and writes nothing', async () => {
    const patient = await newPatient();
    const bad = await fileComplaint(patient, { category: 'rude', severity: 'urgent', description: '' });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad.body).sort()).toEqual(['category', 'description', 'severity']);
    const extra = await fileComplaint(patient, { tenantId: 'someone-else' });
    expect(extra.status).toBe(400);
    expect(fieldsOf(extra.body)).toEqual(['tenantId']);
    const unknownPatient = await fileComplaint({ ...patient, patientId: '01J00000000000000000000000' });
    expect(unknownPatient.status).toBe(400);
    expect(fieldsOf(unknownPatient.body)).toEqual(['patientId']);
    expect(await doNotContactOf(patient.patientId)).toBe(false);
    expect(await storedOpenCount(patient.patientId)).toBeUndefined();
  });

  it('lists a clinic’s open and resolved complaints, newest first, in pages', async () => {
    const clinic = twin.demo.tianheId;
    const patient = await newPatient(clinic);
    const made: Complaint[] = [];
    for (let i = 0; i < 4; i++) made.push((await fileComplaint(patient, { description: `第${i}次投诉` })).body);
    await twin.api('PATCH', `/complaints/${made[0]?.complaintId}`, { token: owner, body: { status: 'resolved', resolution: '已处理' } });

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await twin.api<Page<Complaint>>('GET', `/complaints?clinicId=${clinic}&status=open&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: owner });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((c) => c.complaintId));
      cursor = page.body.cursor;
    } while (cursor);
    expect(seen).toEqual(made.slice(1).map((c) => c.complaintId).reverse());
    const resolved = await twin.api<Page<Complaint>>('GET', `/complaints?clinicId=${clinic}&status=resolved`, { token: owner });
    expect(resolved.body.items.map((c) => c.complaintId)).toEqual([made[0]?.complaintId]);
    const all = await twin.api<Page<Complaint>>('GET', `/complaints?clinicId=${clinic}`, { token: owner });
    expect(all.body.items).toHaveLength(4);
    expect((await twin.api('GET', `/complaints?clinicId=${clinic}&status=closed`, { token: owner })).status).toBe(400);
  });

  it('keeps other clinics’ and other chains’ complaints out of reach (404)', async () => {
    const inTianhe = (await fileComplaint(await newPatient(twin.demo.tianheId))).body;
    const frontdesk = await twin.tokenFor('frontdesk');
    expect((await twin.api('PATCH', `/complaints/${inTianhe.complaintId}`, { token: frontdesk, body: { status: 'in-progress' } })).status).toBe(404);
    expect((await twin.api('GET', `/complaints?clinicId=${twin.demo.tianheId}`, { token: frontdesk })).status).toBe(404);
    // The front desk works in one clinic: its list needs no clinicId.
    const own = await twin.api<Page<Complaint>>('GET', '/complaints', { token: frontdesk });
    expect(own.status).toBe(200);
    expect(own.body.items.every((c) => c.clinicId === twin.demo.jinganId)).toBe(true);
    const other = await twin.otherChain();
    expect((await twin.api('PATCH', `/complaints/${inTianhe.complaintId}`, { token: other.ownerToken, body: { status: 'resolved', resolution: 'x' } })).status).toBe(404);
    const foreign = await twin.api('POST', '/complaints', { token: other.ownerToken, body: { patientId: inTianhe.patientId, clinicId: other.clinicId, category: 'pain', description: 'x', severity: 'low' } });
    expect(foreign.status).toBe(400);
    expect(fieldsOf(foreign.body)).toEqual(['patientId']);
    expect((await twin.api<Page<Complaint>>('GET', '/complaints', { token: other.ownerToken })).body.items).toEqual([]);
  });
});

const invite = async (patientId: string, body: Record<string, unknown> = {}) => {
  const res = await twin.api<SurveyInvitation>('POST', `/patients/${patientId}/surveys`, { token: owner, body });
  expect(res.status).toBe(201);
  return res.body;
};

describe('satisfaction surveys', () => {
  it('gives a public link that carries the tenant and 128 random bits, and shows no patient data', async () => {
    const patient = await newPatient(twin.demo.jinganId, '满意度患者');
    const survey = await invite(patient.patientId, { visitDate: '2026-01-15' });
    expect(survey.token).toMatch(new RegExp(`^${twin.demo.tenantId}\\.[A-Za-z0-9_-]{22}$`));
    expect(survey.path).toBe(`/public/surveys/${survey.token}`);
    const page = await twin.api<PublicSurvey>('GET', `/public/surveys/${survey.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toEqual({ clinicName: '静安店', visitDate: '2026-01-15', answered: false });
    expect(JSON.stringify(page.body)).not.toContain(patient.phone);
  });

  it('is answered once: a second answer, even at the same moment, is a 409 and counts nothing', async () => {
    const clinic = twin.demo.tianheId;
    const patient = await newPatient(clinic);
    const before = (await twin.api<{ totals: SurveySummary }>('GET', `/surveys?clinicId=${clinic}`, { token: owner })).body.totals.answerCount;
    const survey = await invite(patient.patientId);
    const answer = () => twin.api('POST', `/public/surveys/${survey.token}`, { body: { score: 5, nps: 10, comment: '医生很耐心' } });
    const statuses = (await Promise.all([answer(), answer()])).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409]);
    const third = await answer();
    expect(third.status).toBe(409);
    expect((await twin.api<PublicSurvey>('GET', `/public/surveys/${survey.token}`)).body.answered).toBe(true);
    const report = await twin.api<{ items: SurveyResult[]; totals: SurveySummary }>('GET', `/surveys?clinicId=${clinic}`, { token: owner });
    expect(report.body.totals.answerCount).toBe(before + 1);
    expect(report.body.items.filter((r) => r.surveyId === survey.surveyId)).toHaveLength(1);
  });

  it('acknowledges an answer without echoing anything', async () => {
    const survey = await invite((await newPatient()).patientId);
    const res = await twin.api('POST', `/public/surveys/${survey.token}`, { body: { score: 4, nps: 8 } });
    expect(res).toEqual({ status: 200, body: { received: true } });
  });

  it('validates answers strictly, naming the field', async () => {
    const survey = await invite((await newPatient()).patientId);
    const path = `/public/surveys/${survey.token}`;
    const cases: [Record<string, unknown>, string[]][] = [
      [{ score: 6, nps: 5 }, ['score']],
      [{ score: 4.5, nps: 5 }, ['score']],
      [{ score: 4, nps: 11 }, ['nps']],
      [{ score: '5', nps: 5 }, ['score']],
      [{ nps: 5 }, ['score']],
      [{ score: 4, nps: 5, comment: '很'.repeat(1001) }, ['comment']],
      [{ score: 4, nps: 5, tenantId: twin.demo.tenantId }, ['tenantId']],
      [{ score: 4, nps: 5, patientId: 'x' }, ['patientId']],
    ];
    for (const [body, fields] of cases) {
      const res = await twin.api('POST', path, { body });
      expect(res.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(fieldsOf(res.body)).toEqual(fields);
    }
    expect((await twin.api('POST', path, { rawBody: 'not json' })).status).toBe(400);
    expect((await twin.api('POST', path, { body: { score: 4, nps: 5, comment: 'x'.repeat(9000) } })).status).toBe(413);
    expect((await twin.api<PublicSurvey>('GET', path)).body.answered).toBe(false);
    const future = await twin.api('POST', `/patients/${survey.patientId}/surveys`, { token: owner, body: { visitDate: '2999-01-01' } });
    expect(future.status).toBe(400);
    expect(fieldsOf(future.body)).toEqual(['visitDate']);
  });

  it('an invitation names only a visit of this patient: not a made-up one, another patient\'s or another chain\'s', async () => {
    const frontdesk = await twin.tokenFor('frontdesk');
    const checkout = async (token: string, patientId: string, clinicId: string, dentistId: string) => {
      const procedures = (await twin.api<{ items: { procedureId: string; code: string }[] }>('GET', '/procedures', { token })).body.items;
      const cleaning = procedures.find((p) => p.code === 'cleaning')?.procedureId;
      const res = await twin.api<{ visitId: string }>('POST', `/patients/${patientId}/visits`, {
        token,
        body: { clinicId, dentistId, lines: [{ procedureId: cleaning }], payments: [{ method: 'cash', amountFen: 15_000 }] },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.visitId;
    };
    const patient = await newPatient();
    const own = await checkout(frontdesk, patient.patientId, twin.demo.jinganId, twin.demo.dentistId);
    const neighbour = await newPatient();
    const neighboursVisit = await checkout(frontdesk, neighbour.patientId, twin.demo.jinganId, twin.demo.dentistId);
    const other = await twin.otherChain();
    const stranger = (await twin.api<Patient>('POST', '/patients', { token: other.ownerToken, body: { name: '他人患者', phone: uniquePhone(), clinicId: other.clinicId } })).body;
    const otherOwner = (await twin.api<{ userId: string }>('GET', '/me', { token: other.ownerToken })).body.userId;
    const otherChainsVisit = await checkout(other.ownerToken, stranger.patientId, other.clinicId, otherOwner);

    for (const visitId of ['01JZZZZZZZZZZZZZZZZZZZZZZZ', neighboursVisit, otherChainsVisit]) {
      const res = await twin.api('POST', `/patients/${patient.patientId}/surveys`, { token: owner, body: { visitId } });
      expect(res.status, visitId).toBe(400);
      expect(fieldsOf(res.body)).toEqual(['visitId']);
    }
    expect((await invite(patient.patientId, { visitId: own })).visitId).toBe(own);
  });

  it('answers 404 to a forged, malformed or other-tenant token', async () => {
    const survey = await invite((await newPatient()).patientId);
    const [, secret] = survey.token.split('.');
    const other = await twin.otherChain();
    const forged = [
      `${twin.demo.tenantId}.${'A'.repeat(22)}`,
      `${other.tenantId}.${secret}`,
      `${twin.demo.tenantId}.${secret}x`,
      `${twin.demo.tenantId}`,
      'nonsense',
      `${twin.demo.tenantId}.${secret?.slice(0, 21)}`,
    ];
    for (const token of forged) {
      expect((await twin.api('GET', `/public/surveys/${encodeURIComponent(token)}`)).status, token).toBe(404);
      expect((await twin.api('POST', `/public/surveys/${encodeURIComponent(token)}`, { body: { score: 5, nps: 10 } })).status, token).toBe(404);
    }
    // An intake link's token is not a survey's.
    const link = (await twin.api<IntakeLink>('POST', '/intake-links', { token: owner, body: { clinicId: twin.demo.jinganId, label: '测试' } })).body;
    expect((await twin.api('GET', `/public/surveys/${link.token}`)).status).toBe(404);
  });

  it('an unhappy answer opens a complaint, which blocks marketing until resolved', async () => {
    const patient = await newPatient();
    const survey = await invite(patient.patientId);
    expect((await twin.api('POST', `/public/surveys/${survey.token}`, { body: { score: 2, nps: 3, comment: '等了一个小时' } })).status).toBe(200);
    expect(await doNotContactOf(patient.patientId)).toBe(true);
    const open = await twin.api<Page<Complaint>>('GET', `/complaints?clinicId=${twin.demo.jinganId}&status=open&limit=100`, { token: owner });
    const complaint = open.body.items.find((c) => c.surveyId === survey.surveyId);
    expect(complaint).toMatchObject({ source: 'survey', patientId: patient.patientId, description: '等了一个小时', status: 'open', severity: 'medium' });

    // A detractor who writes nothing, or a passive who does, opens none.
    const quiet = await newPatient();
    await twin.api('POST', `/public/surveys/${(await invite(quiet.patientId)).token}`, { body: { score: 3, nps: 5 } });
    await twin.api('POST', `/public/surveys/${(await invite(quiet.patientId)).token}`, { body: { score: 4, nps: 7, comment: '还可以' } });
    expect(await doNotContactOf(quiet.patientId)).toBe(false);

    await twin.api('PATCH', `/complaints/${complaint?.complaintId}`, { token: owner, body: { status: 'resolved', resolution: '已致电致歉' } });
    expect(await doNotContactOf(patient.patientId)).toBe(false);
  });

  it('reports answers per clinic with average score and NPS; marketing gets no comments', async () => {
    const clinicId = twin.demo.tianheId;
    const patient = await newPatient(clinicId);
    const before = (await twin.api<{ totals: SurveySummary }>('GET', `/surveys?clinicId=${clinicId}`, { token: owner })).body.totals;
    for (const [score, nps] of [[5, 10], [4, 9], [3, 7], [5, 2]] as const) {
      const survey = await invite(patient.patientId);
      expect((await twin.api('POST', `/public/surveys/${survey.token}`, { body: { score, nps, comment: '种植后的感受' } })).status).toBe(200);
    }
    const report = await twin.api<{ items: SurveyResult[]; summary: SurveySummary; totals: SurveySummary & { period: string } }>(
      'GET', `/surveys?clinicId=${clinicId}&limit=4`, { token: owner },
    );
    expect(report.status).toBe(200);
    expect(report.body.items.map((r) => [r.score, r.nps])).toEqual([[5, 2], [3, 7], [4, 9], [5, 10]]);
    expect(report.body.summary).toEqual({ answerCount: 4, averageScore: 4.25, nps: 25, promoters: 2, passives: 1, detractors: 1 });
    expect(report.body.totals.answerCount).toBe(before.answerCount + 4);
    expect(report.body.totals.period).toBe('ALL');
    expect(report.body.items[0]?.comment).toBe('种植后的感受');

    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date());
    const monthly = await twin.api<{ items: SurveyResult[]; totals: SurveySummary & { period: string } }>('GET', `/surveys?clinicId=${clinicId}&month=${month}&limit=100`, { token: owner });
    expect(monthly.body.totals.period).toBe(month);
    expect(monthly.body.totals.answerCount).toBeGreaterThanOrEqual(4);
    expect((await twin.api<{ items: SurveyResult[] }>('GET', `/surveys?clinicId=${clinicId}&month=2001-01`, { token: owner })).body.items).toEqual([]);

    const marketing = await twin.tokenFor('marketing');
    const seen = await twin.api<{ items: SurveyResult[] }>('GET', `/surveys?clinicId=${clinicId}&limit=4`, { token: marketing });
    expect(seen.status).toBe(200);
    expect(seen.body.items).toHaveLength(4);
    expect(JSON.stringify(seen.body)).not.toContain('种植后的感受');
    expect(JSON.stringify(seen.body)).not.toMatch(/"token"|SURVEY#/);

    const page1 = await twin.api<{ items: SurveyResult[]; cursor?: string }>('GET', `/surveys?clinicId=${clinicId}&limit=2`, { token: owner });
    const page2 = await twin.api<{ items: SurveyResult[] }>('GET', `/surveys?clinicId=${clinicId}&limit=2&cursor=${page1.body.cursor}`, { token: owner });
    expect([...page1.body.items, ...page2.body.items].map((r) => r.surveyId)).toEqual(report.body.items.map((r) => r.surveyId));
    expect((await twin.api('GET', `/surveys?clinicId=${twin.demo.jinganId}&cursor=${page1.body.cursor}`, { token: owner })).status).toBe(400);
  });
});

const intakeAnswer = (overrides: Record<string, unknown> = {}) => ({
  name: '林女士',
  phone: uniquePhone(),
  budget: 'over-20000',
  priority: 'privacy',
  interests: ['implant', 'cosmetic'],
  preferredTime: '周六上午',
  contactConsent: true,
  marketingConsent: true,
  ...overrides,
});

const newLink = async (clinicId = twin.demo.jinganId, channel = 'dianping') => {
  const res = await twin.api<IntakeLink>('POST', '/intake-links', { token: owner, body: { clinicId, label: '大众点评问卷', channel } });
  expect(res.status).toBe(201);
  return res.body;
};

const leadsOf = async (link: IntakeLink, token = owner, status?: 'new' | 'converted') =>
  (await twin.api<Page<Lead>>('GET', `/leads?clinicId=${link.clinicId}&limit=100${status ? `&status=${status}` : ''}`, { token })).body.items.filter((l) => l.linkId === link.linkId);

describe('intake questionnaire and leads', () => {
  it('shows the clinic and the choices on the public form, not the staff label', async () => {
    const link = await newLink();
    expect(link.token).toMatch(new RegExp(`^${twin.demo.tenantId}\\.[A-Za-z0-9_-]{22}$`));
    const form = await twin.api<PublicIntakeForm>('GET', `/public/intake/${link.token}`);
    expect(form.status).toBe(200);
    expect(form.body.clinicName).toBe('静安店');
    expect(form.body.options.budget.map((o) => o.value)).toEqual(['under-5000', '5000-20000', 'over-20000']);
    expect(form.body.options.priority.map((o) => o.label)).toEqual(['价格', '技术', '隐私体验']);
    expect(form.body.options.interests.map((o) => o.value)).toEqual(['basic', 'restorative', 'implant', 'ortho', 'perio', 'cosmetic', 'pediatric']);
    expect(JSON.stringify(form.body)).not.toContain('大众点评问卷');
    const listed = await twin.api<Page<IntakeLink>>('GET', `/intake-links?clinicId=${twin.demo.jinganId}&limit=100`, { token: owner });
    expect(listed.body.items.find((l) => l.linkId === link.linkId)).toMatchObject({ label: '大众点评问卷', channel: 'dianping', leadCount: 0, token: link.token });
  });

  it('turns an answer into a lead; marketing sees the phone masked', async () => {
    const link = await newLink();
    const sent = await twin.api('POST', `/public/intake/${link.token}`, { body: intakeAnswer({ phone: '138 1234 5678' }) });
    expect(sent).toEqual({ status: 200, body: { received: true } });
    const [lead] = await leadsOf(link);
    expect(lead).toMatchObject({
      clinicId: twin.demo.jinganId, name: '林女士', phone: '+8613812345678', budget: 'over-20000', priority: 'privacy',
      interests: ['implant', 'cosmetic'], preferredTime: '周六上午', channel: 'dianping', contactConsent: true, marketingConsent: true, status: 'new',
    });
    const marketing = await twin.tokenFor('marketing');
    const [masked] = await leadsOf(link, marketing);
    expect(masked?.phone).toBe('138****5678');
    const all = await twin.api<Page<Lead>>('GET', `/leads?clinicId=${twin.demo.jinganId}&limit=100`, { token: marketing });
    expect(all.body.items.every((l) => /^\d{3}\*{4}\d{4}$/.test(l.phone))).toBe(true);
    const listed = await twin.api<Page<IntakeLink>>('GET', `/intake-links?clinicId=${twin.demo.jinganId}&limit=100`, { token: owner });
    expect(listed.body.items.find((l) => l.linkId === link.linkId)?.leadCount).toBe(1);
  });

  it('validates the public form strictly and never takes a tenant or clinic from it', async () => {
    const link = await newLink();
    const path = `/public/intake/${link.token}`;
    const cases: [Record<string, unknown>, string[]][] = [
      [intakeAnswer({ contactConsent: false }), ['contactConsent']],
      [intakeAnswer({ contactConsent: undefined }), ['contactConsent']],
      [intakeAnswer({ phone: '12345' }), ['phone']],
      [intakeAnswer({ budget: '10000' }), ['budget']],
      [intakeAnswer({ priority: 'speed' }), ['priority']],
      [intakeAnswer({ interests: ['whitening'] }), ['interests.0']],
      [intakeAnswer({ interests: [] }), ['interests']],
      [intakeAnswer({ interests: ['ortho', 'ortho'] }), ['interests']],
      [intakeAnswer({ marketingConsent: 'yes' }), ['marketingConsent']],
      [intakeAnswer({ name: '' }), ['name']],
      [intakeAnswer({ preferredTime: '很'.repeat(51) }), ['preferredTime']],
      [intakeAnswer({ tenantId: twin.demo.tenantId }), ['tenantId']],
      [intakeAnswer({ clinicId: twin.demo.tianheId }), ['clinicId']],
    ];
    for (const [body, fields] of cases) {
      const res = await twin.api('POST', path, { body });
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(fieldsOf(res.body)).toEqual(fields);
    }
    expect(await leadsOf(link)).toEqual([]);
  });

  it('answers 404 to a forged intake token', async () => {
    const link = await newLink();
    const [, secret] = link.token.split('.');
    const other = await twin.otherChain();
    for (const token of [`${twin.demo.tenantId}.${'B'.repeat(22)}`, `${other.tenantId}.${secret}`, 'x.y', `${secret}`]) {
      expect((await twin.api('GET', `/public/intake/${encodeURIComponent(token)}`)).status, token).toBe(404);
      expect((await twin.api('POST', `/public/intake/${encodeURIComponent(token)}`, { body: intakeAnswer() })).status, token).toBe(404);
    }
    // A survey token does not open an intake form.
    const survey = await invite((await newPatient()).patientId);
    expect((await twin.api('GET', `/public/intake/${survey.token}`)).status).toBe(404);
  });

  it('converts a lead into a patient exactly once, with consents from the form', async () => {
    const link = await newLink(twin.demo.jinganId, 'meituan');
    const phone = uniquePhone();
    await twin.api('POST', `/public/intake/${link.token}`, { body: intakeAnswer({ phone, marketingConsent: false }) });
    const [lead] = await leadsOf(link);
    if (!lead) throw new Error('no lead');

    const convert = () => twin.api<{ lead: Lead; patient: Patient } | LeadAlreadyConvertedBody>('POST', `/leads/${lead.leadId}/convert`, { token: owner });
    const results = await Promise.all([convert(), convert(), convert()]);
    const createdOnes = results.filter((r) => r.status === 201);
    expect(createdOnes).toHaveLength(1);
    const { patient, lead: converted } = createdOnes[0]?.body as { lead: Lead; patient: Patient };
    expect(converted).toMatchObject({ status: 'converted', patientId: patient.patientId });
    for (const r of results.filter((x) => x.status !== 201)) {
      expect(r.status).toBe(409);
      // Either the first finished already (it names the patient) or it was still running.
      if ('patientId' in r.body) expect(r.body.patientId).toBe(patient.patientId);
    }
    const again = await convert();
    expect(again.status).toBe(409);
    expect((again.body as LeadAlreadyConvertedBody).patientId).toBe(patient.patientId);
    expect((again.body as LeadAlreadyConvertedBody).error.code).toBe('conflict');

    const stored = await twin.api<Patient>('GET', `/patients/${patient.patientId}`, { token: owner });
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ name: '林女士', phone: `+86${phone}`, clinicId: twin.demo.jinganId, channel: 'meituan' });
    expect(stored.body.consents.care).toMatchObject({ granted: true, source: 'web-form', proof: `lead:${lead.leadId}`, at: lead.createdAt });
    expect(stored.body.consents.marketing).toMatchObject({ granted: false, source: 'web-form' });
    expect(stored.body.consents.healthData).toBeUndefined();
    expect(stored.body.tags).toEqual(['预算2万以上', '关注隐私', '意向种植', '意向美学']);
    const samePhone = await twin.api<PatientPage>('GET', `/patients?clinicId=${twin.demo.jinganId}&q=${phone}`, { token: owner });
    expect(samePhone.body.items).toHaveLength(1);

    expect((await leadsOf(link, owner, 'converted')).map((l) => l.leadId)).toEqual([lead.leadId]);
    expect(await leadsOf(link, owner, 'new')).toEqual([]);
  });

  it('finishes a conversion that died midway without creating a second patient', async () => {
    const { documentClient, tableName } = await import('../../functions/adapters/dynamo/client.js');
    const { UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
    const stale = new Date(Date.now() - 5 * 60_000).toISOString();
    const strand = async (leadId: string) =>
      documentClient.send(new UpdateCommand({
        TableName: tableName, Key: leadEntity.key({ tenantId: twin.demo.tenantId, leadId }),
        UpdateExpression: 'SET #s = :c, claimedAt = :at', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':c': 'converting', ':at': stale },
      }));

    // Died before creating the patient: the retry creates it.
    const link = await newLink();
    await twin.api('POST', `/public/intake/${link.token}`, { body: intakeAnswer() });
    const [first] = await leadsOf(link);
    await strand(first?.leadId ?? '');
    const retried = await twin.api<{ patient: Patient }>('POST', `/leads/${first?.leadId}/convert`, { token: owner });
    expect(retried.status).toBe(201);

    // Died after creating it: the retry adopts that patient.
    const phone = uniquePhone();
    await twin.api('POST', `/public/intake/${link.token}`, { body: intakeAnswer({ phone }) });
    const second = (await leadsOf(link)).find((l) => l.phone === `+86${phone}`);
    await strand(second?.leadId ?? '');
    const orphan = (await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: '林女士', phone, clinicId: twin.demo.jinganId } })).body;
    const adopted = await twin.api<{ patient: Patient }>('POST', `/leads/${second?.leadId}/convert`, { token: owner });
    expect(adopted.status).toBe(201);
    expect(adopted.body.patient.patientId).toBe(orphan.patientId);
    const samePhone = await twin.api<PatientPage>('GET', `/patients?clinicId=${twin.demo.jinganId}&q=${phone}`, { token: owner });
    expect(samePhone.body.items).toHaveLength(1);

    // A claim still fresh is someone else's conversion in progress.
    await twin.api('POST', `/public/intake/${link.token}`, { body: intakeAnswer() });
    const third = (await leadsOf(link, owner, 'new'))[0];
    await documentClient.send(new UpdateCommand({
      TableName: tableName, Key: leadEntity.key({ tenantId: twin.demo.tenantId, leadId: third?.leadId ?? '' }),
      UpdateExpression: 'SET #s = :c, claimedAt = :at', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':c': 'converting', ':at': new Date().toISOString() },
    }));
    const busy = await twin.api('POST', `/leads/${third?.leadId}/convert`, { token: owner });
    expect(busy.status).toBe(409);
    expect(fieldsOf(busy.body)).toEqual(['leadId']);
  });

  it('keeps other clinics’ and chains’ links and leads out of reach', async () => {
    const link = await newLink(twin.demo.tianheId);
    await twin.api('POST', `/public/intake/${link.token}`, { body: intakeAnswer() });
    const [lead] = await leadsOf(link);
    const frontdesk = await twin.tokenFor('frontdesk');
    expect((await twin.api('POST', `/leads/${lead?.leadId}/convert`, { token: frontdesk })).status).toBe(404);
    expect((await twin.api('GET', `/leads?clinicId=${twin.demo.tianheId}`, { token: frontdesk })).status).toBe(404);
    expect((await twin.api('GET', `/intake-links?clinicId=${twin.demo.tianheId}`, { token: frontdesk })).status).toBe(404);
    const notMine = await twin.api('POST', '/intake-links', { token: frontdesk, body: { clinicId: twin.demo.tianheId, label: 'x' } });
    expect(notMine.status).toBe(400);
    expect(fieldsOf(notMine.body)).toEqual(['clinicId']);
    const other = await twin.otherChain();
    expect((await twin.api('POST', `/leads/${lead?.leadId}/convert`, { token: other.ownerToken })).status).toBe(404);
    expect((await twin.api('GET', `/leads?clinicId=${twin.demo.tianheId}`, { token: other.ownerToken })).status).toBe(404);
    expect((await twin.api<Page<Lead>>('GET', '/leads', { token: other.ownerToken })).body.items).toEqual([]);
    // Owners of several clinics choose one.
    const unscoped = await twin.api('GET', '/leads', { token: owner });
    expect(unscoped.status).toBe(400);
    expect(fieldsOf(unscoped.body)).toEqual(['clinicId']);
  });

  it('refuses a flood on one public link with 429 after the daily cap, writing nothing past it, while staff work on', async () => {
    const link = await newLink(twin.demo.tianheId);
    const path = `/public/intake/${link.token}`;
    const statuses: number[] = [];
    const staff: number[] = [];
    // 1,000 posts from one address, 20 at a time; a staff read between every batch.
    for (let start = 0; start < 1000; start += 20) {
      const batch = await Promise.all(Array.from({ length: 20 }, () => twin.api('POST', path, { body: intakeAnswer() })));
      statuses.push(...batch.map((r) => r.status));
      const limited = batch.find((r) => r.status === 429);
      if (limited) {
        expect((limited.body as ApiErrorBody).error.code).toBe('too_many_requests');
        expect((limited.body as ApiErrorBody).error.fields?.map((f) => f.code)).toEqual(['rate.limited']);
      }
      staff.push((await twin.api('GET', `/leads?clinicId=${twin.demo.tianheId}&limit=5`, { token: owner })).status);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(200);
    expect(statuses.filter((s) => s === 429)).toHaveLength(800);
    expect(statuses.slice(200).every((s) => s === 429)).toBe(true);
    expect(staff.every((s) => s === 200)).toBe(true);
    const listed = await twin.api<Page<IntakeLink>>('GET', `/intake-links?clinicId=${twin.demo.tianheId}&limit=100`, { token: owner });
    expect(listed.body.items.find((l) => l.linkId === link.linkId)?.leadCount).toBe(200);
    const { QueryCommand } = await import('@aws-sdk/lib-dynamodb');
    const { documentClient, tableName } = await import('../../functions/adapters/dynamo/client.js');
    // The leads themselves, read straight from the table (one page holds them all): 200, not 201.
    const byClinic = leadEntity.indexes.byClinic.query({ tenantId: twin.demo.tenantId, clinicId: twin.demo.tianheId });
    const leads = await documentClient.send(
      new QueryCommand({
        TableName: tableName,
        ...byClinic,
        FilterExpression: 'linkId = :link',
        ExpressionAttributeValues: { ...byClinic.ExpressionAttributeValues, ':link': link.linkId },
        Select: 'COUNT',
      }),
    );
    expect(leads.Count).toBe(200);
    // Another link of the same clinic is not affected by this one's flood.
    const other = await newLink(twin.demo.tianheId);
    expect((await twin.api('POST', `/public/intake/${other.token}`, { body: intakeAnswer() })).status).toBe(200);
  });
});

describe('logs', () => {
  it('hold no names, phones or comments from the public forms and complaints', async () => {
    const marker = { name: '日志隐私患者', phone: '13611112222', comment: '日志隐私评论', description: '日志隐私投诉' };
    const link = await newLink();
    await twin.api('POST', `/public/intake/${link.token}`, { body: intakeAnswer({ name: marker.name, phone: marker.phone }) });
    await twin.api('POST', `/public/intake/${link.token}`, { body: intakeAnswer({ name: marker.name, phone: marker.phone, extra: marker.comment }) });
    const patient = await newPatient();
    const survey = await invite(patient.patientId);
    await twin.api('POST', `/public/surveys/${survey.token}`, { body: { score: 1, nps: 0, comment: marker.comment } });
    await fileComplaint(patient, { description: marker.description });
    const logs = logLines.join('');
    expect(logs).toContain('"message":"request"');
    for (const secret of Object.values(marker)) expect(logs, secret).not.toContain(secret);
    expect(logs).not.toContain(survey.token);
  });
});
