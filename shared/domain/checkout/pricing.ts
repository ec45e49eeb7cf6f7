/**
 * Pricing a visit: the lines at the clinic's prices, then the adjustments (adjustments.ts). Pure:
 * the service hands in the catalog; every problem names the field a person must fix (invariant 10).
 */
import type { FieldProblem } from '../errors.js';
import { priceAt } from '../catalog.js';
import type { Procedure } from '../../schemas/catalog.js';
import type { CheckoutInput, VisitLine } from '../../schemas/visit.js';
import { applyAdjustments, checkoutAdjusters, manualDiscountFen, type Adjustment, type AdjustmentApplier } from './adjustments.js';

export type PricedVisit = { lines: VisitLine[]; subtotalFen: number; discountFen: number; totalFen: number };
export type PricedLines = { lines: VisitLine[]; subtotalFen: number };

export const priceLines = (
  input: Pick<CheckoutInput, 'lines' | 'clinicId'>,
  procedures: ReadonlyMap<string, Procedure>,
): { ok: true; priced: PricedLines } | { ok: false; problems: FieldProblem[] } => {
  const problems: FieldProblem[] = [];
  const lines: VisitLine[] = [];
  input.lines.forEach((line, i) => {
    const procedure = procedures.get(line.procedureId);
    if (!procedure) return problems.push({ path: `lines.${i}.procedureId`, message: 'is not a procedure in this chain’s catalog', code: 'procedure.unknown' });
    if (!procedure.active) return problems.push({ path: `lines.${i}.procedureId`, message: 'is no longer offered (inactive in the catalog)', code: 'procedure.inactive' });
    const unitPriceFen = priceAt(procedure, input.clinicId);
    const gross = unitPriceFen * line.quantity;
    if (line.discountFen > gross) return problems.push({ path: `lines.${i}.discountFen`, message: `must not exceed the line’s price (${gross} fen)`, code: 'discount.over_line', params: { amountFen: gross } });
    lines.push({
      procedureId: procedure.procedureId,
      code: procedure.code,
      nameZh: procedure.nameZh,
      nameEn: procedure.nameEn,
      category: procedure.category,
      quantity: line.quantity,
      teeth: line.teeth,
      unitPriceFen,
      discountFen: line.discountFen,
      amountFen: gross - line.discountFen,
    });
  });
  if (problems.length) return { ok: false, problems };
  return { ok: true, priced: { lines, subtotalFen: lines.reduce((sum, l) => sum + l.amountFen, 0) } };
};

/** The lines priced and adjusted: what the visit records, and the adjustments that made its total. */
export const priceVisit = (
  input: Pick<CheckoutInput, 'lines' | 'discountFen' | 'clinicId'>,
  procedures: ReadonlyMap<string, Procedure>,
  appliers: readonly AdjustmentApplier[] = checkoutAdjusters,
): { ok: true; visit: PricedVisit; adjustments: Adjustment[] } | { ok: false; problems: FieldProblem[] } => {
  const lines = priceLines(input, procedures);
  if (!lines.ok) return lines;
  const adjusted = applyAdjustments(lines.priced.subtotalFen, input, appliers);
  if (!adjusted.ok) return adjusted;
  const { subtotalFen } = lines.priced;
  const { adjustments, dueFen } = adjusted.adjusted;
  return { ok: true, visit: { lines: lines.priced.lines, subtotalFen, discountFen: manualDiscountFen(adjustments), totalFen: dueFen }, adjustments };
};
