/**
 * The referral reward (推荐新客户送免费洗牙1次): when a referred patient's first paid visit is
 * checked out, the referrer's active card gains the plan's reward as an extra count of an
 * included service for the current term. Modelled here; the checkout wiring comes later.
 */
import type { Membership } from '../../schemas/members.js';
import { statusOn, termOn } from './term.js';

export type ReferralGrant = { membershipId: string; holderPatientId: string; procedureCode: string; count: number; term: number; referredPatientId: string; visitId: string };

export const referralGrant = (
  referrerCards: readonly Membership[],
  visit: { referredPatientId: string; visitId: string; totalFen: number; isFirstPaidVisit: boolean; day: string },
): ReferralGrant | undefined => {
  if (!visit.isFirstPaidVisit || visit.totalFen <= 0) return undefined;
  for (const card of referrerCards) {
    const reward = card.terms.referralReward;
    const term = termOn(card.periods, visit.day);
    if (!reward || !term || statusOn(card, visit.day) !== 'active') continue;
    return { membershipId: card.membershipId, holderPatientId: card.holderPatientId, procedureCode: reward.procedureCode, count: reward.count, term: term.n, referredPatientId: visit.referredPatientId, visitId: visit.visitId };
  }
  return undefined;
};
