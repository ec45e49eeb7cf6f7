/**
 * What the Consumables page shows on the first `npm start`: the chain's consumables, what an
 * implant, a cleaning, a filling and an extraction use, and 30 days of deliveries, daily issues
 * and counts at every clinic, written through the stock services at the days they happened. At
 * 静安店 the anaesthetic is about to run out (under 3 days at its usage), so the low-stock alert and
 * the purchase list have something to say; at 天河店 a count found masks missing (loss over 5%).
 */
import type { Caller } from '../../shared/domain/access.js';
import type { StockItem, StockItemInput } from '../../shared/schemas/stock.js';
import { listProcedures } from '../adapters/dynamo/catalog-repository.js';
import { listClinics, listStaff } from '../adapters/dynamo/org-repository.js';
import { mapLimit } from '../lib/concurrency.js';
import { recordMovement } from '../services/stock-movement-service.js';
import { createStockItem, setBom } from '../services/stock-service.js';
import { DemoRandom } from './demo-history-random.js';

const day = 86_400_000;

type DemoItem = StockItemInput & { key: string; start: number; perDay: number; restock: number };

/** Start stock, daily use and the mid-month delivery, sized so that only the anaesthetic at 静安店 runs low. */
const demoItems: DemoItem[] = [
  { key: 'gloves', name: '一次性乳胶手套', unit: 'pair', reorderLevel: 100, reorderQuantity: 500, unitCostFen: 50, start: 600, perDay: 24, restock: 400 },
  { key: 'masks', name: '一次性外科口罩', unit: 'piece', reorderLevel: 100, reorderQuantity: 500, unitCostFen: 40, start: 500, perDay: 18, restock: 300 },
  { key: 'anaesthetic', name: '阿替卡因肾上腺素注射液', unit: 'tube', reorderLevel: 20, reorderQuantity: 50, unitCostFen: 1_200, start: 60, perDay: 2, restock: 40 },
  { key: 'implant', name: '种植体（骨水平）', unit: 'piece', reorderLevel: 2, reorderQuantity: 5, unitCostFen: 150_000, start: 8, perDay: 0.25, restock: 0 },
  { key: 'cap', name: '愈合帽', unit: 'piece', reorderLevel: 2, reorderQuantity: 5, unitCostFen: 8_000, start: 10, perDay: 0.25, restock: 0 },
  { key: 'resin', name: '光固化复合树脂', unit: 'g', reorderLevel: 10, reorderQuantity: 40, unitCostFen: 600, start: 60, perDay: 1.5, restock: 0 },
  { key: 'paste', name: '抛光膏', unit: 'g', reorderLevel: 50, reorderQuantity: 200, unitCostFen: 20, start: 500, perDay: 12, restock: 0 },
  { key: 'rinse', name: '氯己定漱口液', unit: 'ml', reorderLevel: 500, reorderQuantity: 2_000, unitCostFen: 2, start: 3_000, perDay: 80, restock: 1_000 },
];

/** procedure code → what one of it uses */
const demoBoms: Record<string, [string, number][]> = {
  implant: [['implant', 1], ['cap', 1], ['anaesthetic', 2], ['gloves', 2]],
  cleaning: [['gloves', 1], ['masks', 1], ['paste', 5], ['rinse', 20]],
  'filling-resin': [['resin', 0.5], ['anaesthetic', 1], ['gloves', 1]],
  extraction: [['anaesthetic', 1], ['gloves', 1]],
};

const round = (quantity: number, countable: boolean) => (countable ? Math.max(0, Math.round(quantity)) : Math.round(quantity * 10) / 10);

/**
 * One clinic's month for one item: a delivery 30 days ago, a restock 15 days ago, daily issues
 * (an implant's parts every few days), and for gloves and masks a count a week ago. At 静安店 the
 * anaesthetic goes at 3 a day against 90 delivered, leaving about one day's use.
 */
const itemMonth = async (caller: Caller, clinic: { clinicId: string; name: string }, item: StockItem, demo: DemoItem, now: number, random: DemoRandom): Promise<void> => {
  const at = (daysAgo: number, hour: number) => new Date(now - daysAgo * day - (12 - hour) * 3_600_000);
  const record = (daysAgo: number, hour: number, kind: 'delivery' | 'out' | 'count', quantity: number) =>
    recordMovement(caller, clinic.clinicId, { itemId: item.itemId, kind, quantity }, at(daysAgo, hour));
  const lowHere = demo.key === 'anaesthetic' && clinic.name === '静安店';
  let onHand = demo.start;
  await record(30, 9, 'delivery', demo.start);
  for (let d = 29; d >= 1; d--) {
    const restock = lowHere ? 30 : demo.restock;
    if (d === 15 && restock > 0) {
      await record(d, 9, 'delivery', restock);
      onHand += restock;
    }
    const every = demo.perDay < 1 ? Math.round(1 / demo.perDay) : 1;
    const wanted = lowHere ? 3 : demo.perDay < 1 ? (d % every === 0 ? 1 : 0) : round(demo.perDay * (0.6 + random.next() * 0.8), item.countable);
    const quantity = Math.min(wanted, onHand);
    if (quantity > 0) {
      await record(d, 17, 'out', quantity);
      onHand = round(onHand - quantity, item.countable);
    }
    // A count a week ago: masks at 天河店 came up a tenth short (a loss over 5%), elsewhere a little or nothing.
    if (d === 7 && (demo.key === 'gloves' || demo.key === 'masks')) {
      const short = demo.key === 'masks' && clinic.name === '天河店' ? Math.round(onHand * 0.1) : random.int(0, 2);
      onHand = Math.max(0, onHand - short);
      await record(d, 18, 'count', onHand);
    }
  }
};

export type DemoStockReport = { items: number; movements: number };

export const seedDemoStock = async (tenantId: string, now = Date.now()): Promise<DemoStockReport> => {
  const [staff, clinics, procedures] = await Promise.all([listStaff(tenantId), listClinics(tenantId), listProcedures(tenantId)]);
  const owner = staff.find((s) => s.email === 'owner@demo.local');
  if (!owner) return { items: 0, movements: 0 };
  const caller: Caller = { userId: owner.userId, email: owner.email, tenantId, role: 'owner', clinicScope: 'all' };
  const created = new Map<string, StockItem>();
  for (const { key, start: _s, perDay: _p, restock: _r, ...input } of demoItems) created.set(key, await createStockItem(caller, input, new Date(now - 31 * day)));
  for (const [code, lines] of Object.entries(demoBoms)) {
    const procedure = procedures.find((p) => p.code === code);
    if (procedure) await setBom(caller, procedure.procedureId, { lines: lines.map(([key, quantity]) => ({ itemId: created.get(key)?.itemId ?? '', quantity })), version: 0 });
  }
  const random = new DemoRandom(20_261_205);
  const work = clinics.flatMap((clinic) => demoItems.map((demo) => ({ clinic, demo, seed: random.int(1, 1_000_000) })));
  // Levels of different items or clinics never contend: eight months written at once.
  await mapLimit(work, { limit: 8 }, ({ clinic, demo, seed }) => itemMonth(caller, clinic, created.get(demo.key) as StockItem, demo, now, new DemoRandom(seed)));
  const { allMovements } = await import('../adapters/dynamo/stock-repository.js');
  const movements = (await Promise.all(clinics.map((c) => allMovements(tenantId, c.clinicId)))).reduce((s, m) => s + m.length, 0);
  return { items: created.size, movements };
};
