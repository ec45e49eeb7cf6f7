/**
 * Triggered campaigns (issue 12 item 2, simple journeys). An occurrence (a visit checked out, a
 * survey answered, a lead converted, a membership sold or lapsed) enrolls its patient in every
 * listening campaign (status `scheduled`, schedule `trigger` for that event) whose segment holds
 * them and whose exclusions let them through: arm, variant and coupon code are assigned as the
 * batch runner assigns them (per household, campaign-send.ts) and claimed once per (campaign,
 * patient, triggering record). Held-out patients are recorded and nothing is queued for them;
 * the treated wait in the due queue. Once the delay has passed, inside the campaign's sending
 * hours, the message goes through the same sender as a batch run, so the same decision applies
 * (consent, suppression, quiet hours, contact budget, one per household per day, send ledger).
 */
import { assignArm } from '../../shared/domain/campaigns/assignment.js';
import { insideCampaignHours } from '../../shared/domain/campaigns/due.js';
import { triggerDueAt, triggerMatches, type TriggerOccurrence } from '../../shared/domain/campaigns/triggers.js';
import { couponDates } from '../../shared/domain/coupons/coupon.js';
import { defaultTimeZone, localDay } from '../../shared/domain/time.js';
import type { Campaign } from '../../shared/schemas/campaigns.js';
import { getCampaign, listCampaigns } from '../adapters/dynamo/campaign-repository.js';
import { dueTriggers, enrollTrigger, removeDueTrigger, type DueTrigger } from '../adapters/dynamo/campaign-trigger-repository.js';
import { getCouponDefinition } from '../adapters/dynamo/coupon-repository.js';
import { listClinics } from '../adapters/dynamo/org-repository.js';
import { mapLimit } from '../lib/concurrency.js';
import { recordExclusions, type ExclusionCheck } from './campaign-audience.js';
import { campaignSender } from './campaign-send.js';
import { patientInSegment } from './campaign-trigger-audience.js';
import { noteTreatmentAim } from './treatment-aimed.js';
import { newCouponCode } from './coupon-service.js';
import type { Publisher } from './send-pipeline.js';

export type TriggerDeps = { publish?: Publisher; exclude?: ExclusionCheck; inSegment?: typeof patientInSegment };

/** The run key triggered recipients carry (progress and results tell them from batch runs by it). */
export const triggerRunKey = 'trigger';
/** Per run; the rest waits for the next tick (5 minutes). */
const maxDuePerRun = 500;

const bump = (tally: Record<string, number>, label: string) => { tally[label] = (tally[label] ?? 0) + 1; };

const enrollOne = async (campaign: Campaign, occurrence: TriggerOccurrence, now: Date, deps: TriggerDeps, zones: ReadonlyMap<string, string>): Promise<string> => {
  if (campaign.schedule.kind !== 'trigger') return 'ignored';
  const { tenantId } = occurrence;
  const { member, segment } = await (deps.inSegment ?? patientInSegment)(tenantId, campaign.segmentId, occurrence.patientId, now);
  if (!member) return 'outsideSegment';
  await noteTreatmentAim(tenantId, { kind: 'campaign', id: campaign.campaignId, segmentId: campaign.segmentId, aimedByTreatment: campaign.aimedByTreatment }, { ...(segment ? { segment } : {}) });
  const excluded = await (deps.exclude ?? recordExclusions)(tenantId, member, campaign.exclusions, now);
  if (excluded) return `excluded:${excluded}`;
  const arm = assignArm({ campaignId: campaign.campaignId, householdKey: member.householdKey, holdoutPercent: campaign.holdoutPercent, variants: campaign.variants });
  const dueAt = triggerDueAt(campaign.schedule, occurrence);
  const definition = arm.arm === 'treated' && campaign.couponDefinitionId ? await getCouponDefinition(tenantId, campaign.couponDefinitionId) : undefined;
  const coupon = definition ? { couponCode: newCouponCode(), couponExpiresOn: couponDates(definition.validity, localDay(new Date(dueAt), zones.get(member.clinicId) ?? defaultTimeZone)).expiresOn } : {};
  const recipient = {
    ...member, runKey: triggerRunKey, arm: arm.arm, ...(arm.arm === 'treated' ? { variant: arm.variant } : {}), ...coupon,
    assignedAt: occurrence.at, triggerRef: occurrence.ref, triggerEvent: occurrence.event, dueAt,
  };
  const due: DueTrigger | undefined = arm.arm === 'treated' ? { campaignId: campaign.campaignId, ...member, ref: occurrence.ref, event: occurrence.event, at: occurrence.at, dueAt } : undefined;
  if (!(await enrollTrigger(tenantId, campaign.campaignId, recipient, due))) return 'duplicate';
  return arm.arm === 'holdout' ? 'heldOut' : 'enrolled';
};

/** Enrolls the occurrence's patient in each campaign listening to it; a redelivery enrolls nobody twice. */
export const enrollOccurrence = async (occurrence: TriggerOccurrence, now: Date, deps: TriggerDeps = {}): Promise<Record<string, number>> => {
  const [campaigns, clinics] = await Promise.all([listCampaigns(occurrence.tenantId), listClinics(occurrence.tenantId)]);
  const listening = campaigns.filter((c) => c.status === 'scheduled' && triggerMatches(c.schedule, occurrence));
  const tally: Record<string, number> = { listening: listening.length };
  const zones = new Map(clinics.map((c) => [c.clinicId, c.timeZone]));
  for (const campaign of listening) bump(tally, await enrollOne(campaign, occurrence, now, deps, zones));
  return tally;
};

type Sender = Awaited<ReturnType<typeof campaignSender>>;

/** Sends what is due by `now`: cancelled campaigns' items are dropped, paused ones' and those outside the sending hours wait. */
export const sendDueTriggers = async (tenantId: string, now: Date, deps: TriggerDeps = {}): Promise<Record<string, number>> => {
  const due = await dueTriggers(tenantId, now.toISOString(), maxDuePerRun);
  const tally: Record<string, number> = {};
  if (due.length === 0) return tally;
  const zones = new Map((await listClinics(tenantId)).map((c) => [c.clinicId, c.timeZone]));
  const campaigns = new Map<string, Promise<Campaign | undefined>>();
  const senders = new Map<string, Promise<Sender>>();
  await mapLimit(due, { limit: 4, onError: 'continue' }, async (item) => {
    if (!campaigns.has(item.campaignId)) campaigns.set(item.campaignId, getCampaign(tenantId, item.campaignId));
    const campaign = await campaigns.get(item.campaignId);
    if (!campaign || campaign.status === 'cancelled' || campaign.status === 'completed' || campaign.schedule.kind !== 'trigger') {
      await removeDueTrigger(tenantId, item);
      return bump(tally, 'dropped');
    }
    if (campaign.status !== 'scheduled') return bump(tally, `waiting:${campaign.status}`);
    if (!insideCampaignHours(campaign, now, zones.get(item.clinicId) ?? defaultTimeZone)) return bump(tally, 'waiting:hours');
    if (!senders.has(campaign.campaignId)) senders.set(campaign.campaignId, campaignSender(tenantId, campaign, triggerRunKey, now, { publish: deps.publish }));
    const sender = await senders.get(campaign.campaignId);
    if (!sender) return undefined;
    bump(tally, await sender.send({ patientId: item.patientId, clinicId: item.clinicId, householdKey: item.householdKey, trigger: { ref: item.ref, at: item.at, event: item.event } }));
    // Sent, skipped, deferred or failed, the send ledger now owns the occasion (retries included).
    await removeDueTrigger(tenantId, item);
    return undefined;
  });
  return tally;
};
