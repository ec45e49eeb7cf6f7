/**
 * What the runner does for one member of the frozen audience. A batch run's members come with
 * their arm, variant and coupon code fixed when the audience was frozen (`assign`), so a treated
 * member costs the send pipeline's two claims (the number's marketing contacts, the ledger item);
 * its sent outcome and its recipient row are written with the page's others in batch writes; the
 * page's profiles, suppressions, ledger and numbers' contacts are read in a few batch calls. A held-out member is
 * recorded and sent nothing. The coupon the text names is issued once the message went (or a
 * crash left its claim in the channel window).
 * Members without an assignment (a triggered campaign's, or a page frozen before assignments were
 * stored) claim their recipient item first: the first claim's arm and coupon code win.
 */
import { assignArm } from '../../shared/domain/campaigns/assignment.js';
import { toPipelineTemplate } from '../../shared/domain/campaigns/sms-text.js';
import { couponDates } from '../../shared/domain/coupons/coupon.js';
import { defaultTimeZone, localDay } from '../../shared/domain/time.js';
import type { AudienceMember } from '../../shared/domain/segments/facts.js';
import type { Campaign } from '../../shared/schemas/campaigns.js';
import type { Coupon, CouponDefinition } from '../../shared/schemas/coupons.js';
import type { Clinic } from '../../shared/schemas/org.js';
import { batchOccasion, triggerOccasion } from '../../shared/domain/campaigns/triggers.js';
import { getAutomationSettings } from '../adapters/dynamo/automation-settings-repository.js';
import { claimRecipient, recordRecipientOutcome, type Assignment, type FrozenMember, type Recipient } from '../adapters/dynamo/campaign-repository.js';
import { getCouponDefinition, putCoupon } from '../adapters/dynamo/coupon-repository.js';
import { listClinics } from '../adapters/dynamo/org-repository.js';
import { ledgerWordOf, type LedgerWord } from '../adapters/dynamo/send-ledger-repository.js';
import { newCouponCode } from './coupon-service.js';
import { sendMessage, settledStatuses, type Publisher, type SendOutcome } from './send-pipeline.js';
import { factKey, prefetchSendFacts, type SendFacts } from './send-facts.js';
import { SentOutcomeBatch } from '../adapters/dynamo/sent-outcome-batch.js';

export type SendDeps = { publish?: Publisher | undefined };

/** A member of a triggered campaign: the triggering record names its recipient and its ledger occasion. */
export type SendMember = AudienceMember & { trigger?: { ref: string; at: string; event: string } };

/** What a page's sends share: the facts read for the whole page a moment ago, and its sent outcomes' batch. */
export type PageContext = { facts: ReadonlyMap<string, SendFacts>; sentOutcomes: SentOutcomeBatch };

/** A frozen member's result: the tally label and the recipient row to write with the page (`keep`: only if none exists yet). */
export type FrozenResult = { label: string; row: Recipient; write: 'put' | 'keep' };

export type CampaignSender = {
  /** fixes the member's arm, variant and coupon code when the audience is frozen */
  assign: (member: AudienceMember) => Assignment;
  /** a member with its assignment: sends (or holds out) and says what its recipient row is */
  sendFrozen: (member: FrozenMember & Assignment, page: PageContext) => Promise<FrozenResult>;
  /**
   * reads the page's facts together (profiles, suppressions, ledger, contact budget): a few calls
   * instead of four per member; `firstVisit`: the runner expects no decision on this page yet and
   * skips the ledger read (a shortcut only: a claim on a decided occasion fails and reads it then)
   */
  preparePage: (members: readonly SendMember[], options?: { firstVisit?: boolean }) => Promise<PageContext>;
  /** the member's label for the run's tally: heldOut, sent, duplicate, failed, skipped:<reason>, deferred:<reason> */
  send: (member: SendMember, page?: PageContext) => Promise<string>;
};

const couponOf = (definition: CouponDefinition, recipient: Recipient, campaignId: string, now: Date): Coupon => {
  const { name, value, minSpendFen, procedureIds, categories, clinicIds, definitionId } = definition;
  const { validFrom, expiresOn } = couponDates(definition.validity, recipient.assignedAt.slice(0, 10));
  return { code: recipient.couponCode ?? '', patientId: recipient.patientId, definitionId, name, value, minSpendFen, procedureIds, categories, clinicIds, validFrom, expiresOn: recipient.couponExpiresOn ?? expiresOn, status: 'issued', issuedBy: { kind: 'campaign', id: campaignId }, issuedAt: now.toISOString() };
};

/** A provider's template takes the coupon as parameters, not inside a rendered text (SNS renders it into the text above). */
const offerValues = (recipient: Recipient): { coupon?: string; time?: string } => ({
  ...(recipient.couponCode ? { coupon: recipient.couponCode } : {}),
  ...(recipient.couponExpiresOn ? { time: recipient.couponExpiresOn } : {}),
});

/**
 * A campaign member's outcome as the ledger decided it, for a page redone or a run recounted: a
 * claim still open, or one the sweep settled as maybe sent, counts as interrupted (never resent).
 */
export const outcomeOfLedger = (word: LedgerWord): { outcome: string; reason?: string } => {
  if (word.status === 'claimed' || word.status === 'unknown') return { outcome: 'unknown', reason: word.lastReason ?? 'channel-window' };
  return { outcome: word.status, ...(word.lastReason && word.status !== 'sent' ? { reason: word.lastReason } : {}) };
};

/** The member's label for the run's tally: heldOut, sent, duplicate, failed, skipped:<reason>, deferred:<reason>. */
export const campaignSender = async (tenantId: string, campaign: Campaign, runKey: string, now: Date, deps: SendDeps): Promise<CampaignSender> => {
  const [{ settings }, clinicList, definition] = await Promise.all([
    getAutomationSettings(tenantId),
    listClinics(tenantId),
    campaign.couponDefinitionId ? getCouponDefinition(tenantId, campaign.couponDefinitionId) : Promise.resolve(undefined),
  ]);
  const clinics = new Map<string, Clinic>(clinicList.map((c) => [c.clinicId, c]));
  const runOccasion = batchOccasion(campaign.campaignId, runKey);
  const occasionOf = (member: SendMember): string => (member.trigger ? triggerOccasion(campaign.campaignId, member.trigger.ref) : runOccasion);
  // A retry (quiet hours, a failed publish) checks again that the campaign was not cancelled meanwhile.
  const ref = { kind: 'campaign' as const, campaignId: campaign.campaignId, notAfter: new Date(now.getTime() + 2 * 86_400_000).toISOString() };
  const preparePage = async (members: readonly SendMember[], options: { firstVisit?: boolean } = {}): Promise<PageContext> => {
    const requests = members.map((m) => ({ tenantId, patientId: m.patientId, purpose: 'marketing-campaign' as const, occasion: occasionOf(m), template: '', ref }));
    return { facts: await prefetchSendFacts(tenantId, requests, { readLedger: options.firstVisit !== true }), sentOutcomes: new SentOutcomeBatch() };
  };
  /** Sends a treated recipient's message; says how it ended and whether it may have gone (then its coupon exists). */
  const deliver = async (recipient: Recipient, occasion: string, page?: PageContext): Promise<{ outcome: SendOutcome; word?: LedgerWord }> => {
    const clinic = clinics.get(recipient.clinicId);
    const variant = campaign.variants.find((v) => v.key === recipient.variant) ?? campaign.variants[0];
    if (!variant) return { outcome: { status: 'skipped', reason: 'template' } };
    const template = toPipelineTemplate(variant.template, { 优惠券: recipient.couponCode ?? '', 有效期: recipient.couponExpiresOn ?? '', 预约电话: clinic?.phone ?? '' });
    const key = { tenantId, patientId: recipient.patientId, purpose: 'marketing-campaign' as const, occasion };
    const facts = page?.facts.get(factKey(key));
    const outcome = await sendMessage(
      { ...key, template, values: offerValues(recipient), ref, settings, clinics, ...(variant.key ? { variant: variant.key } : {}) },
      { now, ...(facts ? { facts } : {}), ...(page ? { sentBatch: page.sentOutcomes } : {}), ...(deps.publish ? { publish: deps.publish } : {}) },
    );
    // A duplicate that the page's read already found settled needs no second read; otherwise the
    // ledger is read strongly (another invocation's claim has just gone in).
    const settled: LedgerWord | undefined = facts?.ledger && settledStatuses.includes(facts.ledger.status) ? { status: facts.ledger.status, ...(facts.ledger.lastReason ? { lastReason: facts.ledger.lastReason } : {}) } : undefined;
    const word = outcome.status === 'duplicate' ? (settled ?? (await ledgerWordOf(key))) : undefined;
    // A deferred send, or a failed one with a retry due, may still go: message-retries.ts sends the
    // same text, code included, after this run has moved on.
    const mayGo = outcome.status === 'sent' || outcome.retryAt !== undefined || (word !== undefined && (settledStatuses.includes(word.status) || word.status === 'deferred'));
    // The code is in the text: the coupon must exist whenever the message may have gone or may still go. putCoupon is idempotent by code.
    if (mayGo && definition && recipient.couponCode) await putCoupon(tenantId, couponOf(definition, recipient, campaign.campaignId, now));
    return { outcome, ...(word ? { word } : {}) };
  };
  const labelOf = (outcome: SendOutcome): string => (outcome.reason && outcome.status !== 'sent' ? `${outcome.status}:${outcome.reason}` : outcome.status);

  const assign = (member: AudienceMember): Assignment => {
    const arm = assignArm({ campaignId: campaign.campaignId, householdKey: member.householdKey, holdoutPercent: campaign.holdoutPercent, variants: campaign.variants });
    if (arm.arm === 'holdout') return { arm: 'holdout', assignedAt: now.toISOString() };
    const day = localDay(now, clinics.get(member.clinicId)?.timeZone ?? defaultTimeZone);
    const coupon = definition ? { couponCode: newCouponCode(), couponExpiresOn: couponDates(definition.validity, day).expiresOn } : {};
    return { arm: 'treated', variant: arm.variant, ...coupon, assignedAt: now.toISOString() };
  };

  const sendFrozen = async (member: FrozenMember & Assignment, page: PageContext): Promise<FrozenResult> => {
    const { patientId, clinicId, householdKey, arm, variant, couponCode, couponExpiresOn, assignedAt } = member;
    const row: Recipient = { patientId, clinicId, householdKey, runKey, arm, ...(variant ? { variant } : {}), ...(couponCode ? { couponCode } : {}), ...(couponExpiresOn ? { couponExpiresOn } : {}), assignedAt: assignedAt ?? now.toISOString() };
    if (arm === 'holdout') return { label: 'heldOut', row, write: 'put' };
    const { outcome, word } = await deliver(row, runOccasion, page);
    // This invocation's own decision: settled.
    if (outcome.status !== 'duplicate') return { label: labelOf(outcome), row: { ...row, outcome: outcome.status, ...(outcome.reason ? { reason: outcome.reason } : {}) }, write: 'put' };
    // Another invocation's send in flight (or a crash's claim not yet swept): its row is that invocation's to write.
    if (!word || word.status === 'claimed') return { label: 'duplicate', row, write: 'keep' };
    // Decided by an invocation that stopped before recording its page, or a crash's claim the sweep
    // settled as maybe sent (`unknown`): the ledger's word, so the member is not left counted as
    // remaining (a later send still wins, campaign-recipients.ts).
    return { label: 'duplicate', row: { ...row, ...outcomeOfLedger(word) }, write: 'put' };
  };

  const send = async ({ trigger, ...member }: SendMember, page?: PageContext): Promise<string> => {
    const occasion = occasionOf({ ...member, ...(trigger ? { trigger } : {}) });
    const triggered = trigger ? { triggerRef: trigger.ref, triggerEvent: trigger.event } : {};
    const { assignedAt: _frozenAt, ...assignment } = assign(member);
    const recipient = await claimRecipient(tenantId, campaign.campaignId, { ...member, runKey, ...assignment, assignedAt: trigger?.at ?? now.toISOString(), ...triggered });
    if (recipient.arm === 'holdout') return 'heldOut';
    const { outcome, word } = await deliver(recipient, occasion, page);
    // A redone page after a crash between publish and this record: the ledger says it went.
    if (outcome.status !== 'duplicate') await recordRecipientOutcome(tenantId, campaign.campaignId, member.patientId, outcome.status, outcome.reason, trigger?.ref);
    else if (word?.status === 'sent' && recipient.outcome === undefined) await recordRecipientOutcome(tenantId, campaign.campaignId, member.patientId, 'sent', undefined, trigger?.ref);
    return labelOf(outcome);
  };
  return { assign, preparePage, sendFrozen, send };
};
