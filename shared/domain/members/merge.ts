/**
 * Merging two records of one person (merge-service.ts), for the cards either is on. The decision:
 * every card is kept — when both records hold an active card the person paid for both, so the
 * record that stays holds two and each keeps its own terms, term dates and counters; nothing is
 * cancelled or refunded by a merge (staff can cancel one by its contract's rule afterwards).
 * Per-person counters follow the person: the duplicate's uses count as the kept record's.
 */
import type { Counters } from './entitlements.js';

/** The card's people with the duplicate replaced by the kept record (once, if both were on it). */
export const membersAfterMerge = (memberPatientIds: readonly string[], sourceId: string, targetId: string): string[] => [
  ...new Set(memberPatientIds.map((id) => (id === sourceId ? targetId : id))),
];

/**
 * Counter attributes scoped to the duplicate (`…|<sourceId>`) renamed to the kept record: uses
 * add up (u|…), and the latest day of an interval service is the later of the two (l|…), so
 * neither an allowance nor an interval is reset by merging.
 */
export const countersAfterMerge = (counters: Counters, sourceId: string, targetId: string): { set: Record<string, number | string>; remove: string[] } => {
  const set: Record<string, number | string> = {};
  const remove: string[] = [];
  for (const [key, value] of Object.entries(counters)) {
    if (!key.endsWith(`|${sourceId}`) || !(key.startsWith('u|') || key.startsWith('l|'))) continue;
    const renamed = `${key.slice(0, -sourceId.length)}${targetId}`;
    const existing = set[renamed] ?? counters[renamed];
    if (key.startsWith('u|')) set[renamed] = Number(value) + Number(existing ?? 0);
    else set[renamed] = typeof existing === 'string' && existing > String(value) ? existing : String(value);
    remove.push(key);
  }
  return { set, remove };
};

/** A use recorded for a patient since merged: its per-person counter keys now name the kept record. */
export const rekeyUse = <U extends { patientId: string; usedKey?: string; lastKey?: string }>(use: U, currentPatientId: string): U => {
  if (use.patientId === currentPatientId) return use;
  const rename = (key: string | undefined) => (key?.endsWith(`|${use.patientId}`) ? `${key.slice(0, -use.patientId.length)}${currentPatientId}` : key);
  const usedKey = rename(use.usedKey);
  const lastKey = rename(use.lastKey);
  return { ...use, patientId: currentPatientId, ...(usedKey ? { usedKey } : {}), ...(lastKey ? { lastKey } : {}) };
};
