import type { Campaign } from '../../../shared/schemas/campaigns.js';
import type { CampaignStatus } from '../../../shared/domain/campaigns/lifecycle.js';
import type { RouteSamples, SampleContext } from './types.js';
import { freshSegment } from './segments.js';

const must = <T>(res: { status: number; body: T }, what: string): T => {
  if (res.status >= 300) throw new Error(`${what} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

export const campaignBody = {
  name: '会员日回馈',
  segmentId: 'SAMPLESEGMENT',
  variants: [{ key: 'A', template: '{姓名}您好，{门店}本月会员日到店有礼', percent: 100 }],
  holdoutPercent: 10,
  schedule: { kind: 'now' },
};

/** The sample body, naming a segment the sample chain saved (another chain's id is refused). */
const bodyFor = async (ctx: SampleContext) => ({ ...campaignBody, segmentId: (await freshSegment(ctx)).segmentId });

/**
 * A fresh campaign in `status`. Until the segments slice lands, the launch checks' audience is
 * the demo patient (the twin runs in this process, so the source can be swapped here).
 */
const campaignIn = async (ctx: SampleContext, status: CampaignStatus, options: { segmentBy?: 'manager' } = {}): Promise<Campaign> => {
  const { useCampaignAudienceSource } = await import('../../../functions/services/campaign-audience.js');
  useCampaignAudienceSource(async () => [{ patientId: ctx.demoPatient.patientId, clinicId: ctx.demoPatient.clinicId, householdKey: ctx.demoPatient.patientId }]);
  const body = options.segmentBy ? { ...campaignBody, segmentId: (await freshSegment(ctx, { token: await ctx.twin.tokenFor(options.segmentBy) })).segmentId } : await bodyFor(ctx);
  const campaign = must(await ctx.twin.api<Campaign>('POST', '/campaigns', { token: ctx.ownerToken, body }), 'sample campaign');
  if (status !== 'draft') {
    const { moveCampaignStatus } = await import('../../../functions/adapters/dynamo/campaign-repository.js');
    await moveCampaignStatus(ctx.twin.demo.tenantId, campaign.campaignId, ['draft'], status);
  }
  return campaign;
};

export const campaignSamples: RouteSamples = {
  'GET /campaigns': () => ({ path: '/campaigns' }),
  'POST /campaigns': async (ctx) => ({ path: '/campaigns', body: await bodyFor(ctx) }),
  'POST /campaigns/preview': () => ({ path: '/campaigns/preview', body: { variants: campaignBody.variants, holdoutPercent: 10 } }),
  'GET /campaign-settings': () => ({ path: '/campaign-settings' }),
  'PUT /campaign-settings': () => ({ path: '/campaign-settings', body: { approvalRequired: true } }),
  'GET /campaigns/{campaignId}': async (ctx) => ({ path: `/campaigns/${(await campaignIn(ctx, 'draft')).campaignId}` }),
  'PUT /campaigns/{campaignId}': async (ctx) => ({ path: `/campaigns/${(await campaignIn(ctx, 'draft')).campaignId}`, body: { ...(await bodyFor(ctx)), name: '会员日回馈（改）', version: 1 } }),
  'POST /campaigns/{campaignId}/submit': async (ctx) => ({ path: `/campaigns/${(await campaignIn(ctx, 'draft')).campaignId}/submit` }),
  // A segment of the manager's clinics: a manager approves only campaigns inside their clinics.
  'POST /campaigns/{campaignId}/approve': async (ctx) => ({ path: `/campaigns/${(await campaignIn(ctx, 'awaiting-approval', { segmentBy: 'manager' })).campaignId}/approve` }),
  'POST /campaigns/{campaignId}/reject': async (ctx) => ({ path: `/campaigns/${(await campaignIn(ctx, 'awaiting-approval')).campaignId}/reject` }),
  'POST /campaigns/{campaignId}/pause': async (ctx) => ({ path: `/campaigns/${(await campaignIn(ctx, 'scheduled')).campaignId}/pause` }),
  'POST /campaigns/{campaignId}/resume': async (ctx) => ({ path: `/campaigns/${(await campaignIn(ctx, 'paused')).campaignId}/resume` }),
  'POST /campaigns/{campaignId}/cancel': async (ctx) => ({ path: `/campaigns/${(await campaignIn(ctx, 'scheduled')).campaignId}/cancel` }),
  'GET /campaigns/{campaignId}/results': async (ctx) => ({ path: `/campaigns/${(await campaignIn(ctx, 'draft')).campaignId}/results` }),
  'GET /campaign-templates': () => ({ path: '/campaign-templates' }),
};
