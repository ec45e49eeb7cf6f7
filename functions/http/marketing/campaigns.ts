/** Campaigns (营销活动): drafts, preview, submit, approval, pause/resume/cancel, results. Served by the marketing area. */
import { campaignInputSchema, campaignPreviewSchema, campaignResultsQuerySchema, campaignSettingsSchema, campaignUpdateSchema } from '../../../shared/schemas/campaigns.js';
import { approveCampaign, campaignAction, campaignList, campaignOf, campaignSettingsOf, createCampaign, previewCampaign, setCampaignSettings, submitCampaign, updateCampaign } from '../../services/campaign-service.js';
import { resultsOf } from '../../services/campaign-results.js';
import { campaignTemplates } from '../../../shared/domain/campaigns/templates.js';
import { jsonBody, pathParam, queryParams } from '../lib/request.js';
import { created, ok, type AreaOperations } from '../lib/router.js';

const id = (event: Parameters<AreaOperations[string]>[0]) => pathParam(event, 'campaignId');

export const campaignOperations: AreaOperations = {
  'GET /campaigns': async (_event, caller) => ok(await campaignList(caller)),
  'POST /campaigns': async (event, caller) => created(await createCampaign(caller, jsonBody(event, campaignInputSchema))),
  'POST /campaigns/preview': async (event, caller) => ok(await previewCampaign(caller, jsonBody(event, campaignPreviewSchema))),
  'GET /campaign-settings': async (_event, caller) => ok(await campaignSettingsOf(caller)),
  'PUT /campaign-settings': async (event, caller) => ok(await setCampaignSettings(caller, jsonBody(event, campaignSettingsSchema))),
  'GET /campaigns/{campaignId}': async (event, caller) => ok(await campaignOf(caller, id(event))),
  'PUT /campaigns/{campaignId}': async (event, caller) => ok(await updateCampaign(caller, id(event), jsonBody(event, campaignUpdateSchema))),
  'POST /campaigns/{campaignId}/submit': async (event, caller) => ok(await submitCampaign(caller, id(event))),
  'POST /campaigns/{campaignId}/approve': async (event, caller) => ok(await approveCampaign(caller, id(event))),
  'POST /campaigns/{campaignId}/reject': async (event, caller) => ok(await campaignAction(caller, id(event), 'reject')),
  'POST /campaigns/{campaignId}/pause': async (event, caller) => ok(await campaignAction(caller, id(event), 'pause')),
  'POST /campaigns/{campaignId}/resume': async (event, caller) => ok(await campaignAction(caller, id(event), 'resume')),
  'POST /campaigns/{campaignId}/cancel': async (event, caller) => ok(await campaignAction(caller, id(event), 'cancel')),
  'GET /campaigns/{campaignId}/results': async (event, caller) => ok(await resultsOf(caller, id(event), queryParams(event, campaignResultsQuerySchema))),
  'GET /campaign-templates': async () => ok({ items: campaignTemplates }),
};
