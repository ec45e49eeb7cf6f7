/** Installment parts at the desk: recording a part as paid, and the overdue list. */
import * as z from 'zod';
import { paymentMethods } from './visit.js';

/** A part is paid in money that arrives now: never by another installment, and stored value has its own ledger. */
export const installmentPayMethods = paymentMethods.filter((m) => m !== 'installment' && m !== 'stored-value') as ['cash', 'card', 'wechat', 'alipay'];

export const installmentPaySchema = z.strictObject({
  method: z.enum(installmentPayMethods, { error: `must be one of ${installmentPayMethods.join(', ')}` }),
});
export type InstallmentPayInput = z.infer<typeof installmentPaySchema>;

/** The part number in the path, as stored: from 0 (the first part) to 99 (the key pads it to two digits). */
export const installmentNumberSchema = z.coerce.number().int().min(0).max(99);

export const overdueQuerySchema = z.strictObject({
  clinicId: z.string().min(1).max(200).optional(),
});

export type OverdueInstallment = {
  patientId: string; patientName?: string; clinicId: string; visitId: string; n: number; dueDate: string; amountFen: number; daysOverdue: number;
};
