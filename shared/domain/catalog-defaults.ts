/**
 * The catalog a new chain starts with: common procedures of a private clinic, prices as private
 * clinics charge after leaving 医保 (seed 000: cleaning ¥150 rather than the public ¥60), care
 * pathways from seed 003 (post-op follow-up at 24/48 h) and recall rules (cleaning every 6
 * months, perio every 3–4, implant maintenance at 1, 2 and 3 years, ortho review monthly).
 * Owners edit prices and rules afterwards.
 */
import type { Procedure } from '../schemas/catalog.js';
import type { PlanTerms } from '../schemas/members.js';

export type DefaultProcedure = Omit<Procedure, 'procedureId' | 'clinicPrices' | 'updatedAt' | 'active'>;

const cleaningRecall = { kind: 'interval', group: 'cleaning', months: 6 } as const;

export const defaultCatalog: DefaultProcedure[] = [
  { code: 'exam', nameZh: '口腔检查', nameEn: 'Oral examination', category: 'basic', valueTier: 'basic', priceFen: 5_000, carePathway: [], recall: cleaningRecall },
  { code: 'cleaning', nameZh: '超声波洁牙', nameEn: 'Scaling and cleaning', category: 'basic', valueTier: 'basic', priceFen: 15_000, carePathway: [], recall: cleaningRecall },
  { code: 'xray-panoramic', nameZh: '全景片', nameEn: 'Panoramic X-ray', category: 'basic', valueTier: 'basic', priceFen: 15_000, carePathway: [], recall: null },
  { code: 'filling-resin', nameZh: '树脂补牙', nameEn: 'Resin filling', category: 'restorative', valueTier: 'standard', priceFen: 40_000, carePathway: [{ offsetDays: 1, action: 'message', topic: 'filling-care' }], recall: cleaningRecall },
  { code: 'root-canal', nameZh: '根管治疗', nameEn: 'Root canal treatment', category: 'restorative', valueTier: 'standard', priceFen: 200_000, carePathway: [{ offsetDays: 1, action: 'call', topic: 'root-canal-check' }, { offsetDays: 7, action: 'message', topic: 'crown-reminder' }], recall: cleaningRecall },
  { code: 'crown-zirconia', nameZh: '全瓷冠', nameEn: 'Zirconia crown', category: 'restorative', valueTier: 'premium', priceFen: 350_000, carePathway: [{ offsetDays: 3, action: 'call', topic: 'crown-fit-check' }], recall: cleaningRecall },
  { code: 'extraction', nameZh: '拔牙', nameEn: 'Extraction', category: 'restorative', valueTier: 'standard', priceFen: 30_000, carePathway: [{ offsetDays: 0, action: 'message', topic: 'post-extraction-care' }, { offsetDays: 1, action: 'call', topic: 'post-op-24h' }], recall: null },
  { code: 'wisdom-tooth', nameZh: '智齿拔除', nameEn: 'Wisdom tooth extraction', category: 'restorative', valueTier: 'standard', priceFen: 120_000, carePathway: [{ offsetDays: 0, action: 'message', topic: 'post-extraction-care' }, { offsetDays: 1, action: 'call', topic: 'post-op-24h' }, { offsetDays: 2, action: 'message', topic: 'post-op-48h' }, { offsetDays: 7, action: 'message', topic: 'suture-removal' }], recall: null },
  { code: 'implant', nameZh: '种植牙（单颗）', nameEn: 'Dental implant (single)', category: 'implant', valueTier: 'premium', priceFen: 1_200_000, carePathway: [{ offsetDays: 0, action: 'message', topic: 'post-implant-care' }, { offsetDays: 1, action: 'call', topic: 'post-op-24h' }, { offsetDays: 2, action: 'call', topic: 'post-op-48h' }, { offsetDays: 7, action: 'message', topic: 'suture-removal' }], recall: { kind: 'milestones', group: 'implant-maintenance', months: [12, 24, 36] } },
  { code: 'perio-therapy', nameZh: '牙周基础治疗', nameEn: 'Periodontal therapy', category: 'perio', valueTier: 'standard', priceFen: 80_000, carePathway: [{ offsetDays: 1, action: 'message', topic: 'perio-care' }, { offsetDays: 3, action: 'call', topic: 'perio-check' }], recall: { kind: 'interval', group: 'perio', months: 3 } },
  { code: 'ortho-aligners', nameZh: '隐形矫正', nameEn: 'Clear aligners', category: 'ortho', valueTier: 'premium', priceFen: 3_500_000, carePathway: [{ offsetDays: 3, action: 'call', topic: 'aligner-fit-check' }], recall: { kind: 'interval', group: 'ortho-review', months: 1 } },
  { code: 'ortho-review', nameZh: '正畸复诊', nameEn: 'Orthodontic review', category: 'ortho', valueTier: 'basic', priceFen: 0, carePathway: [], recall: { kind: 'interval', group: 'ortho-review', months: 1 } },
  { code: 'whitening', nameZh: '冷光美白', nameEn: 'Teeth whitening', category: 'cosmetic', valueTier: 'standard', priceFen: 180_000, carePathway: [{ offsetDays: 1, action: 'message', topic: 'whitening-care' }], recall: cleaningRecall },
  { code: 'fluoride-kids', nameZh: '儿童涂氟', nameEn: 'Fluoride varnish (children)', category: 'pediatric', valueTier: 'basic', priceFen: 10_000, carePathway: [], recall: { kind: 'interval', group: 'kids-check', months: 6 } },
  { code: 'sealant-kids', nameZh: '窝沟封闭', nameEn: 'Pit and fissure sealant', category: 'pediatric', valueTier: 'basic', priceFen: 15_000, carePathway: [], recall: { kind: 'interval', group: 'kids-check', months: 6 } },
];

/**
 * The membership plan every chain starts with (seed 000, 策略四): ¥2,980 a year, cleaning as
 * often as once every 30 days, 2 periodontal treatments, a check-up every month, 10% off the
 * rest, a free cleaning for a referral, and ¥300 off in the patient's first month. Included
 * services name catalog codes above; cleaning and check-ups are per person on a family card,
 * the periodontal treatments shared.
 */
export const defaultPlans: PlanTerms[] = [
  {
    name: '年度护齿会员',
    priceFen: 298_000,
    termMonths: 12,
    included: [
      { key: 'cleaning', procedureCode: 'cleaning', allowance: { kind: 'unlimited', minIntervalDays: 30 }, sharing: 'per-person' },
      { key: 'perio', procedureCode: 'perio-therapy', allowance: { kind: 'count', count: 2, per: 'term' }, sharing: 'shared' },
      { key: 'checkup', procedureCode: 'exam', allowance: { kind: 'count', count: 1, per: 'month' }, sharing: 'per-person' },
    ],
    discounts: [{ categories: 'all', percent: 10, notCombinableWith: ['manual-discount'] }],
    referralReward: { procedureCode: 'cleaning', count: 1 },
    family: { maxMembers: 3 },
    refundRule: { kind: 'pro-rata-minus-used' },
    promotions: [{ code: 'FIRSTMONTH300', nameZh: '首月办会员立减300元', amountOffFen: 30_000, firstPurchaseOnly: true, withinDaysOfFirstVisit: 30 }],
    renewalGraceDays: 30,
    active: true,
  },
];
