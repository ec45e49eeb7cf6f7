/**
 * Who a campaign aimed by treatment reached is not told to roles that may not learn treatments
 * (shared/domain/campaigns/treatment-aim.ts). The readers ask for the set of such campaigns once
 * per request (two queries, none for roles that may learn treatments); the runner and the trigger
 * mark a campaign when its segment selects by treatment as it sends.
 */
import type { Caller } from '../../shared/domain/access.js';
import { campaignOfOccasion, campaignsAimedByTreatment, learnsTreatmentAudiences } from '../../shared/domain/campaigns/treatment-aim.js';
import { usesClinicalFacts } from '../../shared/domain/segments/conditions.js';
import type { Campaign } from '../../shared/schemas/campaigns.js';
import { listCampaigns, markAimedByTreatment } from '../adapters/dynamo/campaign-repository.js';
import { getSegmentRecord, listSegments } from '../adapters/dynamo/segment-repository.js';

/** The campaigns whose recipients this caller is not told (empty for roles that may learn treatments). */
export const campaignsHiddenFrom = async (caller: Pick<Caller, 'tenantId' | 'role'>): Promise<ReadonlySet<string>> => {
  if (learnsTreatmentAudiences(caller.role)) return new Set();
  const [campaigns, segments] = await Promise.all([listCampaigns(caller.tenantId), listSegments(caller.tenantId, { withDeleted: true })]);
  return campaignsAimedByTreatment(campaigns, new Map(segments.map((s) => [s.segmentId, s])));
};

/** Keeps the ledger entries and outbox messages that are not about a hidden campaign. */
export const outsideHiddenCampaigns = (hidden: ReadonlySet<string>) => (entry: { occasion?: string; campaignId?: string }): boolean => {
  const campaignId = entry.campaignId ?? (entry.occasion ? campaignOfOccasion(entry.occasion) : undefined);
  return campaignId === undefined || !hidden.has(campaignId);
};

/** Before a campaign sends on its segment: marks it for good when the segment selects by treatment. */
export const noteTreatmentAim = async (tenantId: string, campaign: Pick<Campaign, 'campaignId' | 'segmentId' | 'aimedByTreatment'>): Promise<void> => {
  if (campaign.aimedByTreatment) return;
  const segment = await getSegmentRecord(tenantId, campaign.segmentId);
  if (segment && usesClinicalFacts(segment.conditions)) await markAimedByTreatment(tenantId, campaign.campaignId);
};
