/**
 * Where a campaign run gets its audience and its exclusions. Injected into the runner so the
 * integration tests hand in patients they created; production resolves the saved segment
 * (segment-audience.ts, the segments slice) and reads each exclusion from the records.
 */
import { purposeRules, messagePurposes } from '../../shared/domain/messaging/purposes.js';
import type { AudienceMember } from '../../shared/domain/segments/facts.js';
import type { Campaign } from '../../shared/schemas/campaigns.js';
import { listPatientAppointments } from '../adapters/dynamo/appointment-repository.js';
import { cardsOfPatient } from '../adapters/dynamo/membership-repository.js';
import { marketingSentSince } from '../adapters/dynamo/send-ledger-repository.js';
import { resolveSegmentAudience } from './segment-audience.js';

export type AudienceSource = (tenantId: string, segmentId: string, now: Date) => Promise<AudienceMember[]>;
/** Why a member is excluded, or undefined to keep them. */
export type ExclusionCheck = (tenantId: string, member: AudienceMember, exclusions: Campaign['exclusions'], now: Date) => Promise<string | undefined>;

const marketingPurposes = messagePurposes.filter((p) => purposeRules[p].marketing);

export const segmentAudience: AudienceSource = (tenantId, segmentId, now) => resolveSegmentAudience(tenantId, segmentId, now);

export const recordExclusions: ExclusionCheck = async (tenantId, member, exclusions, now) => {
  if (exclusions.contactedWithinDays > 0) {
    const since = new Date(now.getTime() - exclusions.contactedWithinDays * 86_400_000).toISOString();
    if ((await marketingSentSince(tenantId, member.patientId, marketingPurposes, since)) > 0) return 'contacted';
  }
  if (exclusions.members && (await cardsOfPatient(tenantId, member.patientId)).some((c) => c.membership.status === 'active' && c.membership.endDate >= now.toISOString().slice(0, 10))) return 'member';
  if (exclusions.withAppointment && (await listPatientAppointments(tenantId, member.patientId)).some((a) => a.status === 'booked' && Date.parse(a.startAt) > now.getTime())) return 'appointment';
  return undefined;
};

let source: AudienceSource = segmentAudience;
/** The audience source the API's launch checks use; the twin's tests swap in their own list until segments land. */
export const campaignAudienceSource = (): AudienceSource => source;
export const useCampaignAudienceSource = (next: AudienceSource | undefined): void => { source = next ?? segmentAudience; };
