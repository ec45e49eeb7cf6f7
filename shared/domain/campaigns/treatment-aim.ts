/**
 * A campaign aimed by treatment (its segment selects by procedure, category or a tag naming a
 * treatment) says, of each person it reached or held out, that they had that treatment: who they
 * are is then medical information (invariant 9). Roles that neither read medical records nor keep
 * patient records (marketing) count and read the results of such a campaign, but are not told who
 * received it or was held out: not on the Messages page, the patient's campaign section or the
 * outbox. Once a run or a triggered message went out on such a segment, the campaign keeps the
 * mark (`aimedByTreatment`), so editing the segment afterwards names nobody.
 */
import type { Role } from '../access.js';
import { seesClinicalTags } from '../patient-tags.js';
import { usesClinicalFacts, type ConditionGroup } from '../segments/conditions.js';

/** The roles that may learn who had a treatment: the same as those who see treatment tags. */
export const learnsTreatmentAudiences = (role: Role): boolean => seesClinicalTags(role);

type AimedCampaign = { campaignId: string; segmentId: string; aimedByTreatment?: boolean };

/** The campaigns whose recipients a role that may not learn treatments is not told. */
export const campaignsAimedByTreatment = (campaigns: readonly AimedCampaign[], segments: ReadonlyMap<string, { conditions: ConditionGroup }>): Set<string> => {
  const aimed = new Set<string>();
  for (const campaign of campaigns) {
    const segment = segments.get(campaign.segmentId);
    if (campaign.aimedByTreatment || (segment && usesClinicalFacts(segment.conditions))) aimed.add(campaign.campaignId);
  }
  return aimed;
};

/** The campaign a send-ledger occasion belongs to (`campaign.<id>.<run>` or `campaign.<id>.t.<ref>`). */
export const campaignOfOccasion = (occasion: string): string | undefined => {
  const [kind, campaignId] = occasion.split('.');
  return kind === 'campaign' && campaignId ? campaignId : undefined;
};
