/**
 * What a visit's care pathway creates at checkout. Each procedure's steps are one of two kinds:
 * - "call" steps become follow-up calls (回访), due the given number of days after the visit
 *   (day 1 = 24 h, day 2 = 48 h, as the seeds ask; day 0 = two hours after);
 * - "message" steps become care messages: day 0 right after checkout, later ones at 10:00 in
 *   the clinic's zone on that day (mid-morning, well inside the care sending window).
 * One item per (visit, procedure, step): the same occasion never makes two, even when a
 * procedure is on two lines.
 */
import type { CarePathwayStep } from '../schemas/catalog.js';
import { instantOnLocalDay } from './local-instant.js';
import { addDays, localDay } from './time.js';

export type CareCall = { occasion: string; topic: string; dueAt: string; procedureCode: string; offsetDays: number };
export type CareMessage = { occasion: string; topic: string; dueAt: string; procedureCode: string; stepIndex: number; offsetDays: number };
type PathwayProcedure = { code: string; carePathway: CarePathwayStep[] };

const hour = 3600_000;
/** Local hour at which later care messages fall due. */
export const careMessageHour = 10;
/**
 * A visit entered late (up to 30 days back) must not flood the patient with advice meant for
 * days long past: a message whose moment is more than this before checkout is not planned.
 */
export const careMessageLateLimitMs = 24 * hour;

export const careCallsForVisit = (visitId: string, visitedAt: string, procedures: PathwayProcedure[]): CareCall[] => {
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

/** The ledger occasion of one care message: one message per (visit, procedure, step) ever. */
export const careMessageOccasion = (visitId: string, procedureCode: string, stepIndex: number): string => `care.${visitId}.${procedureCode}.${stepIndex}`;

/** 10:00 clinic time on the visit's local day plus `offsetDays` (wall-clock, so daylight saving holds). */
const localMorning = (visitedAt: string, offsetDays: number, timeZone: string): Date =>
  new Date(instantOnLocalDay(addDays(localDay(new Date(visitedAt), timeZone), offsetDays), timeZone, { hour: careMessageHour }));

export const careMessagesForVisit = (
  visitId: string,
  visitedAt: string,
  /** when the checkout is recorded: day-0 messages go out then, not at the (possibly earlier) visit time */
  checkedOutAt: string,
  timeZone: string,
  procedures: PathwayProcedure[],
): CareMessage[] => {
  const messages = new Map<string, CareMessage>();
  const checkout = Date.parse(checkedOutAt);
  for (const procedure of procedures) {
    procedure.carePathway.forEach((step, stepIndex) => {
      if (step.action !== 'message') return;
      const moment = step.offsetDays === 0 ? new Date(visitedAt) : localMorning(visitedAt, step.offsetDays, timeZone);
      if (moment.getTime() < checkout - careMessageLateLimitMs) return;
      const dueAt = step.offsetDays === 0 ? new Date(checkout) : moment;
      const occasion = careMessageOccasion(visitId, procedure.code, stepIndex);
      messages.set(occasion, { occasion, topic: step.topic, dueAt: dueAt.toISOString(), procedureCode: procedure.code, stepIndex, offsetDays: step.offsetDays });
    });
  }
  return [...messages.values()];
};
