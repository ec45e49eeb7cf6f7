/**
 * A campaign aimed by treatment (its segment selects implant patients) tells marketing how many it
 * reached, never who: not on the Messages page, a patient's message list, the patient's campaign
 * section, the coupons it issued or the outbox; the owner sees them all. The mark stays after the
 * segment is edited to something harmless. A campaign on a harmless segment stays visible to
 * marketing (the control).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import type { Patient } from '../../shared/schemas/patient.js';
import type { Campaign } from '../../shared/schemas/campaigns.js';
import type { AudienceMember } from '../../shared/domain/segments/facts.js';
import type { PatientCampaignEntry } from '../../shared/schemas/automation-holdouts.js';
import type { LedgerListEntry } from '../../shared/schemas/messages.js';
import type { OutboxMessage } from '../../shared/schemas/outbox.js';
import { campaignInputSchema } from '../../shared/schemas/campaigns.js';
import { addDays } from '../../shared/domain/time.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let owner: string;
let marketing: string;
let couponDefinitionId: string;
const consents = { care: { granted: true, source: 'paper-form' }, marketing: { granted: true, source: 'paper-form' } };
const tick = () => new Date(`${addDays(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date()), 1)}T10:00:00+08:00`);

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
  marketing = await twin.tokenFor('marketing');
  couponDefinitionId = (await twin.api<{ definitionId: string }>('POST', '/coupon-definitions', { token: owner, body: { name: '回店礼', value: { kind: 'amount', amountFen: 30_00 }, validity: { days: 30 } } })).body.definitionId;
}, 120_000);
afterAll(async () => twin?.stop());

const audienceOf = async (count: number, prefix: string): Promise<AudienceMember[]> => {
  const members: AudienceMember[] = [];
  for (let i = 0; i < count; i += 1) {
    const phone = `${prefix}${String(1000 + i).padStart(4, '0')}`;
    const patient = (await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: '赵敏', phone, clinicId: twin.demo.jinganId, consents } })).body;
    members.push({ patientId: patient.patientId, clinicId: patient.clinicId, householdKey: `hh-${phone}` });
  }
  return members;
};

const segmentOn = async (name: string, condition: Record<string, unknown>) =>
  (await twin.api<{ segmentId: string; version: number }>('POST', '/segments', { token: marketing, body: { name, conditions: { op: 'and', conditions: [condition] } } })).body;

const runOn = async (segmentId: string, members: AudienceMember[]): Promise<Campaign> => {
  const { saveCampaign } = await import('../../functions/adapters/dynamo/campaign-repository.js');
  const { runCampaign } = await import('../../functions/services/campaign-runner.js');
  const input = campaignInputSchema.parse({ name: '老客回店', segmentId, holdoutPercent: 20, couponDefinitionId, variants: [{ key: 'A', template: '{姓名}您好，{门店}送您{优惠券}', percent: 100 }], schedule: { kind: 'now' } });
  const campaign: Campaign = { ...input, campaignId: ulid(), status: 'scheduled', version: 1, createdAt: new Date().toISOString(), createdBy: 'test' };
  expect(await saveCampaign(twin.demo.tenantId, campaign)).toBe(true);
  await runCampaign(twin.demo.tenantId, campaign.campaignId, tick(), { audience: async () => members, exclude: async () => undefined, sleep: async () => undefined });
  return campaign;
};

/** What the caller is told of one campaign's recipients, wherever they could read it. */
const toldOf = async (token: string, campaignId: string, members: AudienceMember[]) => {
  const ledger = (await twin.api<{ items: LedgerListEntry[] }>('GET', '/messages?purpose=marketing-campaign&limit=100', { token })).body.items.filter((e) => e.occasion.includes(campaignId));
  const outbox = (await twin.api<{ items: OutboxMessage[] }>('GET', '/outbox?limit=100', { token })).body.items.filter((m) => m.campaignId === campaignId);
  let sections = 0;
  let patientMessages = 0;
  let coupons = 0;
  for (const m of members) {
    coupons += (await twin.api<{ items: { issuedBy?: { kind: string; id: string } }[] }>('GET', `/patients/${m.patientId}/coupons`, { token })).body.items.filter((c) => c.issuedBy?.id === campaignId).length;
    sections += (await twin.api<{ items: PatientCampaignEntry[] }>('GET', `/patients/${m.patientId}/campaigns`, { token })).body.items.filter((e) => e.kind === 'campaign' && e.campaignId === campaignId).length;
    patientMessages += (await twin.api<{ items: LedgerListEntry[] }>('GET', `/patients/${m.patientId}/messages`, { token })).body.items.filter((e) => e.occasion.includes(campaignId)).length;
  }
  return { ledger: ledger.length, outbox: outbox.length, sections, patientMessages, coupons };
};

describe('campaigns aimed by treatment', () => {
  it('marketing is told how many an implant campaign reached, not who; the owner is told who; editing the segment afterwards names nobody', async () => {
    const members = await audienceOf(6, '1381234');
    const implant = await segmentOn('种植客户', { field: 'category', in: ['implant'] });
    const campaign = await runOn(implant.segmentId, members);
    const results = (await twin.api<{ progress?: { sent: number; heldOut: number } }>('GET', `/campaigns/${campaign.campaignId}`, { token: marketing })).body;
    expect((results.progress?.sent ?? 0) + (results.progress?.heldOut ?? 0)).toBe(6);
    const sent = results.progress?.sent ?? 0;
    // some were sent (all six held out at 20% is about 1 in 15,000): the checks below are not empty-proof
    expect(sent).toBeGreaterThan(0);

    const ownerSees = await toldOf(owner, campaign.campaignId, members);
    expect(ownerSees).toEqual({ ledger: sent, outbox: sent, sections: 6, patientMessages: sent, coupons: sent });
    expect(await toldOf(marketing, campaign.campaignId, members)).toEqual({ ledger: 0, outbox: 0, sections: 0, patientMessages: 0, coupons: 0 });

    // The mark outlives the segment's edit: the people were chosen by treatment.
    expect((await twin.api<Campaign>('GET', `/campaigns/${campaign.campaignId}`, { token: owner })).body.aimedByTreatment).toBe(true);
    const edited = await twin.api('PATCH', `/segments/${implant.segmentId}`, { token: marketing, body: { version: implant.version, conditions: { op: 'and', conditions: [{ field: 'marketingConsent', value: true }] } } });
    expect(edited.status).toBe(200);
    expect(await toldOf(marketing, campaign.campaignId, members)).toEqual({ ledger: 0, outbox: 0, sections: 0, patientMessages: 0, coupons: 0 });
  });

  it('a campaign on a segment that names no treatment shows marketing who it reached', async () => {
    const members = await audienceOf(4, '1381235');
    const consented = await segmentOn('同意营销', { field: 'marketingConsent', value: true });
    const campaign = await runOn(consented.segmentId, members);
    const sent = (await twin.api<Campaign>('GET', `/campaigns/${campaign.campaignId}`, { token: marketing })).body.progress?.sent ?? 0;
    expect((await twin.api<Campaign>('GET', `/campaigns/${campaign.campaignId}`, { token: owner })).body.aimedByTreatment).toBeUndefined();
    expect(await toldOf(marketing, campaign.campaignId, members)).toEqual({ ledger: sent, outbox: sent, sections: 4, patientMessages: sent, coupons: sent });
  });
});
