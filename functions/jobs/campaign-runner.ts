/**
 * Every 5 minutes (and on a "run now"): the chain's campaigns that are due start, and runs in
 * progress continue, each inside its sending hours; a run that would outlast this invocation stops
 * between pages and the next tick continues from its checkpoint. The audience is the saved
 * segment's (segment-audience.ts); everything else is campaign-runner.ts.
 */
import { campaignDue } from '../../shared/domain/campaigns/due.js';
import { chainTimeZone } from '../../shared/domain/time.js';
import { listCampaigns } from '../adapters/dynamo/campaign-repository.js';
import { listClinics } from '../adapters/dynamo/org-repository.js';
import { runCampaign } from '../services/campaign-runner.js';
import { createJobHandler } from './lib/job-runner.js';

/** Leaves a minute of the 15-minute Lambda for the last page and its checkpoint. */
const budgetMs = 13 * 60_000;

export const runDueCampaigns = async (tenantId: string, now: Date): Promise<Record<string, number>> => {
  const until = Date.now() + budgetMs;
  const [campaigns, clinics] = await Promise.all([listCampaigns(tenantId), listClinics(tenantId)]);
  const timeZone = chainTimeZone(clinics);
  const due = campaigns.filter((c) => campaignDue(c, now, timeZone));
  const tally: Record<string, number> = { due: due.length };
  for (const campaign of due) {
    if (Date.now() > until) break;
    const result = await runCampaign(tenantId, campaign.campaignId, now, { until });
    for (const label of ['sent', 'heldOut', 'duplicate', 'failed', 'continued', 'stopped']) tally[label] = (tally[label] ?? 0) + (result[label] ?? 0);
  }
  return tally;
};

export const handler = createJobHandler('campaign-runner', runDueCampaigns);
