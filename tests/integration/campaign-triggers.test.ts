/**
 * Triggered campaigns on DynamoDB Local: a survey answered 9–10 by a patient in the segment
 * produces exactly one message once the delay has passed, even when the event is delivered three
 * times (concurrently); a patient outside the segment gets nothing and is not recorded; a
 * held-out household is recorded and never sent to.
 */
import type { PatientCampaignEntry } from '../../shared/schemas/automation-holdouts.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Patient } from '../../shared/schemas/patient.js';
import type { Campaign } from '../../shared/schemas/campaigns.js';
import type { CouponDefinition } from '../../shared/schemas/coupons.js';
import { campaignInputSchema } from '../../shared/schemas/campaigns.js';
import { assignArm } from '../../shared/domain/campaigns/assignment.js';
import { addDays } from '../../shared/domain/time.js';
import { surveyAnsweredEvent } from '../../shared/schedules.js';
import { reviewInvitationTemplate, type CampaignTemplate } from '../../shared/domain/campaigns/templates.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let owner: string;
let segmentId: string;
let couponDefinitionId: string;
let n = 0;
const consents = { care: { granted: true, source: 'paper-form' }, marketing: { granted: true, source: 'paper-form' } };
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const at = (day: string, hour: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
  const segment = await twin.api<{ segmentId: string }>('POST', '/segments', { token: owner, body: { name: '好评邀请', conditions: { op: 'and', conditions: [{ field: 'tags', match: 'any', in: ['口碑'] }, { field: 'marketingConsent', value: true }] } } });
  expect(segment.status).toBe(201);
  segmentId = segment.body.segmentId;
  const definition = await twin.api<CouponDefinition>('POST', '/coupon-definitions', { token: owner, body: { name: '免费洁牙券', value: { kind: 'amount', amountFen: 300_00 }, validity: { days: 60 } } });
  expect(definition.status).toBe(201);
  couponDefinitionId = definition.body.definitionId;
}, 120_000);
afterAll(async () => twin?.stop());

const patient = async (tags: string[]): Promise<{ patient: Patient; phone: string }> => {
  const phone = `1365432${String(1000 + n++).padStart(4, '0')}`;
  const created = await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: '李静', phone, clinicId: twin.demo.jinganId, consents, tags } });
  expect(created.status).toBe(201);
  return { patient: created.body, phone: `+86${phone}` };
};

const listening = async (holdoutPercent: number, onSegment = segmentId): Promise<Campaign> => {
  const { ulid } = await import('ulid');
  const { saveCampaign, listCampaigns, moveCampaignStatus } = await import('../../functions/adapters/dynamo/campaign-repository.js');
  // One listening campaign at a time: each test reads what its own campaign did.
  for (const earlier of await listCampaigns(twin.demo.tenantId)) await moveCampaignStatus(twin.demo.tenantId, earlier.campaignId, ['scheduled'], 'cancelled');
  const input = campaignInputSchema.parse({ name: '好评邀请', segmentId: onSegment, holdoutPercent, couponDefinitionId, variants: reviewInvitationTemplate.input.variants, schedule: { kind: 'trigger', event: 'survey-answered', delayDays: 1, minScore: 9 } });
  const campaign: Campaign = { ...input, campaignId: ulid(), status: 'scheduled', version: 1, createdAt: new Date().toISOString(), createdBy: 'test' };
  expect(await saveCampaign(twin.demo.tenantId, campaign)).toBe(true);
  return campaign;
};

const surveyEvent = (patientId: string, surveyId: string, score: number, answeredAt: Date) => ({
  version: '0', id: `e-${Math.random()}`, account: 'local', region: 'local', resources: [], time: answeredAt.toISOString(),
  source: surveyAnsweredEvent.source, 'detail-type': surveyAnsweredEvent.detailType,
  detail: { tenantId: twin.demo.tenantId, patientId, surveyId, score, at: answeredAt.toISOString() },
});

const textsTo = async (phone: string): Promise<string[]> => {
  const { listOutbox } = await import('../../functions/adapters/dynamo/outbox-repository.js');
  return (await listOutbox(twin.demo.tenantId, 10_000)).items.filter((m) => m.kind === 'sms' && m.to === phone).map((m) => m.text);
};

describe('triggered campaigns', () => {
  it('an event delivered three times for a patient in the segment: one message, after the delay, with the coupon', async () => {
    const campaign = await listening(0);
    const { patient: inSegment, phone } = await patient(['口碑']);
    const { runCampaignTriggers } = await import('../../functions/jobs/campaign-triggers.js');
    const answeredAt = at(addDays(today(), 200), 10);
    const event = surveyEvent(inSegment.patientId, `S${n}`, 10, answeredAt);
    const runs = await Promise.all([1, 2, 3].map(() => runCampaignTriggers(twin.demo.tenantId, answeredAt, event as never)));
    expect(runs.reduce((s, r) => s + (r.enrolled ?? 0), 0)).toBe(1);
    expect(runs.reduce((s, r) => s + (r.duplicate ?? 0), 0)).toBe(2);
    expect(await textsTo(phone)).toEqual([]);
    // An hour before the delay has passed: still nothing.
    await runCampaignTriggers(twin.demo.tenantId, new Date(answeredAt.getTime() + 23 * 3_600_000));
    expect(await textsTo(phone)).toEqual([]);
    const later = new Date(answeredAt.getTime() + 25 * 3_600_000);
    await Promise.all([1, 2, 3].map(() => runCampaignTriggers(twin.demo.tenantId, later)));
    await runCampaignTriggers(twin.demo.tenantId, later, event as never);
    const texts = await textsTo(phone);
    expect(texts).toHaveLength(1);
    const { listRecipients } = await import('../../functions/adapters/dynamo/campaign-recipients.js');
    const [recipient, ...others] = (await listRecipients(twin.demo.tenantId, campaign.campaignId)).filter((r) => r.patientId === inSegment.patientId);
    expect(others).toEqual([]);
    expect(recipient).toMatchObject({ arm: 'treated', outcome: 'sent', triggerRef: event.detail.surveyId, assignedAt: answeredAt.toISOString() });
    expect(texts[0]).toContain(recipient?.couponCode);
    // The profile's campaign section lists it once, as marketing may read it.
    const section = await twin.api<{ items: PatientCampaignEntry[] }>('GET', `/patients/${inSegment.patientId}/campaigns`, { token: await twin.tokenFor('marketing') });
    expect(section.body.items.filter((e) => e.kind === 'campaign' && e.campaignId === campaign.campaignId)).toEqual([
      { kind: 'campaign', campaignId: campaign.campaignId, name: campaign.name, arm: 'treated', variant: recipient?.variant, outcome: 'sent', at: answeredAt.toISOString() },
    ]);
  });

  it('a triggered campaign on a segment by a treatment tag is marked as it enrols: marketing is not told who it reached, the owner is', async () => {
    const byTag = (await twin.api<{ segmentId: string }>('POST', '/segments', { token: owner, body: { name: '种植咨询好评', conditions: { op: 'and', conditions: [{ field: 'tags', match: 'any', in: ['种植咨询'] }, { field: 'marketingConsent', value: true }] } } })).body;
    const campaign = await listening(0, byTag.segmentId);
    const { patient: tagged } = await patient(['种植咨询']);
    const { runCampaignTriggers } = await import('../../functions/jobs/campaign-triggers.js');
    const answeredAt = at(addDays(today(), 210), 10);
    await runCampaignTriggers(twin.demo.tenantId, answeredAt, surveyEvent(tagged.patientId, `S${n}`, 10, answeredAt) as never);
    await runCampaignTriggers(twin.demo.tenantId, new Date(answeredAt.getTime() + 25 * 3_600_000));
    expect((await twin.api<Campaign>('GET', `/campaigns/${campaign.campaignId}`, { token: owner })).body.aimedByTreatment).toBe(true);
    const section = async (token: string) => (await twin.api<{ items: PatientCampaignEntry[] }>('GET', `/patients/${tagged.patientId}/campaigns`, { token })).body.items.filter((e) => e.kind === 'campaign' && e.campaignId === campaign.campaignId);
    expect(await section(owner)).toEqual([expect.objectContaining({ arm: 'treated', outcome: 'sent' })]);
    expect(await section(await twin.tokenFor('marketing'))).toEqual([]);
  });

  it('a patient outside the segment, or a score under the minimum: no message, no recipient', async () => {
    const campaign = await listening(0);
    const { patient: outside, phone } = await patient([]);
    const { patient: lukewarm, phone: lukewarmPhone } = await patient(['口碑']);
    const { runCampaignTriggers } = await import('../../functions/jobs/campaign-triggers.js');
    const answeredAt = at(addDays(today(), 210), 10);
    expect(await runCampaignTriggers(twin.demo.tenantId, answeredAt, surveyEvent(outside.patientId, `S${n}a`, 10, answeredAt) as never)).toMatchObject({ outsideSegment: 1 });
    await runCampaignTriggers(twin.demo.tenantId, answeredAt, surveyEvent(lukewarm.patientId, `S${n}b`, 8, answeredAt) as never);
    await runCampaignTriggers(twin.demo.tenantId, new Date(answeredAt.getTime() + 2 * 86_400_000));
    expect(await textsTo(phone)).toEqual([]);
    expect(await textsTo(lukewarmPhone)).toEqual([]);
    const { listRecipients } = await import('../../functions/adapters/dynamo/campaign-recipients.js');
    expect(await listRecipients(twin.demo.tenantId, campaign.campaignId)).toEqual([]);
  });

  it('a held-out household is recorded as held out and never sent to', async () => {
    const campaign = await listening(50);
    const { householdKeyOf } = await import('../../functions/services/segment-facts-of.js');
    let held: { patient: Patient; phone: string } | undefined;
    for (let i = 0; i < 30 && !held; i += 1) {
      const candidate = await patient(['口碑']);
      const arm = assignArm({ campaignId: campaign.campaignId, householdKey: householdKeyOf(twin.demo.tenantId, candidate.phone), holdoutPercent: 50, variants: campaign.variants });
      if (arm.arm === 'holdout') held = candidate;
    }
    if (!held) throw new Error('no held-out household among 30 (p < 1e-9)');
    const { runCampaignTriggers } = await import('../../functions/jobs/campaign-triggers.js');
    const answeredAt = at(addDays(today(), 220), 10);
    expect(await runCampaignTriggers(twin.demo.tenantId, answeredAt, surveyEvent(held.patient.patientId, `S${n}h`, 9, answeredAt) as never)).toMatchObject({ heldOut: 1 });
    await runCampaignTriggers(twin.demo.tenantId, new Date(answeredAt.getTime() + 2 * 86_400_000));
    expect(await textsTo(held.phone)).toEqual([]);
    const { listRecipients } = await import('../../functions/adapters/dynamo/campaign-recipients.js');
    expect(await listRecipients(twin.demo.tenantId, campaign.campaignId)).toEqual([expect.objectContaining({ patientId: held.patient.patientId, arm: 'holdout' })]);
  });

  it('offers the review invitation as a template the builder can launch as is, and refuses bad trigger input naming the field', async () => {
    const marketing = await twin.tokenFor('marketing');
    const templates = await twin.api<{ items: CampaignTemplate[] }>('GET', '/campaign-templates', { token: marketing });
    expect(templates.status).toBe(200);
    const review = templates.body.items.find((t) => t.key === 'review-invitation');
    expect(review?.input.schedule).toEqual({ kind: 'trigger', event: 'survey-answered', delayDays: 1, minScore: 9 });
    const created = await twin.api<Campaign>('POST', '/campaigns', { token: marketing, body: { ...review?.input, segmentId, couponDefinitionId } });
    expect(created.status).toBe(201);
    for (const [schedule, path, code] of [
      [{ kind: 'trigger', event: 'tooth-lost', delayDays: 1 }, 'schedule.event', 'campaign.trigger_event'],
      [{ kind: 'trigger', event: 'survey-answered', delayDays: 1, minScore: 11 }, 'schedule.minScore', 'campaign.trigger_score'],
      [{ kind: 'trigger', event: 'survey-answered', delayDays: 400 }, 'schedule.delayDays', 'campaign.trigger_delay'],
    ] as const) {
      const refused = await twin.api<{ error: { fields: { path: string; code: string }[] } }>('POST', '/campaigns', { token: marketing, body: { ...review?.input, segmentId, couponDefinitionId, schedule } });
      expect(refused.status, code).toBe(400);
      expect(refused.body.error.fields).toEqual([expect.objectContaining({ path, code })]);
    }
  });
});
