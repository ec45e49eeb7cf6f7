/**
 * The pure rules of consumables stock: quantities against units, the ledger (a level is the sum
 * of its movements, usage kept for 30 days), days left, the purchase list, the loss rate, and the
 * checkout's bill-of-materials step.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { consumablesUsed, planStockDeduction } from '../../shared/domain/checkout/stock-deduction.js';
import { lowStockAlertText, lowStockLines } from '../../shared/domain/stock/stock-alert.js';
import { dailyUsageMilli, daysLeft, isLowStock, planMovement, pruneUsage, type MovementRequest, type StockLevelState } from '../../shared/domain/stock/stock-ledger.js';
import { quantityProblems } from '../../shared/domain/stock/stock-quantity.js';
import { clinicLoss, countTotalsOf, levelView, purchaseList, type StockItemTerms } from '../../shared/domain/stock/stock-reports.js';
import { addDays } from '../../shared/domain/time.js';

const where = (day = '2026-12-05') => ({ clinicId: 'C1', itemId: 'I1', day, at: `${day}T02:00:00.000Z` });
const item = (extra: Partial<StockItemTerms> = {}): StockItemTerms => ({ itemId: 'I1', name: '手套', unit: 'box', countable: true, unitCostFen: 100, active: true, ...extra });

describe('quantities', () => {
  it('names negative, fractional-countable, too precise and zero quantities with stable codes', () => {
    expect(quantityProblems('quantity', -1, true).map((p) => p.code)).toEqual(['quantity.negative']);
    expect(quantityProblems('quantity', 1.5, true).map((p) => p.code)).toEqual(['quantity.fraction']);
    expect(quantityProblems('quantity', 1.5, false)).toEqual([]);
    expect(quantityProblems('quantity', 1.2345, false).map((p) => p.code)).toEqual(['quantity.precision']);
    expect(quantityProblems('quantity', 0, true).map((p) => p.code)).toEqual(['number.too_small']);
    expect(quantityProblems('quantity', 0, true, { allowZero: true })).toEqual([]);
    expect(quantityProblems('lines.0.quantity', -2, false)[0]?.path).toBe('lines.0.quantity');
  });

  it('refuses a positive quantity below a thousandth (the fuzzer’s 5e-324 reached DynamoDB, which cannot store it)', () => {
    expect(quantityProblems('reorderQuantity', 5e-324, false).map((p) => p.code)).toEqual(['number.too_small']);
    expect(quantityProblems('reorderQuantity', 1e-12, false, { allowZero: true }).map((p) => p.code)).toEqual(['number.too_small']);
    expect(quantityProblems('reorderQuantity', 0.001, false)).toEqual([]);
  });
});

describe('the ledger', () => {
  it('a delivery adds, an issue and a checkout take away and count as usage, a count sets the quantity', () => {
    const d = planMovement(undefined, { kind: 'delivery', quantityMilli: 10_000 }, where());
    expect(d.next).toMatchObject({ quantityMilli: 10_000, version: 1, usage: {} });
    const o = planMovement(d.next, { kind: 'out', quantityMilli: 3_000 }, where());
    expect(o.deltaMilli).toBe(-3_000);
    expect(o.next.usage).toEqual({ '2026-12-05': 3_000 });
    const c = planMovement(o.next, { kind: 'count', quantityMilli: 6_500 }, where());
    expect(c).toMatchObject({ deltaMilli: -500, expectedMilli: 7_000, countedMilli: 6_500 });
    expect(c.next.usage).toEqual({ '2026-12-05': 3_000 });
    const k = planMovement(c.next, { kind: 'checkout', quantityMilli: 8_000 }, where());
    expect(k.next.quantityMilli).toBe(-1_500);
  });

  it('an issue of more than is on hand is refused with what is there', () => {
    const d = planMovement(undefined, { kind: 'delivery', quantityMilli: 2_000 }, where());
    expect(() => planMovement(d.next, { kind: 'out', quantityMilli: 3_000 }, where())).toThrow(/only 2 on hand/);
  });

  it('any sequence of movements leaves the level equal to the sum of their changes, version = count, usage ≤ 30 days', () => {
    const request = fc.record({ kind: fc.constantFrom('delivery', 'out', 'count', 'checkout' as const), quantityMilli: fc.integer({ min: 0, max: 50_000 }), dayOffset: fc.integer({ min: 0, max: 3 }) });
    fc.assert(fc.property(fc.array(request, { maxLength: 60 }), (requests) => {
      let level: StockLevelState | undefined;
      let sum = 0;
      let day = '2026-01-01';
      for (const r of requests) {
        day = addDays(day, r.dayOffset);
        // an issue by hand takes at most what is on hand (more is refused, tested above)
        const onHand = level?.quantityMilli ?? 0;
        const movement: MovementRequest = r.kind === 'out' ? { kind: onHand > 0 ? 'out' : 'delivery', quantityMilli: Math.min(r.quantityMilli, Math.max(0, onHand)) } : { kind: r.kind, quantityMilli: r.quantityMilli };
        const planned = planMovement(level, movement, where(day));
        sum += planned.deltaMilli;
        level = planned.next;
        expect(Object.keys(level.usage).length).toBeLessThanOrEqual(30);
      }
      expect(level?.quantityMilli ?? 0).toBe(sum);
      expect(level?.version ?? 0).toBe(requests.length);
    }));
  });

  it('keeps only the 30 days up to the latest seen, and a late entry never drops later days', () => {
    expect(pruneUsage({ '2026-11-05': 1, '2026-11-06': 2, '2026-12-05': 3 }, '2026-12-05')).toEqual({ '2026-11-06': 2, '2026-12-05': 3 });
    expect(pruneUsage({ '2026-11-20': 1, '2026-12-05': 3 }, '2026-11-20')).toEqual({ '2026-11-20': 1, '2026-12-05': 3 });
  });
});

describe('days left', () => {
  const level = (usage: Record<string, number>, quantityMilli: number, since = '2026-10-01'): StockLevelState => ({ clinicId: 'C1', itemId: 'I1', quantityMilli, version: 1, since, usage, updatedAt: '' });
  it('is the stock over the last 30 days’ daily use; a young level averages over its own days', () => {
    const usage = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [addDays('2026-12-05', -i), 2_000]));
    expect(dailyUsageMilli(level(usage, 0), '2026-12-05')).toBe(2_000);
    expect(daysLeft(level(usage, 5_000), '2026-12-05')).toBe(2.5);
    expect(isLowStock(level(usage, 5_000), '2026-12-05')).toBe(true);
    expect(isLowStock(level(usage, 6_000), '2026-12-05')).toBe(false);
    expect(dailyUsageMilli(level({ '2026-12-05': 10_000 }, 0, '2026-12-01'), '2026-12-05')).toBe(2_000);
    // usage older than 30 days no longer counts; nothing used: no rate, never low
    expect(dailyUsageMilli(level({ '2026-11-01': 9_000 }, 0), '2026-12-05')).toBe(0);
    expect(daysLeft(level({}, 1_000), '2026-12-05')).toBeNull();
  });
});

describe('purchase list and loss rate', () => {
  it('lists low items and items at their reorder level, covering 30 days and at least the usual order', () => {
    const usage = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [addDays('2026-12-05', -i), 2_000]));
    const low = levelView(item(), { usage, since: '2026-10-01', quantityMilli: 4_000 }, '2026-12-05');
    const atLevel = levelView(item({ itemId: 'I2', reorderLevel: 10, reorderQuantity: 50 }), { usage: {}, since: '2026-10-01', quantityMilli: 8_000 }, '2026-12-05');
    const fine = levelView(item({ itemId: 'I3' }), { usage, since: '2026-10-01', quantityMilli: 100_000 }, '2026-12-05');
    const lines = purchaseList([item(), item({ itemId: 'I2', reorderLevel: 10, reorderQuantity: 50 }), item({ itemId: 'I3' })], new Map([[low.itemId, low], [atLevel.itemId, { ...atLevel, itemId: 'I2' }], ['I3', { ...fine, itemId: 'I3' }]]));
    expect(lines.map((l) => [l.itemId, l.reason, l.quantity])).toEqual([['I1', 'days-left', 56], ['I2', 'reorder-level', 50]]);
  });

  it('weights the clinic’s loss by unit cost when every item has one, flags above 5%', () => {
    const totals = [{ itemId: 'A', ...countTotalsOf(100_000, 90_000) }, { itemId: 'B', ...countTotalsOf(100_000, 100_000) }];
    const costed = clinicLoss(totals, new Map([['A', 1], ['B', 9]]));
    expect(costed).toMatchObject({ weighting: 'cost', rate: 0.01, flagged: false });
    const plain = clinicLoss(totals, new Map([['A', 1]]));
    expect(plain).toMatchObject({ weighting: 'items', rate: 0.05, flagged: false });
    expect(clinicLoss([{ itemId: 'A', ...countTotalsOf(100_000, 94_000) }], new Map()).flagged).toBe(true);
    expect(countTotalsOf(-5_000, 2_000)).toMatchObject({ expectedMilli: 0, shortageMilli: 0, surplusMilli: 2_000 });
  });
});

describe('checkout step and alert text', () => {
  it('adds up each procedure’s bill of materials times the line’s quantity, skipping retired items', () => {
    const boms = new Map([['implant', { procedureId: 'implant', lines: [{ itemId: 'body', quantity: 1 }, { itemId: 'cap', quantity: 1 }] }], ['cleaning', { procedureId: 'cleaning', lines: [{ itemId: 'gel', quantity: 2.5 }, { itemId: 'old', quantity: 1 }] }]]);
    const used = consumablesUsed([{ procedureId: 'implant', quantity: 2 }, { procedureId: 'cleaning', quantity: 1 }, { procedureId: 'exam', quantity: 1 }], boms, new Set(['body', 'cap', 'gel']));
    expect(Object.fromEntries(used)).toEqual({ body: 2_000, cap: 2_000, gel: 2_500 });
    const plan = planStockDeduction(used, new Map(), { clinicId: 'C1', day: '2026-12-05', at: '2026-12-05T02:00:00.000Z' });
    expect(plan.map((p) => [p.itemId, p.deltaMilli, p.versionRead, p.next.quantityMilli])).toEqual([['body', -2_000, undefined, -2_000], ['cap', -2_000, undefined, -2_000], ['gel', -2_500, undefined, -2_500]]);
  });

  it('the alert names each low item per clinic, soonest first, only active items of known clinics', () => {
    const usage = { '2026-12-05': 90_000 };
    const level = (clinicId: string, itemId: string, quantityMilli: number): StockLevelState => ({ clinicId, itemId, quantityMilli, version: 1, since: '2026-11-06', usage, updatedAt: '' });
    const levels = [level('C1', 'I1', 6_000), level('C1', 'I2', 100_000), level('C1', 'I3', 3_000), level('C9', 'I1', 1_000)];
    const items = new Map([['I1', item()], ['I2', item({ itemId: 'I2', name: '口罩' })], ['I3', item({ itemId: 'I3', name: '旧货', active: false })]]);
    const lines = lowStockLines(levels, items, new Map([['C1', { name: '静安店', today: '2026-12-05' }]]));
    expect(lines.map((l) => [l.clinicName, l.itemId, l.daysLeft])).toEqual([['静安店', 'I1', 2]]);
    const text = lowStockAlertText('2026-12-05', lines);
    expect(text.subject).toContain('1 项');
    expect(text.text).toContain('静安店');
    expect(text.text).toContain('手套 剩 6 box，约 2 天用量');
  });
});
