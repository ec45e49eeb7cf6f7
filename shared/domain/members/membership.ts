/**
 * Selling and renewing, as pure decisions: the price after a promotion, the family within the
 * plan's limit, the contract frozen from the plan's current version, and the next term's dates.
 */
import type { FieldProblem } from '../errors.js';
import type { Membership, MembershipTerm, Plan, PlanTerms, SellMembershipInput } from '../../schemas/members.js';
import { applyPromotion, type PromotionFacts } from './promotion.js';
import { renewalDates, termEnd } from './term.js';

export type SaleFacts = PromotionFacts & { membershipId: string; holderPatientId: string; soldBy: string; now: string };

export type Sale = { ok: true; membership: Membership } | { ok: false; problems: FieldProblem[] };

const pricePaid = (terms: PlanTerms, input: Pick<SellMembershipInput, 'promotionCode'>, facts: PromotionFacts): { ok: true; fen: number } | { ok: false; problems: FieldProblem[] } => {
  if (!input.promotionCode) return { ok: true, fen: terms.priceFen };
  const promotion = terms.promotions.find((p) => p.code === input.promotionCode);
  if (!promotion) return { ok: false, problems: [{ path: 'promotionCode', message: 'is not a promotion of this plan', code: 'promotion.invalid' }] };
  const decision = applyPromotion(promotion, facts, terms.priceFen);
  return decision.ok ? { ok: true, fen: terms.priceFen - decision.amountOffFen } : { ok: false, problems: [{ path: 'promotionCode', message: decision.message, code: 'promotion.invalid' }] };
};

export const planSale = (plan: Plan, input: SellMembershipInput, facts: SaleFacts): Sale => {
  const problems: FieldProblem[] = [];
  if (!plan.active) problems.push({ path: 'planId', message: 'is no longer sold', code: 'plan.not_sold' });
  if (plan.clinicIds && !plan.clinicIds.includes(input.clinicId)) problems.push({ path: 'clinicId', message: 'does not sell this plan', code: 'plan.not_sold' });
  const members = [facts.holderPatientId, ...input.memberPatientIds];
  if (new Set(members).size !== members.length) problems.push({ path: 'memberPatientIds', message: 'must not repeat a patient or name the holder', code: 'membership.family' });
  if (members.length > plan.family.maxMembers) problems.push({ path: 'memberPatientIds', message: `this plan covers at most ${plan.family.maxMembers} people, the holder included`, code: 'membership.family' });
  const price = pricePaid(plan, input, facts);
  if (!price.ok) problems.push(...price.problems);
  if (problems.length || !price.ok) return { ok: false, problems };
  const { planId, version, updatedAt: _u, updatedBy: _b, ...terms } = plan;
  const period: MembershipTerm = {
    n: 1, startDate: facts.today, endDate: termEnd(facts.today, plan.termMonths), listPriceFen: plan.priceFen, pricePaidFen: price.fen,
    ...(input.promotionCode ? { promotionCode: input.promotionCode } : {}),
    payments: input.payments, clinicId: input.clinicId, soldBy: facts.soldBy, soldAt: facts.now, acknowledgedAt: input.acknowledgedAt,
  };
  return {
    ok: true,
    membership: {
      membershipId: facts.membershipId, holderPatientId: facts.holderPatientId, memberPatientIds: members, planId, planVersion: version, terms,
      anchorDate: facts.today, monthsPaid: plan.termMonths, endDate: period.endDate, periods: [period], status: 'active', version: 1, createdAt: facts.now,
    },
  };
};

/**
 * A renewal keeps the card's frozen terms and price (the contract renews as sold); it starts at
 * the old end and must be renewed before the grace period runs out.
 */
export const planRenewal = (
  membership: Membership,
  input: { clinicId: string; payments: MembershipTerm['payments']; acknowledgedAt: string },
  facts: { today: string; soldBy: string; now: string },
): { ok: true; membership: Membership; period: MembershipTerm } | { ok: false; problems: FieldProblem[] } => {
  const dates = renewalDates(membership, membership.terms.termMonths, membership.terms.renewalGraceDays, facts.today);
  if (!dates.ok) {
    const message = dates.reason === 'cancelled' ? 'is cancelled' : `lapsed and its grace period ended on ${dates.lastDay}; sell a new membership`;
    return { ok: false, problems: [{ path: 'membershipId', message, code: dates.reason === 'cancelled' ? 'membership.cancelled' : 'membership.lapsed' }] };
  }
  const period: MembershipTerm = {
    n: membership.periods.length + 1, startDate: dates.startDate, endDate: dates.endDate, listPriceFen: membership.terms.priceFen, pricePaidFen: membership.terms.priceFen,
    payments: input.payments, clinicId: input.clinicId, soldBy: facts.soldBy, soldAt: facts.now, acknowledgedAt: input.acknowledgedAt,
  };
  return { ok: true, period, membership: { ...membership, monthsPaid: dates.monthsPaid, endDate: dates.endDate, periods: [...membership.periods, period], version: membership.version + 1 } };
};

/** The list value of what was used, per term, from the usage ledger (reversals count negative). */
export const usedValueByTerm = (ledger: readonly { term: number; listValueFen: number; count: number }[]): Map<number, number> => {
  const out = new Map<number, number>();
  for (const row of ledger) out.set(row.term, (out.get(row.term) ?? 0) + Math.sign(row.count) * row.listValueFen);
  return out;
};
