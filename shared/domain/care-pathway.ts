/**
 * The follow-up calls a visit creates (回访): each procedure's care-pathway "call" steps, due
 * the given number of days after the visit (day 1 = 24 h, day 2 = 48 h, as the seeds ask;
 * day 0 = two hours after). One task per (visit, procedure, step): the same occasion never
 * makes two tasks, even when a procedure is on two lines.
 */
import type { CarePathwayStep } from '../schemas/catalog.js';

export type CareCall = { occasion: string; topic: string; dueAt: string; procedureCode: string; offsetDays: number };

const hour = 3600_000;

export const careCallsForVisit = (
  visitId: string,
  visitedAt: string,
  procedures: { code: string; carePathway: CarePathwayStep[] }[],
): CareCall[] => {
  const calls = new Map<string, CareCall>();
  const visitTime = Date.parse(visitedAt);
  for (const procedure of procedures) {
    procedure.carePathway.forEach((step, index) => {
      if (step.action !== 'call') return;
      const occasion = `${visitId}.${procedure.code}.${index}`;
      const dueAt = new Date(visitTime + (step.offsetDays === 0 ? 2 * hour : step.offsetDays * 24 * hour)).toISOString();
      calls.set(occasion, { occasion, topic: step.topic, dueAt, procedureCode: procedure.code, offsetDays: step.offsetDays });
    });
  }
  return [...calls.values()];
};
