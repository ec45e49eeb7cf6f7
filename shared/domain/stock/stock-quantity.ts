/**
 * Quantities of consumables (耗材). A countable item ('piece', 'box') moves in whole units; a
 * measured one ('ml', 'g') in up to three decimals. Stored as integer thousandths ("milli"), so a
 * level is exactly the sum of its movements (no 0.1 + 0.2 drift), the way money is integer fen.
 */
import { problem, type FieldProblem } from '../errors.js';

export const milliPerUnit = 1000;
/** A movement larger than this is a typing mistake, not a delivery. */
export const maxQuantity = 1_000_000;

/** Whole units: what a countable item's quantities must be. */
export const countableUnits = ['piece', 'box', 'pack', 'bottle', 'tube', 'set', 'pair', 'roll', 'sheet'] as const;
/** Measured units: fractions allowed. */
export const measuredUnits = ['ml', 'l', 'g', 'kg', 'cm', 'm'] as const;
export const stockUnits = [...countableUnits, ...measuredUnits] as const;
export type StockUnit = (typeof stockUnits)[number];

export const isCountableUnit = (unit: StockUnit): boolean => (countableUnits as readonly string[]).includes(unit);

export const toMilli = (quantity: number): number => Math.round(quantity * milliPerUnit);
export const fromMilli = (milli: number): number => milli / milliPerUnit;

/**
 * The problems with a quantity typed for an item: negative, a fraction of a countable unit, more
 * than three decimals, or absurdly large. `path` names the field the person fixes.
 */
export const quantityProblems = (path: string, quantity: number, countable: boolean, options: { allowZero?: boolean } = {}): FieldProblem[] => {
  if (!Number.isFinite(quantity)) return [problem(path, 'must be a number', { code: 'type.invalid' })];
  if (quantity < 0) return [problem(path, 'must not be negative', { code: 'quantity.negative' })];
  if (quantity === 0 && !options.allowZero) return [problem(path, 'must be more than zero', { code: 'number.too_small', params: { minimum: 0 } })];
  if (countable && !Number.isInteger(quantity)) return [problem(path, 'must be a whole number for an item counted in pieces', { code: 'quantity.fraction' })];
  if (Math.abs(quantity * milliPerUnit - Math.round(quantity * milliPerUnit)) > 1e-6) {
    return [problem(path, 'may have at most three decimals', { code: 'quantity.precision', params: { maximum: 3 } })];
  }
  // Smaller than a thousandth yet not zero (5e-324 passes the decimals check): no store keeps it.
  if (quantity > 0 && toMilli(quantity) === 0) return [problem(path, 'must be at least 0.001', { code: 'number.too_small', params: { minimum: 0.001 } })];
  if (quantity > maxQuantity) return [problem(path, `must be at most ${maxQuantity}`, { code: 'number.too_big', params: { maximum: maxQuantity } })];
  return [];
};
