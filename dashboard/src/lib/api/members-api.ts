/**
 * Memberships, plans and stored value (issue 11): one method per route of shared/api-routes/members.ts
 * and wallet.ts. Kept apart from SmileloopApi so the member screens load with their own chunk.
 */
import type { z } from 'zod';
import type { EntitlementLeft } from '$shared/domain/members/entitlements';
import type { MemberStatus } from '$shared/domain/members/term';
import type { cancelMembershipSchema, Membership, MembershipTerm, Plan, PlanTerms, renewMembershipSchema, sellMembershipSchema } from '$shared/schemas/members';
import type { WalletChange, WalletMethod, WalletRulesView, WalletView } from '$shared/schemas/wallet';
import type { HttpClient } from './http-client';
import type { Items } from './types';

export type { Allowance, IncludedService, MemberDiscount, Plan, PlanTerms, Promotion } from '$shared/schemas/members';
export type { WalletChange, WalletEntry, WalletMethod, WalletRulesView, WalletView } from '$shared/schemas/wallet';
export type { EntitlementLeft, MemberStatus };

export type SellMembershipBody = z.input<typeof sellMembershipSchema>;
export type RenewMembershipBody = z.input<typeof renewMembershipSchema>;
export type CancelMembershipBody = z.input<typeof cancelMembershipSchema>;

/**
 * A card as the API shows it (member-service viewOf): everyone who may read members sees plan,
 * status, term and entitlements; the money fields come only to owner, manager and front desk.
 * Dentists get the plan without price, promotions or refund rule.
 */
export type MembershipView = {
  membershipId: string;
  holderPatientId: string;
  memberPatientIds: string[];
  planId: string;
  planVersion: number;
  planName: string;
  status: MemberStatus;
  anchorDate: string;
  endDate: string;
  currentTerm?: { n: number; startDate: string; endDate: string };
  entitlements: { patientId: string; left: EntitlementLeft[] }[];
  usedThisTerm?: { patientId: string; key: string; count: number }[];
  terms: Pick<PlanTerms, 'included' | 'discounts' | 'family' | 'termMonths' | 'renewalGraceDays'> & Partial<PlanTerms>;
  version: number;
  valueReceivedFen?: number;
  periods?: MembershipTerm[];
  cancelledAt?: string;
  cancelReason?: string;
  refund?: Membership['refund'];
};

/** The amount a cancellation is due, by the card's frozen rule (POST …/cancellations with preview). */
export type CancellationQuote = {
  preview: boolean;
  refundableFen: number;
  terms: { n: number; pricePaidFen: number; daysLeft: number; termDays: number; usedValueFen: number; refundFen: number }[];
  membership?: MembershipView;
};

/** A plan as a role sees it: dentists get no price, promotions or refund rule. */
export type PlanView = Omit<Plan, 'priceFen' | 'promotions' | 'refundRule'> & Partial<Pick<Plan, 'priceFen' | 'promotions' | 'refundRule'>>;

export type FamilyView = { familyId: string; members: { patientId?: string; relation: string; name?: string; clinicId?: string }[] } | null;

const seg = encodeURIComponent;

export class MembersApi {
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  listPlans(): Promise<Items<PlanView>> {
    return this.#http.request('GET', '/plans');
  }

  createPlan(terms: PlanTerms): Promise<Plan> {
    return this.#http.request('POST', '/plans', { body: terms });
  }

  /** A new version; 409 when someone saved the plan since `version` was read. */
  updatePlan(planId: string, version: number, terms: PlanTerms): Promise<Plan> {
    return this.#http.request('PUT', `/plans/${seg(planId)}`, { body: { version, terms } });
  }

  patientMemberships(patientId: string): Promise<Items<MembershipView>> {
    return this.#http.request('GET', `/patients/${seg(patientId)}/memberships`);
  }

  sell(patientId: string, body: SellMembershipBody): Promise<MembershipView> {
    return this.#http.request('POST', `/patients/${seg(patientId)}/memberships`, { body });
  }

  renew(membershipId: string, body: RenewMembershipBody): Promise<MembershipView> {
    return this.#http.request('POST', `/memberships/${seg(membershipId)}/renewals`, { body });
  }

  /** With `preview: true` the answer is the amount due and nothing is written. */
  cancel(membershipId: string, body: CancelMembershipBody): Promise<CancellationQuote> {
    return this.#http.request('POST', `/memberships/${seg(membershipId)}/cancellations`, { body });
  }

  family(patientId: string): Promise<{ family: FamilyView }> {
    return this.#http.request('GET', `/patients/${seg(patientId)}/family`);
  }

  wallet(patientId: string, query: { limit?: number; cursor?: string } = {}): Promise<WalletView> {
    return this.#http.request('GET', `/patients/${seg(patientId)}/wallet`, { query: { limit: 25, ...query } });
  }

  walletRules(): Promise<WalletRulesView> {
    return this.#http.request('GET', '/wallet/bonus-rules');
  }

  /** The owner's top-up bonus tiers, debit order and bonus validity (null: never lapses). */
  setWalletRules(body: { tiers: { thresholdFen: number; bonusFen: number }[]; debitOrder: WalletRulesView['debitOrder']; bonusValidMonths: number | null; expectedVersion: number }): Promise<WalletRulesView> {
    return this.#http.request('PUT', '/wallet/bonus-rules', { body });
  }

  topUp(patientId: string, body: { amountFen: number; method: WalletMethod; idempotencyKey?: string }): Promise<WalletChange> {
    return this.#http.request('POST', `/patients/${seg(patientId)}/wallet/top-ups`, { body });
  }

  /** Without an amount: all the principal left. Bonus is forfeited. */
  refund(patientId: string, body: { amountFen?: number; method: WalletMethod; idempotencyKey?: string }): Promise<WalletChange> {
    return this.#http.request('POST', `/patients/${seg(patientId)}/wallet/refunds`, { body });
  }

  transfer(patientId: string, body: { toPatientId: string; amountFen: number; idempotencyKey?: string }): Promise<WalletChange> {
    return this.#http.request('POST', `/patients/${seg(patientId)}/wallet/transfers`, { body });
  }
}
