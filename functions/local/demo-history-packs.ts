/**
 * The demo chain's visit packs (次卡): two products (5 cleanings, 3 periodontal treatments) and a
 * few packs sold over the last 18 months to active patients, at their clinic, some partly used,
 * some used up, one or two expired. Sold by the same pure rule the API uses (planPackSale); the
 * liability per clinic is what the live transactions would have ADDed (packBalanceItems).
 * Deterministic: its own random source, so the rest of the history is unchanged by it.
 */
import { planPackSale } from '../../shared/domain/packs/packs.js';
import { addDays, addMonths } from '../../shared/domain/time.js';
import type { Pack, PackProduct } from '../../shared/schemas/packs.js';
import { packBalanceItems, packProductItems, packSaleItems } from '../adapters/dynamo/pack-repository.js';
import { packLedgerEntity } from '../adapters/dynamo/entities/pack.js';
import type { DemoHistory } from './demo-history.js';
import { activePatientIds } from './demo-history-members.js';
import { DemoRandom } from './demo-history-random.js';

/** About one active patient in 40 holds a pack. */
export const demoPackShare = 0.025;

export const demoPackProducts = (at: string, by: string, random: DemoRandom): PackProduct[] => [
  { productId: random.id(Date.parse(at)), version: 1, updatedAt: at, updatedBy: by, name: '洁牙5次卡', procedureCode: 'cleaning', count: 5, priceFen: 96_000, validityMonths: 12, refundRule: { kind: 'pro-rata-unused' }, active: true },
  { productId: random.id(Date.parse(at) + 1), version: 1, updatedAt: at, updatedBy: by, name: '牙周治疗3次卡', procedureCode: 'perio-therapy', count: 3, priceFen: 168_000, validityMonths: 12, refundRule: { kind: 'pro-rata-unused' }, active: true },
];

export const generateDemoPacks = (h: Pick<DemoHistory, 'patients' | 'visits' | 'today'>, frontdeskId: string, seed: number): { products: PackProduct[]; packs: Pack[]; uses: { pack: Pack; used: number }[] } => {
  const random = new DemoRandom(seed);
  const start = addMonths(h.today, -18);
  const products = demoPackProducts(`${start}T01:00:00.000Z`, 'system', random);
  const active = [...activePatientIds(h.visits, h.today)].sort();
  const clinicOf = new Map(h.patients.map((p) => [p.patientId, p.clinicId]));
  const count = Math.max(3, Math.round(active.length * demoPackShare));
  const packs: Pack[] = [];
  const uses: { pack: Pack; used: number }[] = [];
  for (let i = 0; i < count && active.length > 0; i++) {
    const patientId = active.splice(random.int(0, active.length - 1), 1)[0] ?? '';
    const product = products[random.int(0, products.length - 1)] as PackProduct;
    const today = addDays(start, random.int(0, 540));
    if (today >= h.today) continue;
    const soldAt = `${today}T03:00:00.000Z`;
    const sale = planPackSale(product, { productId: product.productId, clinicId: clinicOf.get(patientId) ?? '', payments: [{ method: 'wechat', amountFen: product.priceFen }], acknowledgedAt: soldAt }, {
      packId: random.id(Date.parse(soldAt)), patientId, soldBy: frontdeskId, now: soldAt, today,
    });
    if (!sale.ok) continue;
    const used = random.int(0, product.count);
    const pack = { ...sale.pack, remaining: product.count - used, version: 1 + used };
    packs.push(pack);
    uses.push({ pack, used });
  }
  return { products, packs, uses };
};

/** Everything the packs put: products, packs with their sale and use rows, and the liability per clinic. */
export const demoPackItems = (tenantId: string, h: Pick<DemoHistory, 'patients' | 'visits' | 'today'>, frontdeskId: string, seed: number): Record<string, unknown>[] => {
  const { products, packs, uses } = generateDemoPacks(h, frontdeskId, seed);
  const useRows = uses.flatMap(({ pack, used }) => Array.from({ length: used }, (_, k) => {
    const at = `${addDays(pack.startDate, 14 * (k + 1))}T03:00:00.000Z`;
    return { ...packLedgerEntity.key({ tenantId, patientId: pack.patientId, packId: pack.packId, at, rowId: `demo-${k}` }), type: packLedgerEntity.type, packId: pack.packId, rowId: `demo-${k}`, at, kind: 'use', count: 1, fen: 0 };
  }));
  return [...products.flatMap((p) => packProductItems(tenantId, p)), ...packs.flatMap((p) => packSaleItems(tenantId, p)), ...useRows, ...packBalanceItems(tenantId, packs)];
};
