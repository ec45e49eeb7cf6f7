/**
 * Pricing a visit and checking its payments. Pure: the service hands in the catalog and the
 * clinic's "today"; every problem names the field a person must fix (invariant 10).
 */
import type { FieldProblem } from './errors.js';
import { priceAt } from './catalog.js';
import type { Procedure } from '../schemas/catalog.js';
import type { CheckoutInput, PaymentInput, VisitLine } from '../schemas/visit.js';

export type PricedVisit = { lines: VisitLine[]; subtotalFen: number; discountFen: number; totalFen: number };

export const priceVisit = (
  input: Pick<CheckoutInput, 'lines' | 'discountFen' | 'clinicId'>,
  procedures: ReadonlyMap<string, Procedure>,
): { ok: true; visit: PricedVisit } | { ok: false; problems: FieldProblem[] } => {
  const problems: FieldProblem[] = [];
  const lines: VisitLine[] = [];
  input.lines.forEach((line, i) => {
    const procedure = procedures.get(line.procedureId);
    if (!procedure) return problems.push({ path: `lines.${i}.procedureId`, message: 'is not a procedure in this chain’s catalog' });
    if (!procedure.active) return problems.push({ path: `lines.${i}.procedureId`, message: 'is no longer offered (inactive in the catalog)' });
    const unitPriceFen = priceAt(procedure, input.clinicId);
    const gross = unitPriceFen * line.quantity;
    if (line.discountFen > gross) return problems.push({ path: `lines.${i}.discountFen`, message: `must not exceed the line’s price (${gross} fen)` });
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
  const subtotalFen = lines.reduce((sum, l) => sum + l.amountFen, 0);
  if (input.discountFen > subtotalFen) return { ok: false, problems: [{ path: 'discountFen', message: `must not exceed the subtotal (${subtotalFen} fen)` }] };
  return { ok: true, visit: { lines, subtotalFen, discountFen: input.discountFen, totalFen: subtotalFen - input.discountFen } };
};

/** Payments must add up to the total, and installment schedules to their payment, all due after today. */
export const checkPayments = (payments: PaymentInput[], totalFen: number, clinicToday: string): FieldProblem[] => {
  const problems: FieldProblem[] = [];
  const paid = payments.reduce((sum, p) => sum + p.amountFen, 0);
  if (paid !== totalFen) problems.push({ path: 'payments', message: `add up to ${paid} fen but the visit total is ${totalFen} fen` });
  payments.forEach((payment, i) => {
    if (payment.method !== 'installment') {
      if (payment.schedule) problems.push({ path: `payments.${i}.schedule`, message: 'is only for installment payments' });
      return;
    }
    if (!payment.schedule) return problems.push({ path: `payments.${i}.schedule`, message: 'is required for an installment payment' });
    const scheduled = payment.schedule.reduce((sum, s) => sum + s.amountFen, 0);
    if (scheduled !== payment.amountFen) problems.push({ path: `payments.${i}.schedule`, message: `adds up to ${scheduled} fen, not the ${payment.amountFen} fen of the payment` });
    payment.schedule.forEach((part, j) => {
      if (part.dueDate <= clinicToday) problems.push({ path: `payments.${i}.schedule.${j}.dueDate`, message: `must be after today (${clinicToday})` });
      const previous = payment.schedule?.[j - 1];
      if (previous && part.dueDate <= previous.dueDate) problems.push({ path: `payments.${i}.schedule.${j}.dueDate`, message: 'must be later than the part before it' });
    });
  });
  return problems;
};
