/**
 * What the runner does for one member of the frozen audience: assign arm and variant (stable per
 * household), claim the recipient item (the first claim's arm and coupon code win), then, if
 * treated, send through the send pipeline as a marketing message and issue the coupon the text
 * names once the message went (or a crash left its claim in the channel window).
 * A treated member costs seven calls: recipient claim, contact-budget query (read with the page),
 * shared-phone claim, ledger claim, outbox row, outcome, recipient outcome; the page's profiles,
 * suppressions and ledger are read in a few batch calls. The next cut: fix arm, variant and
 * coupon code when the audience is frozen, so recipients need no conditional claim and can be
 * written once per page in batch writes with their outcomes (two calls fewer per member).
 */
import { assignArm } from '../../shared/domain/campaigns/assignment.js';
import { toPipelineTemplate } from '../../shared/domain/campaigns/sms-text.js';
import { couponDates } from '../../shared/domain/coupons/coupon.js';
import { defaultTimeZone, localDay } from '../../shared/domain/time.js';
import type { AudienceMember } from '../../shared/domain/segments/facts.js';
import type { Campaign } from '../../shared/schemas/campaigns.js';
import type { Coupon, CouponDefinition } from '../../shared/schemas/coupons.js';
import type { Clinic } from '../../shared/schemas/org.js';
import { triggerOccasion } from '../../shared/domain/campaigns/triggers.js';
import { getAutomationSettings } from '../adapters/dynamo/automation-settings-repository.js';
import { claimRecipient, recordRecipientOutcome, type Recipient } from '../adapters/dynamo/campaign-repository.js';
import { getCouponDefinition, putCoupon } from '../adapters/dynamo/coupon-repository.js';
import { listClinics } from '../adapters/dynamo/org-repository.js';
import { ledgerStatusOf } from '../adapters/dynamo/send-ledger-repository.js';
import { newCouponCode } from './coupon-service.js';
import { sendMessage, type Publisher } from './send-pipeline.js';
import { contactBudgetSince, factKey, prefetchSendFacts, type SendFacts } from './send-facts.js';
import { RollupBuffer } from '../adapters/dynamo/kpi-repository.js';

export type SendDeps = { publish?: Publisher | undefined };

/** A member of a triggered campaign: the triggering record names its recipient and its ledger occasion. */
export type SendMember = AudienceMember & { trigger?: { ref: string; at: string; event: string } };

/** What a page's sends share: the facts read for the whole page a moment ago, and its KPI counts. */
export type PageContext = { facts: ReadonlyMap<string, SendFacts>; counts: RollupBuffer };

export type CampaignSender = {
  /** reads the page's facts together (profiles, suppressions, ledger, contact budget): a few calls instead of four per member */
  preparePage: (members: readonly SendMember[]) => Promise<PageContext>;
  /** the member's label for the run's tally: heldOut, sent, duplicate, failed, skipped:<reason>, deferred:<reason> */
  send: (member: SendMember, page?: PageContext) => Promise<string>;
};

const couponOf = (definition: CouponDefinition, recipient: Recipient, campaignId: string, now: Date): Coupon => {
  const { name, value, minSpendFen, procedureIds, categories, clinicIds, definitionId } = definition;
  const { validFrom, expiresOn } = couponDates(definition.validity, recipient.assignedAt.slice(0, 10));
  return { code: recipient.couponCode ?? '', patientId: recipient.patientId, definitionId, name, value, minSpendFen, procedureIds, categories, clinicIds, validFrom, expiresOn: recipient.couponExpiresOn ?? expiresOn, status: 'issued', issuedBy: { kind: 'campaign', id: campaignId }, issuedAt: now.toISOString() };
};

/** The member's label for the run's tally: heldOut, sent, duplicate, failed, skipped:<reason>, deferred:<reason>. */
export const campaignSender = async (tenantId: string, campaign: Campaign, runKey: string, now: Date, deps: SendDeps): Promise<CampaignSender> => {
  const [{ settings }, clinicList, definition] = await Promise.all([
    getAutomationSettings(tenantId),
    listClinics(tenantId),
    campaign.couponDefinitionId ? getCouponDefinition(tenantId, campaign.couponDefinitionId) : Promise.resolve(undefined),
  ]);
  const clinics = new Map<string, Clinic>(clinicList.map((c) => [c.clinicId, c]));
  const batchOccasion = `campaign.${campaign.campaignId}.${runKey}`;
  const occasionOf = (member: SendMember): string => (member.trigger ? triggerOccasion(campaign.campaignId, member.trigger.ref) : batchOccasion);
  const ref = { kind: 'standing' as const, notAfter: new Date(now.getTime() + 2 * 86_400_000).toISOString() };
  const preparePage = async (members: readonly SendMember[]): Promise<PageContext> => {
    const requests = members.map((m) => ({ tenantId, patientId: m.patientId, purpose: 'marketing-campaign' as const, occasion: occasionOf(m), template: '', ref }));
    return { facts: await prefetchSendFacts(tenantId, requests, { budgetSince: contactBudgetSince(now) }), counts: new RollupBuffer() };
  };
  const send = async ({ trigger, ...member }: SendMember, page?: PageContext): Promise<string> => {
    const occasion = occasionOf({ ...member, ...(trigger ? { trigger } : {}) });
    const triggered = trigger ? { triggerRef: trigger.ref, triggerEvent: trigger.event } : {};
    const arm = assignArm({ campaignId: campaign.campaignId, householdKey: member.householdKey, holdoutPercent: campaign.holdoutPercent, variants: campaign.variants });
    const clinic = clinics.get(member.clinicId);
    const day = localDay(now, clinic?.timeZone ?? defaultTimeZone);
    const coupon = arm.arm === 'treated' && definition ? { couponCode: newCouponCode(), couponExpiresOn: couponDates(definition.validity, day).expiresOn } : {};
    const recipient = await claimRecipient(tenantId, campaign.campaignId, { ...member, runKey, arm: arm.arm, ...(arm.arm === 'treated' ? { variant: arm.variant } : {}), ...coupon, assignedAt: trigger?.at ?? now.toISOString(), ...triggered });
    if (recipient.arm === 'holdout') return 'heldOut';
    const variant = campaign.variants.find((v) => v.key === recipient.variant) ?? campaign.variants[0];
    if (!variant) return 'skipped:template';
    const template = toPipelineTemplate(variant.template, { 优惠券: recipient.couponCode ?? '', 有效期: recipient.couponExpiresOn ?? '', 预约电话: clinic?.phone ?? '' });
    const key = { tenantId, patientId: member.patientId, purpose: 'marketing-campaign' as const, occasion };
    const facts = page?.facts.get(factKey(key));
    const outcome = await sendMessage(
      { ...key, template, values: {}, ref, settings, clinics, ...(page ? { counts: page.counts } : {}) },
      { now, ...(facts ? { facts } : {}), ...(deps.publish ? { publish: deps.publish } : {}) },
    );
    // A duplicate that the page's read already found settled needs no second read.
    const settled = facts?.ledger && ['sent', 'claimed', 'unknown'].includes(facts.ledger.status) ? facts.ledger.status : undefined;
    const ledger = outcome.status === 'duplicate' ? (settled ?? (await ledgerStatusOf(key))) : undefined;
    const went = outcome.status === 'sent' || ['sent', 'claimed', 'unknown'].includes(ledger ?? '');
    // The code is in the text: the coupon must exist whenever the message may have gone. putCoupon is idempotent by code.
    if (went && definition && recipient.couponCode) await putCoupon(tenantId, couponOf(definition, recipient, campaign.campaignId, now));
    // A redone page after a crash between publish and this record: the ledger says it went.
    if (outcome.status !== 'duplicate') await recordRecipientOutcome(tenantId, campaign.campaignId, member.patientId, outcome.status, outcome.reason, trigger?.ref);
    else if (ledger === 'sent' && recipient.outcome === undefined) await recordRecipientOutcome(tenantId, campaign.campaignId, member.patientId, 'sent', undefined, trigger?.ref);
    return outcome.reason && outcome.status !== 'sent' ? `${outcome.status}:${outcome.reason}` : outcome.status;
  };
  return { preparePage, send };
};
