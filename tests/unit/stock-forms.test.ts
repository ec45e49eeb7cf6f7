/**
 * The pure parts of the Consumables page: quantities as typed, the movement, item and
 * bill-of-materials forms and what they send (an item edit sends only what changed, a cleared
 * reorder hint removes it), and how quantities, changes and rates read.
 */
import { describe, expect, it } from 'vitest';
import { bomInputSchema, stockItemInputSchema, stockItemUpdateSchema, type StockItem } from '../../shared/schemas/stock.js';
import { bomDraftOf, bomInputOf, emptyItem, itemDraftOf, itemInputOf, itemUpdateOf, movementInputOf, newRequestId, typedQuantity } from '../../dashboard/src/lib/features/stock/stock-drafts.js';
import { daysLeftText, deltaText, monthOf, percentText, quantityNumber } from '../../dashboard/src/lib/features/stock/stock-text.js';

const gloves: StockItem = {
  itemId: 'I1', name: '检查手套', unit: 'pair', countable: true, reorderLevel: 100, reorderQuantity: 500, unitCostFen: 50,
  active: true, version: 4, createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z',
};

describe('quantities as typed', () => {
  it('reads digits, decimals, full-width digits and thousands separators; anything else is NaN for the API to name', () => {
    expect(typedQuantity('12')).toBe(12);
    expect(typedQuantity(' 0.5 ')).toBe(0.5);
    expect(typedQuantity('１２．５')).toBe(12.5);
    expect(typedQuantity('1,000')).toBe(1000);
    expect(typedQuantity('-3')).toBe(-3);
    expect(typedQuantity('')).toBeNaN();
    expect(typedQuantity('abc')).toBeNaN();
    expect(typedQuantity('1.2.3')).toBeNaN();
  });

  it('a movement sends the fraction as typed (the server judges it against the unit) and a blank as null', () => {
    const input = movementInputOf({ itemId: 'I1', kind: 'delivery', quantity: '1.5', note: '  ' }, 'req-12345678');
    expect(input).toEqual({ itemId: 'I1', kind: 'delivery', quantity: 1.5, requestId: 'req-12345678' });
    expect(JSON.parse(JSON.stringify(movementInputOf({ itemId: 'I1', kind: 'out', quantity: '', note: '领用' }, 'req-12345678')))).toEqual({ itemId: 'I1', kind: 'out', quantity: null, note: '领用', requestId: 'req-12345678' });
  });

  it('each entry gets a request id the API accepts, a new one each time', () => {
    const a = newRequestId();
    expect(a).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(newRequestId()).not.toBe(a);
  });
});

describe('the item form', () => {
  it('a new item sends its hints only when typed, cost in fen; a cost that is not money is refused at unitCostFen', () => {
    expect(itemInputOf({ ...emptyItem(), name: ' 棉卷 ', unit: 'roll', unitCost: '2.5', reorderLevel: '10' })).toEqual({ name: '棉卷', unit: 'roll', reorderLevel: 10, unitCostFen: 250 });
    const bad = stockItemInputSchema.safeParse(itemInputOf({ ...emptyItem(), name: '棉卷', unitCost: 'abc' }));
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['unitCostFen']);
  });

  it('an edit sends only what changed, at the version read; a cleared hint is null (removed)', () => {
    const draft = itemDraftOf(gloves);
    expect(itemUpdateOf(gloves, draft)).toEqual({ version: 4 });
    const update = itemUpdateOf(gloves, { ...draft, reorderQuantity: '', unitCost: '0.6', active: false });
    expect(update).toEqual({ version: 4, reorderQuantity: null, unitCostFen: 60, active: false });
    expect(stockItemUpdateSchema.safeParse(update).success).toBe(true);
  });
});

describe('the bill-of-materials form', () => {
  it('reads the stored lines and sends them at the version read', () => {
    const lines = bomDraftOf({ procedureId: 'P1', lines: [{ itemId: 'I1', quantity: 2 }, { itemId: 'I2', quantity: 0.5 }], version: 3 });
    expect(lines).toEqual([{ itemId: 'I1', quantity: '2' }, { itemId: 'I2', quantity: '0.5' }]);
    expect(bomInputOf(lines, 3)).toEqual({ lines: [{ itemId: 'I1', quantity: 2 }, { itemId: 'I2', quantity: 0.5 }], version: 3 });
    expect(bomDraftOf(undefined)).toEqual([]);
  });

  it('a line without an item is refused at its own path', () => {
    const parsed = bomInputSchema.safeParse(bomInputOf([{ itemId: 'I1', quantity: '1' }, { itemId: '', quantity: '1' }], 0));
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['lines.1.itemId']);
  });
});

describe('how stock reads', () => {
  it('quantities to three decimals, signed changes, rates and months', () => {
    expect(quantityNumber(0.1 + 0.2)).toBe('0.3');
    expect(quantityNumber(12)).toBe('12');
    expect(deltaText(40)).toBe('+40');
    expect(deltaText(-2.5)).toBe('−2.5');
    expect(deltaText(0)).toBe('0');
    expect(percentText(0.1)).toBe('10.0%');
    expect(percentText(0.0734)).toBe('7.3%');
    expect(monthOf('2026-12-05')).toBe('2026-12');
    const t = (key: string, params?: Record<string, string | number>) => `${key}:${params?.n ?? ''}`;
    expect(daysLeftText(null, t)).toBe('stock.noUsage:');
    expect(daysLeftText(2.5, t)).toBe('stock.days:2.5');
  });
});
