/**
 * Reactivation of dormant patients (seed 003 §三): no visit for N months (12 by default), the
 * highest past value first, a daily limit, at most N attempts at an interval. A new visit starts
 * over (the attempts belong to the last visit they were based on). Patients dormant for more than
 * two years beyond the threshold are left alone: a message after three silent years reads as spam.
 */
import { addDays, addMonths } from '../time.js';

export type ReactivationState = { basedOn: string; attempts: number; lastAt: string; lastOccasion: string };
export type DormantCandidate = { patientId: string; clinicId: string; lastVisitAt: string; totalSpendFen: number; reactivation?: ReactivationState };
export type ReactivationSettings = { dormantMonths: number; maxAttempts: number; intervalDays: number; dailyLimit: number };

export const lostAfterMonths = 24;

/** The last-visit days a run looks at: dormant, but not long lost. */
export const dormantBand = (today: string, settings: Pick<ReactivationSettings, 'dormantMonths'>): { from: string; to: string } => ({
  from: addMonths(today, -(settings.dormantMonths + lostAfterMonths)),
  to: addMonths(today, -settings.dormantMonths),
});

const attemptsFor = (c: DormantCandidate): number => (c.reactivation?.basedOn === c.lastVisitAt ? c.reactivation.attempts : 0);

export const isEligible = (c: DormantCandidate, today: string, settings: ReactivationSettings): boolean => {
  const state = c.reactivation?.basedOn === c.lastVisitAt ? c.reactivation : undefined;
  if (!state) return true;
  return state.attempts < settings.maxAttempts && state.lastAt.slice(0, 10) <= addDays(today, -settings.intervalDays);
};

export type PlannedReactivation = { patientId: string; lastVisitAt: string; attempt: number; occasion: string };

/** Today's list: eligible patients, highest past value first (then most recent visit, then id), up to the limit. */
export const planReactivations = (candidates: DormantCandidate[], today: string, settings: ReactivationSettings): PlannedReactivation[] =>
  candidates
    .filter((c) => isEligible(c, today, settings))
    .sort((a, b) => b.totalSpendFen - a.totalSpendFen || b.lastVisitAt.localeCompare(a.lastVisitAt) || a.patientId.localeCompare(b.patientId))
    .slice(0, settings.dailyLimit)
    .map((c) => {
      const attempt = attemptsFor(c) + 1;
      return { patientId: c.patientId, lastVisitAt: c.lastVisitAt, attempt, occasion: `reactivation.${c.lastVisitAt.slice(0, 10)}.a${attempt}` };
    });
