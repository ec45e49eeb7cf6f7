/**
 * Installment reminders (seed 003: 3 days before each part falls due, per chain settings). Pure:
 * what to do with a queued part on the clinic's local day.
 */
import { addDays } from '../time.js';

export type InstallmentAction = 'remind' | 'wait' | 'drop';

/**
 * - drop: paid, or already past due (a reminder after the day is an overdue notice, another message);
 * - wait: its reminder day has not come yet;
 * - remind: from `daysBefore` days before the due date up to the due date itself (a part created
 *   inside that span, or missed while the job was down, is still reminded in time).
 */
export const installmentAction = (part: { dueDate: string; status: 'due' | 'paid' }, today: string, daysBefore: number): InstallmentAction => {
  if (part.status !== 'due' || part.dueDate < today) return 'drop';
  return addDays(part.dueDate, -daysBefore) > today ? 'wait' : 'remind';
};

/** One reminder per part, whatever the hour, delivery or run. */
export const installmentOccasion = (part: { visitId: string; n: number }): string => `installment.${part.visitId}.${part.n}`;
