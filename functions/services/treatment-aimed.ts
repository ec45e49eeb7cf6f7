/**
 * Who a campaign or member event aimed by treatment reached is not told to roles that may not
 * learn treatments (shared/domain/campaigns/treatment-aim.ts). The campaign runner, the trigger
 * and the event's invitations mark theirs before they first send (the chain's register, then the
 * item's own flag, which the screens show), so a segment edited afterwards names nobody. Readers
 * check the register: one read per request, none for roles that may learn treatments.
 */
import type { Caller } from '../../shared/domain/access.js';
import { learnsTreatmentAudiences, senderOfOccasion } from '../../shared/domain/campaigns/treatment-aim.js';
import { usesClinicalFacts } from '../../shared/domain/segments/conditions.js';
import { markAimedByTreatment } from '../adapters/dynamo/campaign-repository.js';
import { markEventAimedByTreatment } from '../adapters/dynamo/member-event-repository.js';
import { getSegmentRecord } from '../adapters/dynamo/segment-repository.js';
import { readAimedByTreatment, registerAimedByTreatment } from '../adapters/dynamo/treatment-aim-repository.js';

/** The campaigns and events whose recipients this caller is not told (empty for roles that may learn treatments). */
export const audiencesHiddenFrom = async (caller: Pick<Caller, 'tenantId' | 'role'>): Promise<ReadonlySet<string>> =>
  learnsTreatmentAudiences(caller.role) ? new Set() : readAimedByTreatment(caller.tenantId);

/** Keeps the ledger entries and outbox messages that are not about a hidden campaign or event. */
export const outsideHidden = (hidden: ReadonlySet<string>) => (entry: { occasion?: string; campaignId?: string; eventId?: string }): boolean => {
  const id = entry.campaignId ?? entry.eventId ?? (entry.occasion ? senderOfOccasion(entry.occasion)?.id : undefined);
  return id === undefined || !hidden.has(id);
};

/** Whether the segment (deleted or not) selects by treatment now. */
export const segmentSelectsByTreatment = async (tenantId: string, segmentId: string | undefined): Promise<boolean> => {
  const segment = segmentId === undefined ? undefined : await getSegmentRecord(tenantId, segmentId);
  return segment !== undefined && usesClinicalFacts(segment.conditions);
};

/** Before a campaign sends on its segment: marks it for good when the segment selects by treatment. */
export const noteTreatmentAim = async (tenantId: string, campaign: { campaignId: string; segmentId: string; aimedByTreatment?: boolean }): Promise<void> => {
  if (campaign.aimedByTreatment || !(await segmentSelectsByTreatment(tenantId, campaign.segmentId))) return;
  // The register first (what readers check), the flag after (what the screens show).
  await registerAimedByTreatment(tenantId, campaign.campaignId);
  await markAimedByTreatment(tenantId, campaign.campaignId);
};

/** Before an event invites its segment: the same marks for the event. */
export const noteEventTreatmentAim = async (tenantId: string, event: { eventId: string; segmentId?: string; aimedByTreatment?: boolean }): Promise<void> => {
  if (event.aimedByTreatment || !(await segmentSelectsByTreatment(tenantId, event.segmentId))) return;
  await registerAimedByTreatment(tenantId, event.eventId);
  await markEventAimedByTreatment(tenantId, event.eventId);
};
