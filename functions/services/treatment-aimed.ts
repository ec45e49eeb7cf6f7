/**
 * Who a campaign or member event aimed by treatment reached is not told to roles that may not
 * learn treatments (shared/domain/campaigns/treatment-aim.ts). The campaign runner, the trigger
 * and the event's invitations mark theirs before they first send (treatment-aim-repository.ts), so
 * a segment edited afterwards names nobody. Readers check the chain's register: one read per
 * request, none for roles that may learn treatments.
 */
import type { Caller } from '../../shared/domain/access.js';
import { learnsTreatmentAudiences, senderOfOccasion } from '../../shared/domain/campaigns/treatment-aim.js';
import { usesClinicalFacts } from '../../shared/domain/segments/conditions.js';
import type { Segment } from '../../shared/schemas/segments.js';
import { getSegmentRecord } from '../adapters/dynamo/segment-repository.js';
import { markAimedByTreatment, readAimedByTreatment, type AimedSender } from '../adapters/dynamo/treatment-aim-repository.js';

/** The campaigns and events whose recipients this caller is not told (empty for roles that may learn treatments). */
export const audiencesHiddenFrom = async (caller: Pick<Caller, 'tenantId' | 'role'>): Promise<ReadonlySet<string>> =>
  learnsTreatmentAudiences(caller.role) ? new Set() : readAimedByTreatment(caller.tenantId);

/** Keeps the ledger entries and outbox messages that are not about a hidden campaign or event. */
export const outsideHidden = (hidden: ReadonlySet<string>) => (entry: { occasion?: string; campaignId?: string; eventId?: string }): boolean => {
  const id = entry.campaignId ?? entry.eventId ?? (entry.occasion ? senderOfOccasion(entry.occasion)?.id : undefined);
  return id === undefined || !hidden.has(id);
};

/**
 * Before a campaign or event first sends to its segment: marks it for good when the segment
 * selects by treatment. `segment` when the caller has just read it (the trigger), else it is read.
 */
export const noteTreatmentAim = async (tenantId: string, sender: AimedSender & { segmentId?: string | undefined; aimedByTreatment?: boolean | undefined }, known: { segment?: Pick<Segment, 'conditions'> } = {}): Promise<void> => {
  if (sender.aimedByTreatment || sender.segmentId === undefined) return;
  const read = known.segment ?? (await getSegmentRecord(tenantId, sender.segmentId));
  if (read && usesClinicalFacts(read.conditions)) await markAimedByTreatment(tenantId, { kind: sender.kind, id: sender.id });
};
