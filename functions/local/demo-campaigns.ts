/**
 * The demo chain's campaigns (issue 12): two saved segments, two campaigns that ran weeks ago
 * with a holdout and are finished, and one draft waiting for the owner's approval. Everything
 * goes through the services with the clock set to when it happened: marketing drafts and
 * submits, the owner approves, the runner freezes the audience (the segment as it stood that
 * day, demo-campaigns-audience.ts), assigns arms with the real assignment, sends through the
 * send pipeline and issues coupons; then the recipients book, come in and opt out through the
 * front desk's and the SMS gateway's services (demo-campaigns-responses.ts). No result is
 * stored: the results page computes lift and revenue from those records. Runs on a fresh demo
 * history only, after the segment facts are built.
 */
import { ulid } from 'ulid';
import type { Caller } from '../../shared/domain/access.js';
import type { ConditionGroup } from '../../shared/domain/segments/conditions.js';
import { instantOnLocalDay } from '../../shared/domain/local-instant.js';
import { addDays, localDay } from '../../shared/domain/time.js';
import type { CampaignInput } from '../../shared/schemas/campaigns.js';
import type { Clinic, StaffMember } from '../../shared/schemas/org.js';
import type { OutboxMessage } from '../../shared/schemas/outbox.js';
import { listRecipients } from '../adapters/dynamo/campaign-recipients.js';
import { recordOutboxMessage } from '../adapters/dynamo/outbox-repository.js';
import type { Publisher } from '../services/send-pipeline.js';
import { listProcedures } from '../adapters/dynamo/catalog-repository.js';
import { listCouponDefinitions } from '../adapters/dynamo/coupon-repository.js';
import { listClinics, listStaff } from '../adapters/dynamo/org-repository.js';
import { approveCampaign, createCampaign, submitCampaign } from '../services/campaign-service.js';
import { runCampaign } from '../services/campaign-runner.js';
import { createSegment } from '../services/segment-service.js';
import { audienceOnDay } from './demo-campaigns-audience.js';
import { playResponses, type ResponseRates, type ResponseTally } from './demo-campaigns-responses.js';
import { demoReplyNumber } from './demo-seed.js';

export const demoSegments: { name: string; conditions: ConditionGroup }[] = [
  {
    name: '沉睡高价值客户',
    conditions: { op: 'and', conditions: [{ field: 'daysSinceLastVisit', range: { min: 365 } }, { field: 'totalSpend', range: { min: 100_000 } }, { field: 'marketingConsent', value: true }] },
  },
  {
    name: '半年未复查',
    conditions: { op: 'and', conditions: [{ field: 'daysSinceLastVisit', range: { min: 180, max: 364 } }, { field: 'marketingConsent', value: true }] },
  },
];

/**
 * Exclusions are read at the run's time from the records; an appointment's status is today's
 * (long since completed), so "has an appointment booked" could not be judged as of then and is
 * left off the past campaigns. Each exclusion is a read per member on the start path.
 */
type Plan = { segment: number; daysAgo: number; coupon?: string; rates: ResponseRates; input: Omit<CampaignInput, 'segmentId' | 'schedule' | 'couponDefinitionId'> };

const defaults = { window: { startHour: 9, endHour: 20 }, throttlePerMinute: 600 } as const;

/** Two finished campaigns: the wake-up with a coupon and an A/B text, and the half-year reminder without an offer. */
export const demoCampaignPlans: Plan[] = [
  {
    segment: 0, daysAgo: 60, coupon: '复诊立减50元',
    rates: { holdout: 0.02, treated: 0.14, redeem: 0.7, optOut: 0.02 },
    input: {
      name: '沉睡客户唤醒 · 50元回店礼', holdoutPercent: 15, attributionDays: 30, ...defaults,
      exclusions: { contactedWithinDays: 14, members: true, withAppointment: false },
      variants: [
        { key: 'A', percent: 50, template: '{姓名}您好，好久不见！{门店}为您准备了50元回店礼券（券码{优惠券}，{有效期}前有效），欢迎回来看看。' },
        { key: 'B', percent: 50, template: '{姓名}您好，{门店}想念您了！送您50元礼券{优惠券}，{有效期}前到店可用，期待与您再见。' },
      ],
    },
  },
  {
    segment: 1, daysAgo: 25,
    rates: { holdout: 0.02, treated: 0.12, redeem: 0, optOut: 0.015 },
    input: {
      name: '半年回访提醒', holdoutPercent: 15, attributionDays: 21, ...defaults,
      exclusions: { contactedWithinDays: 14, members: false, withAppointment: false },
      variants: [{ key: 'A', percent: 100, template: '{姓名}您好，距您上次到{门店}已有半年多，欢迎抽空回来做个检查，我们为您预留了周末时段。' }],
    },
  },
];

/** The draft the owner finds waiting: marketing has submitted it, nothing is sent until approved. */
const draftPlan: Omit<CampaignInput, 'segmentId' | 'schedule'> = {
  name: '春季回店季 · 老客户关怀', holdoutPercent: 10, attributionDays: 30, ...defaults,
  exclusions: { contactedWithinDays: 30, members: true, withAppointment: true },
  variants: [{ key: 'A', percent: 100, template: '{姓名}您好，{门店}春季回店季开始啦，老客户到店可享专属礼遇，欢迎预约。' }],
};

/** The twin's outbox row, stamped when the text went out weeks ago rather than when the seed ran. */
const publishAt = (sentAt: Date): Publisher => async (tenantId, sms) => {
  const message: OutboxMessage = {
    messageId: ulid(sentAt.getTime()), createdAt: sentAt.toISOString(), kind: 'sms', status: 'delivered-locally', to: sms.to, purpose: sms.purpose, text: sms.text,
    ...(sms.patientId ? { patientId: sms.patientId } : {}), ...(sms.clinicId ? { clinicId: sms.clinicId } : {}),
  };
  await recordOutboxMessage(tenantId, message);
  return message;
};

const callerOf = (tenantId: string, s: StaffMember, scope?: 'all'): Caller => ({ userId: s.userId, email: s.email, tenantId, role: s.role, clinicScope: scope ?? s.clinicIds });

export type DemoCampaignsReport = { campaigns: { campaignId: string; audience: number; responses: ResponseTally }[]; draftId: string; ms: number };

export const seedDemoCampaigns = async (tenantId: string, options: { now?: Date; seed?: number } = {}): Promise<DemoCampaignsReport | undefined> => {
  const started = performance.now();
  const now = options.now ?? new Date();
  const [staff, clinicList, procedures, definitions] = await Promise.all([listStaff(tenantId), listClinics(tenantId), listProcedures(tenantId), listCouponDefinitions(tenantId)]);
  const find = (email: string) => staff.find((s) => s.email === email);
  const [owner, marketing, frontdesk] = [find('owner@demo.local'), find('marketing@demo.local'), find('frontdesk@demo.local')];
  if (!owner || !marketing || !frontdesk) return undefined;
  const ownerCaller = callerOf(tenantId, owner, 'all');
  const marketingCaller = callerOf(tenantId, marketing);
  const clinics = new Map<string, Clinic>(clinicList.map((c) => [c.clinicId, c]));
  const zone = clinicList[0]?.timeZone ?? 'Asia/Shanghai';
  const today = localDay(now, zone);
  const lines = ['exam', 'cleaning'].flatMap((code) => procedures.filter((p) => p.code === code).map((p) => p.procedureId));
  const segmentAt = new Date(instantOnLocalDay(addDays(today, -70), zone, { hour: 15, minute: 0 }));
  const segments = [];
  for (const s of demoSegments) segments.push(await createSegment(marketingCaller, s, segmentAt));
  const scope = marketing.clinicIds.flatMap((id) => (clinics.get(id) ? [clinics.get(id) as Clinic] : []));
  const report: DemoCampaignsReport = { campaigns: [], draftId: '', ms: 0 };
  for (const [i, plan] of demoCampaignPlans.entries()) {
    const segment = segments[plan.segment];
    if (!segment) continue;
    const runDay = addDays(today, -plan.daysAgo);
    const at = (day: string, hour: number, minute = 0) => new Date(instantOnLocalDay(day, zone, { hour, minute }));
    const definitionId = definitions.find((d) => d.name === plan.coupon)?.definitionId;
    const runAt = at(runDay, 10);
    const input: CampaignInput = { ...plan.input, segmentId: segment.segmentId, schedule: { kind: 'at', at: runAt.toISOString() }, ...(definitionId ? { couponDefinitionId: definitionId } : {}) };
    const draft = await createCampaign(marketingCaller, input, at(addDays(runDay, -3), 16));
    await submitCampaign(marketingCaller, draft.campaignId, at(addDays(runDay, -3), 17));
    await approveCampaign(ownerCaller, draft.campaignId, at(addDays(runDay, -2), 9, 30));
    const audience = await audienceOnDay(tenantId, scope, segment.conditions, runAt);
    await runCampaign(tenantId, draft.campaignId, runAt, { audience: async () => audience, publish: publishAt(runAt), sleep: async () => {}, concurrency: 16, clock: () => new Date(runAt.getTime() + 20 * 60_000) });
    const recipients = await listRecipients(tenantId, draft.campaignId);
    const responses = await playResponses(
      { frontdesk: callerOf(tenantId, frontdesk, 'all'), clinics, dentists: staff.filter((s) => s.role === 'dentist'), lines, replyNumber: demoReplyNumber, startedAt: runAt, attributionDays: plan.input.attributionDays, today, seed: (options.seed ?? 20_261_204) + i },
      recipients,
      plan.rates,
    );
    report.campaigns.push({ campaignId: draft.campaignId, audience: audience.length, responses });
  }
  const waiting = segments[0];
  if (waiting) {
    const draft = await createCampaign(marketingCaller, { ...draftPlan, segmentId: waiting.segmentId, schedule: { kind: 'at', at: new Date(instantOnLocalDay(addDays(today, 7), zone, { hour: 10, minute: 0 })).toISOString() } }, new Date(now.getTime() - 3 * 3600_000));
    await submitCampaign(marketingCaller, draft.campaignId, new Date(now.getTime() - 2 * 3600_000));
    report.draftId = draft.campaignId;
  }
  report.ms = performance.now() - started;
  return report;
};
