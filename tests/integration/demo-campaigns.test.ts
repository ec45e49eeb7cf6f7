/**
 * The demo's campaigns as `npm start` seeds them (a smaller history here): two finished
 * campaigns with a holdout whose results the API computes from the records, and one draft
 * awaiting the owner's approval. The revenue the results count is the revenue of visits the
 * recipients have on record inside the window, and coupon redemptions are real redeemed coupons.
 */
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import type { Campaign } from '../../shared/schemas/campaigns.js';
import type { Visit } from '../../shared/schemas/visit.js';
import type { CampaignResultsView } from '../../functions/services/campaign-results.js';
import { startTwin } from '../../functions/local/twin.js';
import { testTwinFrom, type TestTwin } from '../support/twin-client.js';

let twin: TestTwin;
let owner: string;
let marketing: string;
let campaigns: Campaign[] = [];

beforeAll(async () => {
  const dynamoEndpoint = inject('dynamoEndpoint');
  if (!dynamoEndpoint) throw new Error('Connected tests need DynamoDB Local: run them through vitest with the suite global setup');
  twin = await testTwinFrom(await startTwin({ port: 0, inMemory: true, quiet: true, dynamoEndpoint, retryDelayMs: 50, demoHistory: { patients: 900, progress: false } }));
  owner = await twin.tokenFor('owner');
  marketing = await twin.tokenFor('marketing');
  campaigns = (await twin.api<{ items: Campaign[] }>('GET', '/campaigns', { token: owner })).body.items;
}, 600_000);

afterAll(async () => {
  await twin?.stop();
});

const results = async (campaignId: string, token = owner) => (await twin.api<CampaignResultsView>('GET', `/campaigns/${campaignId}/results`, { token })).body;

describe('demo campaigns', () => {
  it('shows two completed campaigns that ran in the past and one awaiting approval', () => {
    const completed = campaigns.filter((c) => c.status === 'completed');
    expect(completed).toHaveLength(2);
    for (const c of completed) {
      expect(c.holdoutPercent).toBeGreaterThan(0);
      expect(Date.parse(c.startedAt ?? '')).toBeLessThan(Date.now() - 20 * 86_400_000);
      expect(c.finishedAt && c.finishedAt < new Date(Date.now() - 20 * 86_400_000).toISOString()).toBe(true);
      expect(c.approvedBy).toBeDefined();
      expect(c.progress?.heldOut).toBeGreaterThan(0);
      expect(c.progress?.sent).toBeGreaterThan(0);
    }
    const waiting = campaigns.filter((c) => c.status === 'awaiting-approval');
    expect(waiting).toHaveLength(1);
    expect(twin.demoCampaigns?.draftId).toBe(waiting[0]?.campaignId);
  });

  it('computes results with treated and holdout counts, a lift interval and revenue', async () => {
    for (const c of campaigns.filter((x) => x.status === 'completed')) {
      const r = await results(c.campaignId);
      expect(r.windowClosed).toBe(true);
      expect(r.holdout.n).toBeGreaterThan(0);
      expect(r.treated.n).toBeGreaterThan(r.holdout.n);
      expect(r.treated.delivered).toBeGreaterThan(0);
      expect(r.lift).not.toBeNull();
      expect(r.lift!.low).toBeLessThanOrEqual(r.lift!.difference);
      expect(r.lift!.high).toBeGreaterThanOrEqual(r.lift!.difference);
      expect(r.treated.visited + r.holdout.visited).toBeGreaterThan(0);
      expect(r.incrementalRevenueFen).not.toBeNull();
    }
  });

  it('counts revenue that is the recipients’ own visits inside the window, and redemptions of issued coupons', async () => {
    const { listRecipients } = await import('../../functions/adapters/dynamo/campaign-recipients.js');
    const { listVisits } = await import('../../functions/adapters/dynamo/visit-repository.js');
    const { listCoupons } = await import('../../functions/adapters/dynamo/coupon-repository.js');
    const tenantId = twin.demo.tenantId;
    for (const c of campaigns.filter((x) => x.status === 'completed')) {
      const r = await results(c.campaignId);
      const recipients = await listRecipients(tenantId, c.campaignId);
      expect(recipients.filter((x) => x.arm === 'holdout')).toHaveLength(r.holdout.n);
      const revenue = { treated: 0, holdout: 0 };
      let redeemed = 0;
      for (const x of recipients) {
        const visits: Visit[] = (await listVisits(tenantId, x.patientId)).filter((v) => !v.voidedAt && v.visitedAt >= r.window!.from && v.visitedAt < r.window!.until);
        revenue[x.arm] += visits.reduce((s, v) => s + v.totalFen, 0);
        const coupons = await listCoupons(tenantId, x.patientId);
        if (x.arm === 'holdout') expect(coupons.some((k) => k.issuedBy?.kind === 'campaign' && k.issuedBy.id === c.campaignId)).toBe(false);
        redeemed += coupons.filter((k) => k.issuedBy?.kind === 'campaign' && k.issuedBy.id === c.campaignId && k.status === 'redeemed').length;
      }
      expect(r.treated.revenueFen).toBe(revenue.treated);
      expect(r.holdout.revenueFen).toBe(revenue.holdout);
      expect(r.treated.revenueFen).toBeGreaterThan(0);
      expect(r.treated.redemptions).toBe(redeemed);
      if (c.couponDefinitionId) expect(redeemed).toBeGreaterThan(0);
    }
  });

  it('gives marketing the same results, in counts only', async () => {
    const c = campaigns.find((x) => x.status === 'completed');
    const r = await results(c!.campaignId, marketing);
    expect(r.holdout.n).toBeGreaterThan(0);
    expect(JSON.stringify(r)).not.toMatch(/\+86/);
  });
});

describe('demo planning (the same start: targets and staffing)', () => {
  it('sets this month’s six targets at every clinic, so the Targets page shows progress', async () => {
    const month = new Date().toISOString().slice(0, 7);
    const view = (await twin.api<{ clinics: { progress: { measure: string; target: number | null; status: string }[] }[] }>('GET', `/targets?month=${month}`, { token: owner })).body;
    expect(view.clinics.length).toBeGreaterThanOrEqual(2);
    for (const clinic of view.clinics) {
      expect(clinic.progress.filter((p) => p.target !== null)).toHaveLength(6);
      expect(clinic.progress.every((p) => p.status !== 'unset')).toBe(true);
    }
  });

  it('gives staffing advice from the last three months of visits and appointments', async () => {
    const clinicId = twin.demo.jinganId;
    const view = (await twin.api<{ visitsCounted: number; advice: { kind: string }[]; cells: { level: string }[][] }>('GET', `/staffing?clinicId=${clinicId}`, { token: owner })).body;
    expect(view.visitsCounted).toBeGreaterThan(0);
    expect(view.cells.flat().some((c) => c.level === 'peak' || c.level === 'quiet')).toBe(true);
    expect(view.advice.length).toBeGreaterThan(0);
  });
});
