/**
 * A checkout step: the consumables a visit used, from each procedure's bill of materials (e.g. an
 * implant: 1 implant body + 1 healing cap) times the line's quantity, added up per item, and the
 * clinic's stock levels after deducting them. Pure; the checkout writes the levels and their
 * movement rows in its own transaction, so a visit and its stock movements land together or not at all.
 */
import { planMovement, type PlannedMovement, type StockLevelState } from '../stock/stock-ledger.js';
import { toMilli } from '../stock/stock-quantity.js';

export type BomLine = { itemId: string; quantity: number };
export type Bom = { procedureId: string; lines: BomLine[] };

/** Thousandths of each item the visit's lines use; items no longer active are left out. */
export const consumablesUsed = (lines: readonly { procedureId: string; quantity: number }[], boms: ReadonlyMap<string, Bom>, activeItems: ReadonlySet<string>): Map<string, number> => {
  const used = new Map<string, number>();
  for (const line of lines) {
    for (const part of boms.get(line.procedureId)?.lines ?? []) {
      if (!activeItems.has(part.itemId)) continue;
      used.set(part.itemId, (used.get(part.itemId) ?? 0) + toMilli(part.quantity) * line.quantity);
    }
  }
  return used;
};

export type StockDeduction = PlannedMovement & { itemId: string; versionRead: number | undefined };

/** The levels after the visit, one planned movement per item, each held to the version read. */
export const planStockDeduction = (
  used: ReadonlyMap<string, number>,
  levels: ReadonlyMap<string, StockLevelState>,
  where: { clinicId: string; day: string; at: string },
): StockDeduction[] =>
  [...used.entries()]
    .filter(([, milli]) => milli > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([itemId, milli]) => {
      const level = levels.get(itemId);
      return { itemId, versionRead: level?.version, ...planMovement(level, { kind: 'checkout', quantityMilli: milli }, { ...where, itemId }) };
    });
