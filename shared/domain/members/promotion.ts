/** Promotions on a membership sale, e.g. 首月办会员立减300元: an amount off the first purchase within a window. */
import { addDays } from '../time.js';
import type { Promotion } from '../../schemas/members.js';

export type PromotionFacts = {
  today: string;
  /** the patient's first visit day (clinic calendar); none yet counts as today */
  firstVisitDay: string | undefined;
  /** memberships the patient already bought (holder), cancelled ones included */
  earlierPurchases: number;
};

export type PromotionDecision = { ok: true; amountOffFen: number } | { ok: false; message: string };

export const applyPromotion = (promotion: Promotion, facts: PromotionFacts, priceFen: number): PromotionDecision => {
  if (promotion.firstPurchaseOnly && facts.earlierPurchases > 0) return { ok: false, message: 'is only for a patient’s first membership' };
  if (promotion.validFrom && facts.today < promotion.validFrom) return { ok: false, message: `starts on ${promotion.validFrom}` };
  if (promotion.validUntil && facts.today > promotion.validUntil) return { ok: false, message: `ended on ${promotion.validUntil}` };
  if (promotion.withinDaysOfFirstVisit !== undefined) {
    const first = facts.firstVisitDay ?? facts.today;
    const lastDay = addDays(first, promotion.withinDaysOfFirstVisit);
    if (facts.today >= lastDay) return { ok: false, message: `was open until ${addDays(lastDay, -1)}, ${promotion.withinDaysOfFirstVisit} days after the first visit` };
  }
  return { ok: true, amountOffFen: Math.min(promotion.amountOffFen, priceFen) };
};
