/**
 * Who a campaign or member event aimed by treatment reached is not told to roles that may not
 * learn treatments (shared/domain/campaigns/treatment-aim.ts). A reader asks for the set of such
 * campaigns and events once per request (three queries, none for roles that may learn
 * treatments); the campaign runner, the trigger and the event's invitations mark theirs as they
 * send, so a segment edited afterwards names nobody.
 */
import type { Caller } from '../../shared/domain/access.js';
import { aimedByTreatment, learnsTreatmentAudiences, senderOfOccasion } from '../../shared/domain/campaigns/treatment-aim.js';
import { usesClinicalFacts } from '../../shared/domain/segments/conditions.js';
import type { Segment } from '../../shared/schemas/segments.js';
import { listCampaigns, markAimedByTreatment } from '../adapters/dynamo/campaign-repository.js';
import { listEvents, markEventAimedByTreatment } from '../adapters/dynamo/member-event-repository.js';
import { getSegmentRecord, listSegments } from '../adapters/dynamo/segment-repository.js';

const segmentMap = (segments: readonly Segment[]) => new Map(segments.map((s) => [s.segmentId, s]));

/** The campaigns and events whose recipients this caller is not told (empty for roles that may learn treatments). */
export const audiencesHiddenFrom = async (caller: Pick<Caller, 'tenantId' | 'role'>): Promise<ReadonlySet<string>> => {
  if (learnsTreatmentAudiences(caller.role)) return new Set();
  const [campaigns, events, segments] = await Promise.all([listCampaigns(caller.tenantId), listEvents(caller.tenantId), listSegments(caller.tenantId, { withDeleted: true })]);
  const aimed = [...campaigns.map((c) => ({ ...c, id: c.campaignId })), ...events.map((e) => ({ ...e, id: e.eventId }))];
  return aimedByTreatment(aimed, segmentMap(segments));
};

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
  if (!campaign.aimedByTreatment && (await segmentSelectsByTreatment(tenantId, campaign.segmentId))) await markAimedByTreatment(tenantId, campaign.campaignId);
};

/** Before an event invites its segment: the same mark on the event. */
export const noteEventTreatmentAim = async (tenantId: string, event: { eventId: string; segmentId?: string; aimedByTreatment?: boolean }): Promise<void> => {
  if (!event.aimedByTreatment && (await segmentSelectsByTreatment(tenantId, event.segmentId))) await markEventAimedByTreatment(tenantId, event.eventId);
};
