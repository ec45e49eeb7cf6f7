/**
 * Campaigns as marketing, managers and owners use them: marketing writes drafts and submits
 * them; an owner or manager approves (unless the owner turned approval off), which schedules the
 * campaign; pause, resume and cancel act on the runner within one page. Every launch is checked
 * (window inside the marketing hours, audience not empty, approval, template) and refused with
 * stable codes before anything is scheduled. Another chain's id is simply not found (404).
 */
import { ulid } from 'ulid';
import type { Caller } from '../../shared/domain/access.js';
import { nextStatus, editable, type CampaignAction } from '../../shared/domain/campaigns/lifecycle.js';
import { requiredAudience } from '../../shared/domain/campaigns/statistics.js';
import { exampleCampaignValues, renderCampaignText } from '../../shared/domain/campaigns/sms-text.js';
import { draftProblems, launchProblems, variantProblems } from '../../shared/domain/campaigns/validation.js';
import { DomainError, invalidFields, notFound, staleVersion, type FieldProblem } from '../../shared/domain/errors.js';
import { campaignInputSchema, type Campaign, type CampaignInput, type CampaignPreviewInput } from '../../shared/schemas/campaigns.js';
import { getAutomationSettings } from '../adapters/dynamo/automation-settings-repository.js';
import { getCampaign, getCampaignSettings, listCampaigns, moveCampaignStatus, putCampaignSettings, saveCampaign, type CampaignSettings } from '../adapters/dynamo/campaign-repository.js';
import { getChain } from '../adapters/dynamo/org-repository.js';
import { campaignAudienceSource } from './campaign-audience.js';
import { getSegmentRecord } from '../adapters/dynamo/segment-repository.js';
import { getCouponDefinition } from '../adapters/dynamo/coupon-repository.js';
import { scheduleCampaignStart, unscheduleCampaignStart } from '../adapters/campaign-scheduler.js';
import { logger } from '../adapters/logger.js';
import { getChannelSettings } from '../adapters/dynamo/channel-settings-repository.js';
import { alwaysSupplied, routeSetupProblem, suppliedValues } from '../../shared/domain/channels/setup-values.js';
import type { FieldErrorCode } from '../../shared/schemas/error-codes.js';
import { audienceVersionOf } from '../../shared/schemas/segments.js';

/** A deleted segment (soft delete) is named as such, so the builder can say to pick another. */
const segmentProblems = async (tenantId: string, segmentId: string) => {
  const segment = await getSegmentRecord(tenantId, segmentId);
  if (!segment) return [{ path: 'segmentId', message: 'is not a saved segment of this chain', code: 'segment.not_found' as const }];
  return segment.deletedAt ? [{ path: 'segmentId', message: 'was deleted', code: 'segment.deleted' as const }] : [];
};

/** The segment and coupon type a campaign names must be this chain's: another chain's id is refused, never stored. */
const referenceProblems = async (caller: Caller, input: Pick<CampaignInput, 'segmentId' | 'couponDefinitionId'>) => {
  const [segment, definition] = await Promise.all([
    segmentProblems(caller.tenantId, input.segmentId),
    input.couponDefinitionId ? getCouponDefinition(caller.tenantId, input.couponDefinitionId) : Promise.resolve(undefined),
  ]);
  return [
    ...segment,
    ...(input.couponDefinitionId && !definition ? [{ path: 'couponDefinitionId', message: 'is not a coupon type of this chain', code: 'coupon.definition_not_found' as const }] : []),
  ];
};

const read = async (caller: Caller, campaignId: string): Promise<Campaign> => {
  const campaign = await getCampaign(caller.tenantId, campaignId);
  if (!campaign) throw notFound('campaign');
  return campaign;
};

export const campaignList = async (caller: Caller): Promise<{ items: Campaign[] }> => ({ items: (await listCampaigns(caller.tenantId)).sort((a, b) => b.createdAt.localeCompare(a.createdAt)) });
export const campaignOf = read;

export const createCampaign = async (caller: Caller, input: CampaignInput, now = new Date()): Promise<Campaign> => {
  const problems = [...draftProblems(input), ...(await referenceProblems(caller, input))];
  if (problems.length) throw invalidFields(problems);
  const campaign: Campaign = { ...input, campaignId: ulid(), status: 'draft', version: 1, createdAt: now.toISOString(), createdBy: caller.userId };
  await saveCampaign(caller.tenantId, campaign);
  return campaign;
};

export const updateCampaign = async (caller: Caller, campaignId: string, input: CampaignInput & { version: number }): Promise<Campaign> => {
  const current = await read(caller, campaignId);
  if (!editable(current.status)) {
    const why = current.startedAt ? 'what was sent stays as it was' : 'it was approved as it is; cancel it and save a new one to change it';
    throw new DomainError('conflict', `a campaign that is ${current.status} cannot be edited: ${why}`);
  }
  const problems = [...draftProblems(input), ...(await referenceProblems(caller, input))];
  if (problems.length) throw invalidFields(problems);
  const { version, ...fields } = input;
  // A PUT replaces the whole draft: an optional field it leaves out (the offer) is removed, not kept.
  const kept = Object.fromEntries(Object.entries(current).filter(([field]) => !(field in campaignInputSchema.shape)));
  const next = { ...kept, ...fields, version: version + 1 } as Campaign;
  if (!(await saveCampaign(caller.tenantId, next, version))) throw staleVersion('campaign');
  return next;
};

/** The facts a launch is checked against: the marketing hours, the audience, the approval setting. */
const launchCheck = async (caller: Caller, campaign: Campaign, approved: boolean, now: Date): Promise<void> => {
  // the segment may have been deleted since the draft was saved: no audience to resolve then
  const gone = await segmentProblems(caller.tenantId, campaign.segmentId);
  if (gone.length) throw invalidFields(gone);
  const [{ settings }, campaignSettings, audience, channels] = await Promise.all([
    getAutomationSettings(caller.tenantId),
    getCampaignSettings(caller.tenantId),
    campaignAudienceSource()(caller.tenantId, campaign.segmentId, now),
    getChannelSettings(caller.tenantId),
  ]);
  // A provider's template for campaigns that takes {coupon}: a campaign without an offer has none to give.
  const supplied = campaign.couponDefinitionId ? suppliedValues('marketing-campaign') : alwaysSupplied;
  const channelProblem = routeSetupProblem(channels.settings, 'marketing-campaign', supplied);
  if (channelProblem) {
    const field = channelProblem.code === 'channel.parameter_missing' ? 'couponDefinitionId' : 'channel';
    throw invalidFields([{ path: field, message: `${channelProblem.reason} (the chain's campaign template)`, code: channelProblem.code as FieldErrorCode }]);
  }
  const problems = launchProblems({
    input: campaign,
    marketingWindow: { startHour: settings.marketing.windowStartHour, endHour: settings.marketing.windowEndHour },
    audienceSize: audience.length,
    approvalRequired: campaignSettings.approvalRequired,
    approved,
    now,
  });
  if (problems.length) throw invalidFields(problems);
};

const move = async (caller: Caller, campaign: Campaign, action: CampaignAction, patch: Partial<Campaign> = {}): Promise<Campaign> => {
  const { approvalRequired } = await getCampaignSettings(caller.tenantId);
  const step = nextStatus(campaign.status, action, { approvalRequired, started: campaign.startedAt !== undefined && campaign.finishedAt === undefined, recurring: campaign.schedule.kind === 'monthly' });
  if (!step.ok) throw new DomainError('conflict', step.reason);
  // On the version read: an edit that landed after the checks above makes the move fail (409).
  if (!(await moveCampaignStatus(caller.tenantId, campaign.campaignId, [campaign.status], step.status, patch, { version: campaign.version }))) throw staleVersion('campaign');
  return read(caller, campaign.campaignId);
};

/**
 * A campaign "at" a time that has just been scheduled gets its one-time start (EventBridge
 * Scheduler in the cloud); a cancelled one loses it. Neither may fail the approval or the
 * cancel: the runner's 5-minute tick starts a due campaign anyway and ignores a cancelled one.
 */
const followSchedule = async (tenantId: string, campaign: Campaign): Promise<Campaign> => {
  try {
    if (campaign.status === 'scheduled' && campaign.schedule.kind === 'at') await scheduleCampaignStart({ tenantId, campaignId: campaign.campaignId }, campaign.schedule.at);
    if (campaign.status === 'cancelled' && campaign.schedule.kind === 'at') await unscheduleCampaignStart(campaign.campaignId);
  } catch (error) {
    logger.warn('campaign one-time schedule not changed; the 5-minute runner covers it', { tenantId, campaignId: campaign.campaignId, errorName: error instanceof Error ? error.name : 'unknown' });
  }
  return campaign;
};

export const submitCampaign = async (caller: Caller, campaignId: string, now = new Date()): Promise<Campaign> => {
  const campaign = await read(caller, campaignId);
  // The launch checks apply now: without approval, submitting schedules it; with approval, the
  // approver is sent nothing they would have to refuse (they check again when they approve).
  await launchCheck(caller, campaign, true, now);
  return followSchedule(caller.tenantId, await move(caller, campaign, 'submit'));
};

/**
 * Approval is a second pair of eyes inside the approver's reach: a manager approves neither a
 * campaign they made nor one whose segment reaches clinics beyond theirs. The owner may do both.
 */
const approvalRefusal = async (caller: Caller, campaign: Campaign): Promise<string | undefined> => {
  if (caller.role === 'owner') return undefined;
  if (campaign.createdBy === caller.userId) return 'a campaign is approved by someone other than the one who made it, or by the owner';
  if (caller.clinicScope === 'all') return undefined;
  const reach = (await getSegmentRecord(caller.tenantId, campaign.segmentId))?.scope ?? 'all';
  const mine = new Set(caller.clinicScope);
  return reach === 'all' || reach.some((clinicId) => !mine.has(clinicId)) ? 'this campaign reaches clinics beyond yours: the owner approves it' : undefined;
};

export const approveCampaign = async (caller: Caller, campaignId: string, now = new Date()): Promise<Campaign> => {
  const campaign = await read(caller, campaignId);
  if (campaign.status !== 'awaiting-approval') throw new DomainError('conflict', `cannot approve a campaign that is ${campaign.status}`);
  const refusal = await approvalRefusal(caller, campaign);
  if (refusal) throw new DomainError('forbidden', refusal);
  await launchCheck(caller, campaign, true, now);
  const segment = await getSegmentRecord(caller.tenantId, campaign.segmentId);
  return followSchedule(caller.tenantId, await move(caller, campaign, 'approve', { approvedBy: caller.userId, approvedAt: now.toISOString(), ...(segment ? { approvedSegmentVersion: audienceVersionOf(segment) } : {}) }));
};

export const campaignAction = async (caller: Caller, campaignId: string, action: 'reject' | 'pause' | 'resume' | 'cancel'): Promise<Campaign> =>
  followSchedule(caller.tenantId, await move(caller, await read(caller, campaignId), action));

export const campaignSettingsOf = async (caller: Caller): Promise<CampaignSettings> => getCampaignSettings(caller.tenantId);

export const setCampaignSettings = async (caller: Caller, input: { approvalRequired: boolean }, now = new Date()): Promise<CampaignSettings> => {
  const settings = { approvalRequired: input.approvalRequired, updatedAt: now.toISOString(), updatedBy: caller.userId };
  await putCampaignSettings(caller.tenantId, settings);
  return settings;
};

/** The builder's live counter: the text as sent (example values), its SMS parts, problems, and the audience a holdout needs. */
export const previewCampaign = async (caller: Caller, input: CampaignPreviewInput) => {
  const chain = await getChain(caller.tenantId);
  const signature = chain?.brand ?? '微笑口腔';
  const variants = input.variants.map((v) => {
    const rendered = renderCampaignText(v.template, exampleCampaignValues, signature);
    return { key: v.key, ...(rendered.ok ? { text: rendered.text, parts: rendered.parts } : { error: rendered.reason }) };
  });
  const need = requiredAudience({ baseRate: input.baseRatePercent / 100, lift: input.liftPercent / 100, holdoutPercent: input.holdoutPercent });
  const enough = input.audienceSize === undefined ? undefined : input.audienceSize >= need.total;
  // A response rate with the lift added must stay a rate.
  const rate: FieldProblem[] = input.baseRatePercent + input.liftPercent >= 100 ? [{ path: 'liftPercent', message: `with the base rate (${input.baseRatePercent}%) must stay under 100%`, code: 'number.too_big', params: { maximum: 100 - input.baseRatePercent } }] : [];
  return { variants, problems: [...variantProblems(input.variants, { signature }), ...rate], sampleSize: { ...need, total: Number.isFinite(need.total) ? need.total : null, holdout: Number.isFinite(need.holdout) ? need.holdout : null, treated: Number.isFinite(need.treated) ? need.treated : null }, ...(enough === undefined ? {} : { enough }) };
};
