/**
 * Campaigns (营销活动, issue 12 item 2): what marketing writes (audience, exclusions, variants,
 * holdout, offer, schedule, window, throttle, attribution window) and what the API answers.
 * Shared by the API and the dashboard.
 */
import * as z from 'zod';
import { isoDateTimeSchema, nameSchema, textSchema } from './common.js';
import { coded } from './error-codes.js';
import type { CampaignStatus } from '../domain/campaigns/lifecycle.js';
import { maxTriggerDelayDays, triggerEvents } from '../domain/campaigns/triggers.js';

const int = (min: number, max: number) => z.number().int({ error: 'must be a whole number' }).min(min, { error: `must be at least ${min}` }).max(max, { error: `must be at most ${max}` });
const key = z.string().regex(/^[A-Za-z0-9_-]{1,20}$/, { error: 'must be 1–20 letters, digits, - or _' });

export const campaignVariantSchema = z.strictObject({
  key,
  /** the SMS body; {姓名} {门店} {优惠券} {有效期} {预约电话}; signature and 退订回T are added */
  template: textSchema().min(1, { error: 'must not be empty' }).max(500, { error: 'must be at most 500 characters' }),
  /** share of the treated, in percent; the variants' shares sum to 100 */
  percent: int(1, 100),
});

export const campaignScheduleSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('now') }),
  z.strictObject({ kind: z.literal('at'), at: isoDateTimeSchema }),
  /** e.g. the 1st of every month at 10:00 clinic time */
  z.strictObject({ kind: z.literal('monthly'), dayOfMonth: int(1, 28), hour: int(0, 23) }),
  /**
   * A triggered campaign (simple journey, shared/domain/campaigns/triggers.ts): started per patient
   * by `event`, one message `delayDays` after it; `minScore` (0–10, the survey's 推荐意愿) only
   * for `survey-answered`. It listens while scheduled until paused or cancelled.
   */
  z.strictObject({
    kind: z.literal('trigger'),
    event: z.enum(triggerEvents, { error: coded('campaign.trigger_event', `must be one of ${triggerEvents.join(', ')}`) }),
    delayDays: z
      .number({ error: coded('campaign.trigger_delay', 'must be a whole number of days') })
      .int({ error: coded('campaign.trigger_delay', 'must be a whole number of days') })
      .min(0, { error: coded('campaign.trigger_delay', 'must be at least 0 days') })
      .max(maxTriggerDelayDays, { error: coded('campaign.trigger_delay', `must be at most ${maxTriggerDelayDays} days`) }),
    minScore: z
      .number({ error: coded('campaign.trigger_score', 'must be a score from 0 to 10') })
      .int({ error: coded('campaign.trigger_score', 'must be a whole score from 0 to 10') })
      .min(0, { error: coded('campaign.trigger_score', 'must be at least 0') })
      .max(10, { error: coded('campaign.trigger_score', 'must be at most 10') })
      .optional(),
  }),
], { error: 'must be {kind: now}, {kind: at, at}, {kind: monthly, dayOfMonth, hour} or {kind: trigger, event, delayDays, minScore?}' });
export type CampaignSchedule = z.infer<typeof campaignScheduleSchema>;

export const campaignInputSchema = z.strictObject({
  name: nameSchema,
  segmentId: z.string().min(1).max(40),
  exclusions: z
    .strictObject({
      /** patients who got any marketing message in the last N days (0: none excluded) */
      contactedWithinDays: int(0, 365).default(0),
      members: z.boolean().default(false),
      withAppointment: z.boolean().default(false),
    })
    .default({ contactedWithinDays: 0, members: false, withAppointment: false }),
  variants: z.array(campaignVariantSchema).min(1, { error: 'must have at least one variant' }).max(4, { error: 'must have at most 4 variants' }),
  holdoutPercent: int(0, 50).default(10),
  /** a coupon definition, issued per recipient at send time */
  couponDefinitionId: z.string().min(1).max(40).optional(),
  schedule: campaignScheduleSchema,
  /** the hours (clinic time) this campaign may send in; inside the chain's marketing window */
  window: z.strictObject({ startHour: int(0, 23), endHour: int(1, 24) }).default({ startHour: 9, endHour: 20 }),
  throttlePerMinute: int(1, 10_000).default(600),
  attributionDays: int(1, 180).default(30),
});
export type CampaignInput = z.infer<typeof campaignInputSchema>;

export const campaignUpdateSchema = campaignInputSchema.extend({ version: int(0, 1_000_000) });

export type CampaignProgress = {
  audience: number; heldOut: number; sent: number; skipped: Record<string, number>; failed: number; remaining: number;
  /** deferred by quiet hours: the retry job sends them later; absent when none */
  waiting?: number;
};

export type Campaign = CampaignInput & {
  campaignId: string;
  status: CampaignStatus;
  version: number;
  createdAt: string;
  createdBy: string;
  approvedBy?: string;
  approvedAt?: string;
  /** the segment's audience version the approval saw (audienceVersionOf): a later change of who it selects sends the campaign back for approval before its next run */
  approvedSegmentVersion?: number;
  /** the run in progress or last finished (one per occurrence of a recurring campaign) */
  runKey?: string;
  startedAt?: string;
  finishedAt?: string;
  /** why the runner stopped it on its own: its segment was deleted, or changed, after approval */
  stoppedReason?: 'segment-deleted' | 'segment-changed';
  progress?: CampaignProgress;
  /** set once a run or a triggered message went out on a segment that selects by treatment: who it reached is then told only to roles that may learn treatments */
  aimedByTreatment?: boolean;
};

export const campaignSettingsSchema = z.strictObject({ approvalRequired: z.boolean({ error: 'must be true or false' }) });

/** The builder's live check: a text's parts and problems, and the audience a holdout needs. */
export const campaignPreviewSchema = z.strictObject({
  variants: z.array(campaignVariantSchema).min(1).max(4),
  holdoutPercent: int(0, 50).default(10),
  /** the response rate expected without the campaign, and the lift to detect, in percent */
  baseRatePercent: z.number().min(0.1).max(90).default(5),
  liftPercent: z.number().min(0.1).max(50).default(2),
  audienceSize: int(0, 10_000_000).optional(),
});
export type CampaignPreviewInput = z.infer<typeof campaignPreviewSchema>;

/** GET /campaigns/{campaignId}/results?run=: a run of the campaign, `once` or a monthly run's month. */
export const campaignResultsQuerySchema = z.strictObject({
  run: z.string().regex(/^(once|\d{4}-(0[1-9]|1[0-2]))$/, { error: 'must be once or a month, YYYY-MM' }).optional(),
});
