/**
 * Lifetime value by acquisition channel and by referrer: average lifetime spend per patient the
 * channel (or referrer) brought, registered patients who never paid included, because a channel
 * that brings sign-ups who never come costs money too. Sums stay integer fen; the average is
 * rounded half up to whole fen.
 */
import type { Fen } from '../money.js';
import type { PatientFacts } from './patient-facts.js';

export type LtvRow = {
  key: string;
  patients: number;
  /** patients with any spend */
  payingPatients: number;
  spentFen: Fen;
  averageFen: Fen | null;
  patientIds: string[];
};

const roundedAverage = (sum: number, n: number): number | null => (n === 0 ? null : Math.floor((2 * sum + n) / (2 * n)));

const ltvBy = (facts: readonly PatientFacts[], keyOf: (f: PatientFacts) => string | undefined): LtvRow[] => {
  const groups = new Map<string, PatientFacts[]>();
  for (const f of facts) {
    const key = keyOf(f);
    if (key === undefined) continue;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups.entries()]
    .map(([key, list]) => {
      const spentFen = list.reduce((s, f) => s + f.totalSpentFen, 0);
      return {
        key,
        patients: list.length,
        payingPatients: list.filter((f) => f.totalSpentFen > 0).length,
        spentFen,
        averageFen: roundedAverage(spentFen, list.length),
        patientIds: list.map((f) => f.patientId).sort(),
      };
    })
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
};

export const ltvByChannel = (facts: readonly PatientFacts[]): LtvRow[] => ltvBy(facts, (f) => f.channel);

/** Patients without a referrer are left out (they are in the channel table). */
export const ltvByReferrer = (facts: readonly PatientFacts[]): LtvRow[] => ltvBy(facts, (f) => f.referrerId);
