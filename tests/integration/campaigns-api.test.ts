/**
 * Campaigns through the API: drafts refused with stable codes, approval by owner/manager only
 * (or none when the owner turns it off), launch checks (window, empty audience), edits refused
 * once started, and results attribution: a booking inside the window counts, one after does not,
 * a held-out patient's visit counts for the holdout; marketing reads counts, never phones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { Patient } from '../../shared/schemas/patient.js';
import type { Campaign } from '../../shared/schemas/campaigns.js';
import type { AudienceMember } from '../../shared/domain/segments/facts.js';
import type { CampaignResultsView } from '../../functions/services/campaign-results.js';
import { addDays } from '../../shared/domain/time.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let owner: string;
let marketing: string;
let audience: AudienceMember[] = [];
let n = 0;
const consents = { care: { granted: true, source: 'paper-form' }, marketing: { granted: true, source: 'paper-form' } };
let body = { name: '会员日', segmentId: 'SEG1', variants: [{ key: 'A', template: '{姓名}您好，{门店}本月会员日到店有礼', percent: 100 }], holdoutPercent: 30, schedule: { kind: 'now' } };
type Problem = { error: { code: string; fields: { path: string; code: string }[] } };

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
  marketing = await twin.tokenFor('marketing');
  const { useCampaignAudienceSource } = await import('../../functions/services/campaign-audience.js');
  useCampaignAudienceSource(async () => audience);
  const segment = await twin.api<{ segmentId: string }>('POST', '/segments', { token: owner, body: { name: '会员日名单', conditions: { op: 'and', conditions: [{ field: 'marketingConsent', value: true }] } } });
  body = { ...body, segmentId: segment.body.segmentId };
}, 120_000);
afterAll(async () => twin?.stop());

const patients = async (count: number): Promise<AudienceMember[]> => {
  const out: AudienceMember[] = [];
  for (let i = 0; i < count; i += 1) {
    const phone = `1351234${String(1000 + n++).padStart(4, '0')}`;
    const p = (await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: '李雷', phone, clinicId: twin.demo.jinganId, consents } })).body;
    out.push({ patientId: p.patientId, clinicId: p.clinicId, householdKey: `hh-${phone}` });
  }
  return out;
};

const put = async (item: Record<string, unknown>) => {
  const { documentClient, tableName } = await import('../../functions/adapters/dynamo/client.js');
  await documentClient.send(new PutCommand({ TableName: tableName, Item: item }));
};

describe('campaign API', () => {
  it('a segment changed after approval sends the campaign back for approval before it runs; approved again, it runs', async () => {
    audience = await patients(2);
    const segment = (await twin.api<{ segmentId: string; version: number }>('POST', '/segments', { token: marketing, body: { name: '审批后修改', conditions: { op: 'and', conditions: [{ field: 'marketingConsent', value: true }] } } })).body;
    const draft = (await twin.api<Campaign>('POST', '/campaigns', { token: marketing, body: { ...body, segmentId: segment.segmentId } })).body;
    await twin.api('POST', `/campaigns/${draft.campaignId}/submit`, { token: marketing });
    expect((await twin.api<Campaign>('POST', `/campaigns/${draft.campaignId}/approve`, { token: owner })).body.status).toBe('scheduled');
    const changed = await twin.api('PATCH', `/segments/${segment.segmentId}`, { token: marketing, body: { version: segment.version, conditions: { op: 'and', conditions: [{ field: 'age', range: { min: 0 } }] } } });
    expect(changed.status).toBe(200);
    const { runCampaign } = await import('../../functions/services/campaign-runner.js');
    const tick = new Date(`${addDays(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()), 2)}T10:00:00+08:00`);
    expect(await runCampaign(twin.demo.tenantId, draft.campaignId, tick)).toEqual({ returnedForApproval: 1 });
    const returned = (await twin.api<Campaign>('GET', `/campaigns/${draft.campaignId}`, { token: marketing })).body;
    expect(returned).toMatchObject({ status: 'awaiting-approval', stoppedReason: 'segment-changed' });
    expect(returned.startedAt).toBeUndefined();
    expect((await twin.api<Campaign>('POST', `/campaigns/${draft.campaignId}/approve`, { token: owner })).body.status).toBe('scheduled');
    expect(await runCampaign(twin.demo.tenantId, draft.campaignId, tick)).toMatchObject({ audience: 2 });
  });

  it('renaming the segment after approval changes nobody it selects: the approved campaign runs without a second approval', async () => {
    audience = await patients(2);
    const segment = (await twin.api<{ segmentId: string; version: number }>('POST', '/segments', { token: marketing, body: { name: '改名前', conditions: { op: 'and', conditions: [{ field: 'marketingConsent', value: true }] } } })).body;
    const draft = (await twin.api<Campaign>('POST', '/campaigns', { token: marketing, body: { ...body, segmentId: segment.segmentId } })).body;
    await twin.api('POST', `/campaigns/${draft.campaignId}/submit`, { token: marketing });
    expect((await twin.api<Campaign>('POST', `/campaigns/${draft.campaignId}/approve`, { token: owner })).body.status).toBe('scheduled');
    expect((await twin.api('PATCH', `/segments/${segment.segmentId}`, { token: marketing, body: { version: segment.version, name: '改名后' } })).status).toBe(200);
    const { runCampaign } = await import('../../functions/services/campaign-runner.js');
    const tick = new Date(`${addDays(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()), 2)}T10:00:00+08:00`);
    expect(await runCampaign(twin.demo.tenantId, draft.campaignId, tick)).toMatchObject({ audience: 2 });
  });

  it('an edit that leaves out the offer removes it: the draft no longer issues coupons', async () => {
    const definition = (await twin.api<{ definitionId: string }>('POST', '/coupon-definitions', { token: owner, body: { name: '回馈券', value: { kind: 'amount', amountFen: 20_00 }, validity: { days: 30 } } })).body;
    const draft = (await twin.api<Campaign>('POST', '/campaigns', { token: marketing, body: { ...body, couponDefinitionId: definition.definitionId, variants: [{ key: 'A', template: '{姓名}您好，{门店}送您{优惠券}', percent: 100 }] } })).body;
    expect(draft.couponDefinitionId).toBe(definition.definitionId);
    const edited = await twin.api<Campaign>('PUT', `/campaigns/${draft.campaignId}`, { token: marketing, body: { ...body, version: draft.version } });
    expect(edited.status).toBe(200);
    expect(edited.body.couponDefinitionId).toBeUndefined();
    expect((await twin.api<Campaign>('GET', `/campaigns/${draft.campaignId}`, { token: marketing })).body.couponDefinitionId).toBeUndefined();
  });

  it("a manager approves neither their own campaign nor one reaching clinics beyond theirs; one inside their clinics, made by marketing, they do", async () => {
    audience = await patients(2);
    const manager = await twin.tokenFor('manager');
    const submitted = async (token: string, segmentId: string) => {
      const draft = (await twin.api<Campaign>('POST', '/campaigns', { token, body: { ...body, segmentId } })).body;
      expect((await twin.api<Campaign>('POST', `/campaigns/${draft.campaignId}/submit`, { token })).body.status).toBe('awaiting-approval');
      return draft.campaignId;
    };
    const approve = (campaignId: string) => twin.api<Campaign>('POST', `/campaigns/${campaignId}/approve`, { token: manager });
    // the manager's own segment covers their clinics only
    const theirs = (await twin.api<{ segmentId: string }>('POST', '/segments', { token: manager, body: { name: '本店会员日', conditions: { op: 'and', conditions: [{ field: 'marketingConsent', value: true }] } } })).body.segmentId;
    expect((await approve(await submitted(manager, theirs))).status).toBe(403);
    // the chain-wide segment (the owner's) reaches clinics the manager does not work in
    expect((await approve(await submitted(marketing, body.segmentId))).status).toBe(403);
    const inside = await approve(await submitted(marketing, theirs));
    expect(inside.status).toBe(200);
    expect(inside.body.status).toBe('scheduled');
    // not sent by the runner ticks of the tests that follow
    expect((await twin.api('POST', `/campaigns/${inside.body.campaignId}/cancel`, { token: owner })).status).toBe(200);
  });

  it('with approval off, an edit racing the submit never leaves a campaign scheduled with what the launch checks would refuse', async () => {
    audience = await patients(2);
    expect((await twin.api('PUT', '/campaign-settings', { token: owner, body: { approvalRequired: false } })).status).toBe(200);
    try {
      for (let round = 0; round < 6; round += 1) {
        const draft = (await twin.api<Campaign>('POST', '/campaigns', { token: marketing, body })).body;
        const outside = { ...body, version: draft.version, window: { startHour: 0, endHour: 24 } };
        await Promise.all([
          twin.api('POST', `/campaigns/${draft.campaignId}/submit`, { token: marketing }),
          twin.api('PUT', `/campaigns/${draft.campaignId}`, { token: marketing, body: outside }),
        ]);
        const stored = (await twin.api<Campaign>('GET', `/campaigns/${draft.campaignId}`, { token: marketing })).body;
        // Either the submit won (the window as checked) or the edit did (still a draft).
        if (stored.status !== 'draft') expect(stored.window).toEqual(draft.window);
        await twin.api('POST', `/campaigns/${draft.campaignId}/cancel`, { token: owner });
      }
    } finally {
      await twin.api('PUT', '/campaign-settings', { token: owner, body: { approvalRequired: true } });
    }
  });

  it('the builder’s live check refuses what saving refuses: a split that does not sum to 100, a minimum score on a non-survey trigger at save, a lift that would pass 100%', async () => {
    type Preview = { problems: { path: string; code: string }[] };
    const live = await twin.api<Preview>('POST', '/campaigns/preview', { token: marketing, body: { variants: [{ key: 'A', template: '{姓名}您好', percent: 30 }], holdoutPercent: 10, baseRatePercent: 90, liftPercent: 50 } });
    expect(live.status).toBe(200);
    expect(live.body.problems).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'variants', code: 'campaign.split_sum' }), expect.objectContaining({ path: 'liftPercent', code: 'number.too_big' })]));
    const fine = await twin.api<Preview>('POST', '/campaigns/preview', { token: marketing, body: { variants: [{ key: 'A', template: '{姓名}您好', percent: 100 }], holdoutPercent: 10 } });
    expect(fine.body.problems).toEqual([]);
    const before = (await twin.api<{ items: Campaign[] }>('GET', '/campaigns', { token: marketing })).body.items.length;
    const scored = await twin.api<Problem>('POST', '/campaigns', { token: marketing, body: { ...body, schedule: { kind: 'trigger', event: 'visit-checked-out', delayDays: 1, minScore: 5 } } });
    expect(scored.status).toBe(400);
    expect(scored.body.error.fields).toEqual([expect.objectContaining({ path: 'schedule.minScore', code: 'campaign.trigger_score' })]);
    expect((await twin.api<{ items: Campaign[] }>('GET', '/campaigns', { token: marketing })).body.items.length).toBe(before);
  });

  it('refuses a segment or coupon type that is not this chain’s, naming the field; nothing is stored', async () => {
    const before = (await twin.api<{ items: Campaign[] }>('GET', '/campaigns', { token: marketing })).body.items.length;
    const res = await twin.api<Problem>('POST', '/campaigns', { token: marketing, body: { ...body, segmentId: '01M91A4S70BQE9681DR0R370CJ', couponDefinitionId: '01M91A4S70BQE9681DR0R370CK' } });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f) => [f.path, f.code])).toEqual([['segmentId', 'segment.not_found'], ['couponDefinitionId', 'coupon.definition_not_found']]);
    expect((await twin.api<{ items: Campaign[] }>('GET', '/campaigns', { token: marketing })).body.items.length).toBe(before);
  });

  it('refuses medical words, a bad split and unknown variables with stable codes; nothing is written', async () => {
    const before = (await twin.api<{ items: Campaign[] }>('GET', '/campaigns', { token: marketing })).body.items.length;
    const res = await twin.api<Problem>('POST', '/campaigns', { token: marketing, body: { ...body, variants: [{ key: 'A', template: '{名字}来做种植牙', percent: 60 }] } });
    expect(res.status).toBe(400);
    expect(res.body.error.fields.map((f) => [f.path, f.code])).toEqual(expect.arrayContaining([['variants.0.template', 'campaign.medical_words'], ['variants.0.template', 'template.variables'], ['variants', 'campaign.split_sum']]));
    expect((await twin.api<{ items: Campaign[] }>('GET', '/campaigns', { token: marketing })).body.items.length).toBe(before);
  });

  it('marketing drafts and submits; a window outside the marketing hours or an empty audience is refused at submit and again at approval; marketing cannot approve; the owner approves', async () => {
    audience = [];
    const draft = await twin.api<Campaign>('POST', '/campaigns', { token: marketing, body: { ...body, window: { startHour: 7, endHour: 20 } } });
    expect(draft.status).toBe(201);
    const id = draft.body.campaignId;
    // Submitting asks for what the approver will check: nothing is sent to them that they must refuse.
    const early = await twin.api<Problem>('POST', `/campaigns/${id}/submit`, { token: marketing });
    expect(early.status).toBe(400);
    expect(early.body.error.fields.map((f) => f.code)).toEqual(expect.arrayContaining(['campaign.window_outside', 'campaign.audience_empty']));
    expect((await twin.api<Campaign>('GET', `/campaigns/${id}`, { token: owner })).body.status).toBe('draft');
    const fixed = await twin.api<Campaign>('PUT', `/campaigns/${id}`, { token: marketing, body: { ...body, version: draft.body.version } });
    expect(fixed.status).toBe(200);
    audience = await patients(2);
    expect((await twin.api<Campaign>('POST', `/campaigns/${id}/submit`, { token: marketing })).body.status).toBe('awaiting-approval');
    expect((await twin.api('POST', `/campaigns/${id}/approve`, { token: marketing })).status).toBe(403);
    // The audience emptied while it waited: the approval checks again.
    const kept = audience;
    audience = [];
    const refused = await twin.api<Problem>('POST', `/campaigns/${id}/approve`, { token: owner });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields.map((f) => f.code)).toEqual(['campaign.audience_empty']);
    expect((await twin.api<Campaign>('GET', `/campaigns/${id}`, { token: owner })).body.status).toBe('awaiting-approval');
    audience = kept;
    const approved = await twin.api<Campaign>('POST', `/campaigns/${id}/approve`, { token: owner });
    expect(approved.body).toMatchObject({ status: 'scheduled', approvedBy: expect.any(String) });
    expect((await twin.api('PUT', `/campaigns/${id}`, { token: marketing, body: { ...body, version: approved.body.version } })).status).toBe(409);
    // The 5-minute job starts it inside its hours and finishes it; nothing more on the next tick.
    const { runDueCampaigns } = await import('../../functions/jobs/campaign-runner.js');
    const tick = new Date(`${addDays(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()), 1)}T10:00:00+08:00`);
    expect(await runDueCampaigns(twin.demo.tenantId, new Date(tick.getTime() - 3 * 3600_000))).toMatchObject({ due: 0 });
    await runDueCampaigns(twin.demo.tenantId, tick);
    const done = (await twin.api<Campaign>('GET', `/campaigns/${id}`, { token: marketing })).body;
    expect(done).toMatchObject({ status: 'completed', progress: { audience: 2, remaining: 0 } });
    expect((done.progress?.sent ?? 0) + (done.progress?.heldOut ?? 0)).toBe(2);
  });

  it('with approval turned off by the owner, submitting schedules it (marketing may not change the setting)', async () => {
    expect((await twin.api('PUT', '/campaign-settings', { token: marketing, body: { approvalRequired: false } })).status).toBe(403);
    expect((await twin.api('PUT', '/campaign-settings', { token: owner, body: { approvalRequired: false } })).status).toBe(200);
    audience = await patients(1);
    const id = (await twin.api<Campaign>('POST', '/campaigns', { token: marketing, body })).body.campaignId;
    expect((await twin.api<Campaign>('POST', `/campaigns/${id}/submit`, { token: marketing })).body.status).toBe('scheduled');
    expect((await twin.api('PUT', '/campaign-settings', { token: owner, body: { approvalRequired: true } })).status).toBe(200);
  });

  it('results: a booking inside the window counts, one after it does not; a held-out visit counts for the holdout', async () => {
    const members = await patients(12);
    const tenantId = twin.demo.tenantId;
    const { saveCampaign } = await import('../../functions/adapters/dynamo/campaign-repository.js');
    const { runCampaign } = await import('../../functions/services/campaign-runner.js');
    const start = new Date(`${addDays(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()), -40)}T10:00:00+08:00`);
    const campaign: Campaign = { ...(body as unknown as Campaign), exclusions: { contactedWithinDays: 0, members: false, withAppointment: false }, window: { startHour: 9, endHour: 20 }, throttlePerMinute: 600, attributionDays: 30, holdoutPercent: 40, campaignId: ulid(), status: 'scheduled', version: 1, createdAt: start.toISOString(), createdBy: 'test' };
    await saveCampaign(tenantId, campaign);
    await runCampaign(tenantId, campaign.campaignId, start, { audience: async () => members, exclude: async () => undefined, sleep: async () => undefined });
    const { listRecipients } = await import('../../functions/adapters/dynamo/campaign-recipients.js');
    const recipients = await listRecipients(tenantId, campaign.campaignId);
    const treated = recipients.filter((r) => r.arm === 'treated');
    const held = recipients.filter((r) => r.arm === 'holdout');
    expect(treated.length).toBeGreaterThan(1);
    expect(held.length).toBeGreaterThan(0);
    const inWindow = new Date(start.getTime() + 5 * 86_400_000).toISOString();
    const afterWindow = new Date(start.getTime() + 35 * 86_400_000).toISOString();
    const appointment = (patientId: string, createdAt: string) => ({ pk: `T#${tenantId}#P#${patientId}`, sk: `APPT#${ulid()}`, type: 'appointment', appointmentId: ulid(), patientId, clinicId: twin.demo.jinganId, status: 'completed', startAt: createdAt, createdAt });
    const visit = (patientId: string, visitedAt: string, totalFen: number) => ({ pk: `T#${tenantId}#P#${patientId}`, sk: `VISIT#${visitedAt}#${ulid()}`, type: 'visit', visitId: ulid(), patientId, clinicId: twin.demo.jinganId, visitedAt, totalFen, lines: [] });
    await put(appointment(treated[0]!.patientId, inWindow));
    await put(appointment(treated[1]!.patientId, afterWindow));
    await put(visit(treated[0]!.patientId, inWindow, 300_00));
    await put(visit(held[0]!.patientId, inWindow, 200_00));
    await put(visit(held[0]!.patientId, afterWindow, 900_00));
    const res = await twin.api<CampaignResultsView>('GET', `/campaigns/${campaign.campaignId}/results`, { token: marketing });
    expect(res.status).toBe(200);
    expect(res.body.treated).toMatchObject({ n: treated.length, delivered: treated.length, booked: 1, visited: 1, revenueFen: 300_00 });
    expect(res.body.holdout).toMatchObject({ n: held.length, delivered: 0, booked: 0, visited: 1, revenueFen: 200_00 });
    expect(res.body.windowClosed).toBe(true);
    expect(res.body.lift?.low).toBeLessThan(0);
    expect(res.body.verdict).not.toBe('conclusive-lift');
    expect(res.body.words).toMatch(/^Not conclusive|^Conclusive: no lift/);
    expect(JSON.stringify(res.body)).not.toMatch(/\+86|1351234/);
  });
});
