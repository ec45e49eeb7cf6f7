/**
 * A clinic's stock of one item as a ledger (like money, invariant 8): every change is a movement
 * row written in the same transaction as the level, conditioned on the version read, so the level
 * always equals the sum of its movements. The level also carries the last 30 days' usage per day
 * (a running aggregate updated with each movement), so the low-stock job reads one item per
 * level instead of 30 days of movements.
 */
import { DomainError } from '../errors.js';
import { addDays, daysBetween } from '../time.js';

export const usageWindowDays = 30;
/** Less than this many days of use left is low stock (seed: 库存不足3天用量预警). */
export const lowStockDays = 3;

/** delivery 入库 · out 出库 (issued by hand) · count 盘点 (sets the counted quantity) · checkout (the procedure's bill of materials). */
export const movementKinds = ['delivery', 'out', 'count', 'checkout'] as const;
export type MovementKind = (typeof movementKinds)[number];
/** What staff record by hand; checkout movements come only from a checkout. */
export const manualMovementKinds = ['delivery', 'out', 'count'] as const;
export type ManualMovementKind = (typeof manualMovementKinds)[number];

export type StockLevelState = {
  clinicId: string;
  itemId: string;
  /** on hand, in thousandths of the item's unit; a checkout may take it below zero (used before it was booked in) */
  quantityMilli: number;
  version: number;
  /** the clinic day of the first movement: a level younger than 30 days averages over its own days */
  since: string;
  /** clinic day → thousandths used that day (out + checkout), only the last 30 days kept */
  usage: Record<string, number>;
  updatedAt: string;
};

export type MovementRequest = { kind: MovementKind; quantityMilli: number };

export type PlannedMovement = {
  kind: MovementKind;
  /** the change to the level: what the ledger sums */
  deltaMilli: number;
  /** for a count: what the book said before it, and what was counted */
  expectedMilli?: number;
  countedMilli?: number;
  next: StockLevelState;
};

/**
 * Only the 30 days up to the latest day seen stay: the aggregate never grows past 30 entries. A
 * movement entered for an earlier day (a checkout entered late) never drops later days.
 */
export const pruneUsage = (usage: Record<string, number>, day: string): Record<string, number> => {
  const latest = Object.keys(usage).reduce((max, d) => (d > max ? d : max), day);
  const first = addDays(latest, -(usageWindowDays - 1));
  return Object.fromEntries(Object.entries(usage).filter(([d, q]) => d >= first && q !== 0));
};

const emptyLevel = (clinicId: string, itemId: string, day: string, at: string): StockLevelState => ({ clinicId, itemId, quantityMilli: 0, version: 0, since: day, usage: {}, updatedAt: at });

const deltaOf = (level: StockLevelState, request: MovementRequest): number => {
  if (request.kind === 'delivery') return request.quantityMilli;
  if (request.kind === 'count') return request.quantityMilli - level.quantityMilli;
  return -request.quantityMilli;
};

/**
 * The level after one movement on clinic day `day`. An issue by hand may not take more than is on
 * hand (409 naming what is there); a checkout may, since the material was already used.
 */
export const planMovement = (current: StockLevelState | undefined, request: MovementRequest, where: { clinicId: string; itemId: string; day: string; at: string }): PlannedMovement => {
  const level = current ?? emptyLevel(where.clinicId, where.itemId, where.day, where.at);
  if (request.kind === 'out' && request.quantityMilli > level.quantityMilli) {
    throw new DomainError('conflict', `quantity: only ${level.quantityMilli / 1000} on hand`, [
      { path: 'quantity', message: `is more than the ${level.quantityMilli / 1000} on hand`, code: 'stock.short', params: { available: level.quantityMilli / 1000 } },
    ]);
  }
  const deltaMilli = deltaOf(level, request);
  const used = request.kind === 'out' || request.kind === 'checkout' ? request.quantityMilli : 0;
  const usage = pruneUsage({ ...level.usage, [where.day]: (level.usage[where.day] ?? 0) + used }, where.day);
  const next: StockLevelState = {
    ...level,
    quantityMilli: level.quantityMilli + deltaMilli,
    version: level.version + 1,
    since: level.since < where.day ? level.since : where.day,
    usage,
    updatedAt: where.at,
  };
  return {
    kind: request.kind,
    deltaMilli,
    ...(request.kind === 'count' ? { expectedMilli: level.quantityMilli, countedMilli: request.quantityMilli } : {}),
    next,
  };
};

/** Thousandths used per day over the last 30 days (or the level's own days when younger), as of `today`. */
export const dailyUsageMilli = (level: Pick<StockLevelState, 'usage' | 'since'>, today: string): number => {
  const window = Math.max(1, Math.min(usageWindowDays, daysBetween(level.since, today) + 1));
  const first = addDays(today, -(usageWindowDays - 1));
  const used = Object.entries(level.usage).reduce((sum, [d, q]) => (d >= first && d <= today ? sum + q : sum), 0);
  return used / window;
};

/** Days of use left at the recent rate; null when nothing was used (no rate to run out at). */
export const daysLeft = (level: Pick<StockLevelState, 'usage' | 'since' | 'quantityMilli'>, today: string): number | null => {
  const rate = dailyUsageMilli(level, today);
  if (rate <= 0) return null;
  return Math.max(0, level.quantityMilli) / rate;
};

export const isLowStock = (level: Pick<StockLevelState, 'usage' | 'since' | 'quantityMilli'>, today: string): boolean => {
  const left = daysLeft(level, today);
  return left !== null && left < lowStockDays;
};
