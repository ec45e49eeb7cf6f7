/**
 * What the Consumables page and the low-stock job derive from levels and count totals: days left,
 * the purchase list, and the monthly loss rate (盘点损耗率). Pure: the job and the API share it.
 */
import { dailyUsageMilli, daysLeft, lowStockDays, type StockLevelState } from './stock-ledger.js';
import { milliPerUnit } from './stock-quantity.js';

/** A loss rate above this is flagged (5%). */
export const lossRateFlag = 0.05;
/** A purchase covers this many days of use at the recent rate. */
export const purchaseCoverDays = 30;

export type StockItemTerms = {
  itemId: string;
  name: string;
  unit: string;
  countable: boolean;
  /** reorder hint: order when on hand falls to this (units) */
  reorderLevel?: number;
  /** reorder hint: the usual order size (units) */
  reorderQuantity?: number;
  /** what one unit costs, in fen (weights the clinic's loss rate) */
  unitCostFen: number;
  active: boolean;
};

export type LevelView = {
  itemId: string;
  quantity: number;
  dailyUsage: number;
  /** null: nothing used in 30 days */
  daysLeft: number | null;
  low: boolean;
  atReorderLevel: boolean;
};

const round3 = (n: number): number => Math.round(n * 1000) / 1000;

export const levelView = (item: StockItemTerms, level: Pick<StockLevelState, 'usage' | 'since' | 'quantityMilli'> | undefined, today: string): LevelView => {
  const quantityMilli = level?.quantityMilli ?? 0;
  const left = level ? daysLeft(level, today) : null;
  const quantity = quantityMilli / milliPerUnit;
  return {
    itemId: item.itemId,
    quantity,
    dailyUsage: round3(level ? dailyUsageMilli(level, today) / milliPerUnit : 0),
    daysLeft: left === null ? null : Math.round(left * 10) / 10,
    low: left !== null && left < lowStockDays,
    atReorderLevel: item.reorderLevel !== undefined && quantity <= item.reorderLevel,
  };
};

export type PurchaseLine = { itemId: string; name: string; unit: string; quantity: number; onHand: number; daysLeft: number | null; reason: 'days-left' | 'reorder-level' };

/** Items running low (under 3 days, or at the reorder level), each with enough to cover 30 days, at least the usual order. */
export const purchaseList = (items: readonly StockItemTerms[], views: ReadonlyMap<string, LevelView>): PurchaseLine[] =>
  items
    .filter((item) => item.active)
    .flatMap((item): PurchaseLine[] => {
      const view = views.get(item.itemId);
      const onHand = view?.quantity ?? 0;
      const low = view?.low ?? false;
      const atLevel = item.reorderLevel !== undefined && onHand <= item.reorderLevel;
      if (!low && !atLevel) return [];
      const cover = Math.ceil((view?.dailyUsage ?? 0) * purchaseCoverDays - Math.max(0, onHand));
      const quantity = Math.max(item.reorderQuantity ?? 0, cover, 1);
      return [{ itemId: item.itemId, name: item.name, unit: item.unit, quantity, onHand, daysLeft: view?.daysLeft ?? null, reason: low ? 'days-left' : 'reorder-level' }];
    })
    .sort((a, b) => (a.daysLeft ?? Infinity) - (b.daysLeft ?? Infinity));

/** One item's counts in a month at a clinic: what the book expected and what the counts found short or over. */
export type CountTotals = { itemId: string; expectedMilli: number; shortageMilli: number; surplusMilli: number; counts: number };

export type ItemLoss = CountTotals & { rate: number; flagged: boolean };
export type ClinicLoss = { rate: number; flagged: boolean; weighting: 'cost' | 'items'; items: ItemLoss[] };

/** What a count adds to the month's totals: the book's quantity (never below zero) and the gap found. */
export const countTotalsOf = (expectedMilli: number, countedMilli: number): Omit<CountTotals, 'itemId'> => {
  const expected = Math.max(0, expectedMilli);
  return { expectedMilli: expected, shortageMilli: Math.max(0, expected - countedMilli), surplusMilli: Math.max(0, countedMilli - expected), counts: 1 };
};

const rateOf = (t: Pick<CountTotals, 'expectedMilli' | 'shortageMilli'>): number => (t.expectedMilli > 0 ? t.shortageMilli / t.expectedMilli : t.shortageMilli > 0 ? 1 : 0);

/**
 * The clinic's loss rate for a month: what counts found missing over what the book expected,
 * weighted by unit cost when every counted item has one (a lost implant outweighs lost gloves),
 * else the mean of the items' rates (units differ: ml and pieces do not add up).
 */
export const clinicLoss = (totals: readonly CountTotals[], costs: ReadonlyMap<string, number>): ClinicLoss => {
  const items = totals.map((t) => ({ ...t, rate: rateOf(t), flagged: rateOf(t) > lossRateFlag }));
  const costed = totals.length > 0 && totals.every((t) => (costs.get(t.itemId) ?? 0) > 0);
  let rate = 0;
  if (costed) {
    const lost = totals.reduce((s, t) => s + t.shortageMilli * (costs.get(t.itemId) ?? 0), 0);
    const expected = totals.reduce((s, t) => s + t.expectedMilli * (costs.get(t.itemId) ?? 0), 0);
    rate = expected > 0 ? lost / expected : lost > 0 ? 1 : 0;
  } else if (items.length) {
    rate = items.reduce((s, i) => s + i.rate, 0) / items.length;
  }
  return { rate: Math.round(rate * 10_000) / 10_000, flagged: rate > lossRateFlag, weighting: costed ? 'cost' : 'items', items };
};
