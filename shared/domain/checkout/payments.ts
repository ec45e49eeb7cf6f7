/**
 * Splitting the total into payments: they must add up to it, and an installment payment's
 * schedule to the payment, every part due after the clinic's today. The parts become the
 * installment items the reminder job works from.
 */
import type { FieldProblem } from '../errors.js';
import type { InstallmentPart, PaymentInput } from '../../schemas/visit.js';

export type { InstallmentPart };

/** Payments must add up to the total, and installment schedules to their payment, all due after today. */
export const checkPayments = (payments: PaymentInput[], totalFen: number, clinicToday: string): FieldProblem[] => {
  const problems: FieldProblem[] = [];
  const paid = payments.reduce((sum, p) => sum + p.amountFen, 0);
  if (paid !== totalFen) problems.push({ path: 'payments', message: `add up to ${paid} fen but the visit total is ${totalFen} fen`, code: 'payments.sum', params: { paidFen: paid, totalFen } });
  payments.forEach((payment, i) => {
    if (payment.method !== 'installment') {
      if (payment.schedule) problems.push({ path: `payments.${i}.schedule`, message: 'is only for installment payments', code: 'schedule.only_installment' });
      return;
    }
    if (!payment.schedule) return problems.push({ path: `payments.${i}.schedule`, message: 'is required for an installment payment', code: 'schedule.required' });
    const scheduled = payment.schedule.reduce((sum, s) => sum + s.amountFen, 0);
    if (scheduled !== payment.amountFen) problems.push({ path: `payments.${i}.schedule`, message: `adds up to ${scheduled} fen, not the ${payment.amountFen} fen of the payment`, code: 'schedule.sum', params: { sumFen: scheduled, amountFen: payment.amountFen } });
    payment.schedule.forEach((part, j) => {
      if (part.dueDate <= clinicToday) problems.push({ path: `payments.${i}.schedule.${j}.dueDate`, message: `must be after today (${clinicToday})`, code: 'schedule.not_after_today', params: { today: clinicToday } });
      const previous = payment.schedule?.[j - 1];
      if (previous && part.dueDate <= previous.dueDate) problems.push({ path: `payments.${i}.schedule.${j}.dueDate`, message: 'must be later than the part before it', code: 'schedule.not_increasing' });
    });
  });
  return problems;
};

/** Numbered across all payments: two installment payments must not share part numbers (one item each). */
export const installmentParts = (payments: readonly PaymentInput[], visit: { visitId: string; patientId: string; clinicId: string }): InstallmentPart[] =>
  payments
    .flatMap((p) => p.schedule ?? [])
    .map((part, n) => ({ visitId: visit.visitId, patientId: visit.patientId, clinicId: visit.clinicId, n, dueDate: part.dueDate, amountFen: part.amountFen, status: 'due' as const }));

/** What the payments take from the patient's stored value (储值), 0 when none. */
export const storedValueFen = (payments: readonly Pick<PaymentInput, 'method' | 'amountFen'>[]): number =>
  payments.filter((p) => p.method === 'stored-value').reduce((sum, p) => sum + p.amountFen, 0);
