/**
 * Campaign templates the builder starts from (GET /campaign-templates): prefilled campaign inputs
 * without the chain's own ids (segment, coupon type), each with the segment conditions and coupon
 * type it suggests so the builder can create them in one step. The first is seed 000's review
 * invitation (策略五): after a survey scored 9–10, invite the patient to share a review, with a
 * free-cleaning coupon. The SMS never names the treatment (marketing texts may not, Tencent
 * Cloud SMS forbids medical content): the coupon type carries "免费洁牙", shown at the desk.
 */
import type { CampaignInput } from '../../schemas/campaigns.js';
import type { CouponDefinitionInput } from '../../schemas/coupons.js';
import type { ConditionGroup } from '../segments/conditions.js';

export type CampaignTemplate = {
  key: string;
  name: string;
  description: string;
  /** the campaign as the builder prefills it; segmentId and couponDefinitionId are the chain's to pick */
  input: Omit<CampaignInput, 'segmentId' | 'couponDefinitionId'>;
  /** the audience it is meant for, as segment conditions */
  suggestedSegment: { name: string; conditions: ConditionGroup };
  /** the offer it is meant for, as a coupon type to create when the chain has none */
  suggestedCoupon?: CouponDefinitionInput;
};

export const reviewInvitationTemplate: CampaignTemplate = {
  key: 'review-invitation',
  name: '好评邀请（满意度 9–10 分）',
  description: '满意度调查推荐意愿 9–10 分的患者，次日邀请分享到店体验，并赠送免费洁牙券（策略五）。',
  input: {
    name: '好评邀请',
    exclusions: { contactedWithinDays: 0, members: false, withAppointment: false },
    variants: [{ key: 'A', template: '{姓名}您好，感谢您对{门店}的认可！欢迎在大众点评分享您的到店体验，我们为您准备了专属礼券{优惠券}，{有效期}前到店出示即可使用。', percent: 100 }],
    holdoutPercent: 10,
    schedule: { kind: 'trigger', event: 'survey-answered', delayDays: 1, minScore: 9 },
    window: { startHour: 10, endHour: 20 },
    throttlePerMinute: 600,
    attributionDays: 30,
  },
  suggestedSegment: { name: '可营销患者', conditions: { op: 'and', conditions: [{ field: 'marketingConsent', value: true }, { field: 'openComplaint', value: false }] } },
  suggestedCoupon: { name: '免费洁牙券', value: { kind: 'percent', percent: 100 }, minSpendFen: 0, procedureIds: [], categories: ['basic'], validity: { days: 60 }, clinicIds: [] },
};

export const campaignTemplates: readonly CampaignTemplate[] = [reviewInvitationTemplate];
