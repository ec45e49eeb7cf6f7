/**
 * The plan editor's form as typed (yuan and counts as text) and the PlanTerms it becomes. The
 * shared planTermsSchema judges the result, so the browser and the API give the same errors at
 * the same paths (included.0.allowance.count, promotions.1.amountOffFen, …).
 */
import type { ProcedureCategory } from '$shared/schemas/catalog';
import type { PlanTerms } from '$shared/schemas/members';
import { fenToYuanText, typedYuanToFen } from '../../format/money';

export type ServiceDraft = { key: string; procedureCode: string; kind: 'count' | 'unlimited'; count: string; per: 'term' | 'month'; minIntervalDays: string; sharing: 'shared' | 'per-person' };
export type DiscountDraft = { all: boolean; categories: ProcedureCategory[]; percent: string; notWithManual: boolean };
export type PromotionDraft = { code: string; nameZh: string; amount: string; firstPurchaseOnly: boolean; withinDays: string; validFrom: string; validUntil: string };

export type PlanDraft = {
  name: string;
  price: string;
  termMonths: string;
  included: ServiceDraft[];
  discounts: DiscountDraft[];
  referral: boolean;
  referralCode: string;
  referralCount: string;
  maxMembers: string;
  allClinics: boolean;
  clinicIds: string[];
  promotions: PromotionDraft[];
  graceDays: string;
  active: boolean;
};

const text = (n: number | undefined): string => (n === undefined ? '' : String(n));
/** Blank stays absent (the schema's default or "required"); anything else goes as a number for the schema to judge. */
const numberOf = (t: string): number | undefined => (t.trim() === '' ? undefined : Number(t.trim()));
const fenOf = (t: string): number => typedYuanToFen(t) ?? Number.NaN;

export const newService = (procedureCode = 'cleaning'): ServiceDraft => ({ key: procedureCode, procedureCode, kind: 'count', count: '1', per: 'term', minIntervalDays: '30', sharing: 'shared' });
/** Seed 000's 每月1次免费口腔检查: one check-up a calendar month for each member. */
export const monthlyCheckup = (): ServiceDraft => ({ ...newService('exam'), key: 'checkup', per: 'month', sharing: 'per-person' });
export const newDiscount = (): DiscountDraft => ({ all: true, categories: [], percent: '10', notWithManual: true });
export const newPromotion = (): PromotionDraft => ({ code: '', nameZh: '', amount: '', firstPurchaseOnly: true, withinDays: '', validFrom: '', validUntil: '' });

export const emptyDraft = (): PlanDraft => ({
  name: '', price: '', termMonths: '12', included: [], discounts: [], referral: false, referralCode: 'cleaning', referralCount: '1',
  maxMembers: '1', allClinics: true, clinicIds: [], promotions: [], graceDays: '30', active: true,
});

export const draftOf = (plan: PlanTerms): PlanDraft => ({
  name: plan.name,
  price: fenToYuanText(plan.priceFen),
  termMonths: text(plan.termMonths),
  included: plan.included.map((s) => ({
    key: s.key, procedureCode: s.procedureCode, kind: s.allowance.kind, sharing: s.sharing,
    count: s.allowance.kind === 'count' ? text(s.allowance.count) : '1', per: s.allowance.kind === 'count' ? s.allowance.per : 'term',
    minIntervalDays: s.allowance.kind === 'unlimited' ? text(s.allowance.minIntervalDays) : '30',
  })),
  discounts: plan.discounts.map((d) => ({ all: d.categories === 'all', categories: d.categories === 'all' ? [] : [...d.categories], percent: text(d.percent), notWithManual: d.notCombinableWith.includes('manual-discount') })),
  referral: !!plan.referralReward,
  referralCode: plan.referralReward?.procedureCode ?? 'cleaning',
  referralCount: text(plan.referralReward?.count ?? 1),
  maxMembers: text(plan.family.maxMembers),
  allClinics: !plan.clinicIds,
  clinicIds: plan.clinicIds ? [...plan.clinicIds] : [],
  promotions: plan.promotions.map((p) => ({
    code: p.code, nameZh: p.nameZh, amount: fenToYuanText(p.amountOffFen), firstPurchaseOnly: p.firstPurchaseOnly,
    withinDays: text(p.withinDaysOfFirstVisit), validFrom: p.validFrom ?? '', validUntil: p.validUntil ?? '',
  })),
  graceDays: text(plan.renewalGraceDays),
  active: plan.active,
});

const serviceOf = (s: ServiceDraft) => ({
  key: s.key.trim(),
  procedureCode: s.procedureCode,
  allowance: s.kind === 'count' ? { kind: 'count', count: numberOf(s.count), per: s.per } : { kind: 'unlimited', minIntervalDays: numberOf(s.minIntervalDays) },
  sharing: s.sharing,
});

const promotionOf = (p: PromotionDraft) => ({
  code: p.code.trim().toUpperCase(),
  nameZh: p.nameZh,
  amountOffFen: fenOf(p.amount),
  firstPurchaseOnly: p.firstPurchaseOnly,
  ...(p.withinDays.trim() ? { withinDaysOfFirstVisit: numberOf(p.withinDays) } : {}),
  ...(p.validFrom ? { validFrom: p.validFrom } : {}),
  ...(p.validUntil ? { validUntil: p.validUntil } : {}),
});

/** The body to validate and send: unknown until planTermsSchema has judged it. */
export const termsOf = (d: PlanDraft): unknown => ({
  name: d.name,
  priceFen: fenOf(d.price),
  termMonths: numberOf(d.termMonths),
  ...(d.allClinics ? {} : { clinicIds: d.clinicIds }),
  included: d.included.map(serviceOf),
  discounts: d.discounts.map((x) => ({ categories: x.all ? 'all' : x.categories, percent: numberOf(x.percent), notCombinableWith: x.notWithManual ? ['manual-discount'] : [] })),
  ...(d.referral ? { referralReward: { procedureCode: d.referralCode, count: numberOf(d.referralCount) } } : {}),
  family: { maxMembers: numberOf(d.maxMembers) },
  promotions: d.promotions.map(promotionOf),
  renewalGraceDays: numberOf(d.graceDays),
  active: d.active,
});
