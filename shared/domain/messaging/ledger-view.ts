/**
 * What a caller reads of the send ledger. An occasion key names what a message is about, and for
 * care and recall messages that is a treatment (care.<visit>.wisdom-tooth.3, recall.perio.<day>.d7).
 * A role that may not learn treatments (invariant 12) reads a generic label instead: the day of the
 * first decision and a counter that keeps entries of one patient, purpose and day apart.
 */
import type { Caller } from '../access.js';
import { isMarketingPurpose } from './purposes.js';

/** The generic occasion's first segment, e.g. `msg.2026-05-01.1` (the dashboard knows it). */
export const genericOccasionPrefix = 'msg';

type Presentable = { patientId: string; purpose: string; occasion: string; decisions: { at: string }[]; updatedAt?: string };

/** Marketing runs promotions; it reads what was sent and when, never what was treated. */
export const readsTreatments = (caller: Pick<Caller, 'role'>): boolean => caller.role !== 'marketing';

/** Marketing occasions (birthday.2026, holiday.<day>, reactivation.<day>.a2) name no treatment and stay as they are. */
const occasionNamesTreatment = (purpose: string): boolean => !isMarketingPurpose(purpose);

export const presentLedgerEntries = <T extends Presentable>(caller: Pick<Caller, 'role'>, entries: T[]): T[] => {
  if (readsTreatments(caller)) return entries;
  const seen = new Map<string, number>();
  return entries.map((entry) => {
    if (!occasionNamesTreatment(entry.purpose)) return entry;
    const day = (entry.decisions[0]?.at ?? entry.updatedAt ?? '').slice(0, 10);
    const group = `${entry.patientId}/${entry.purpose}/${day}`;
    const n = (seen.get(group) ?? 0) + 1;
    seen.set(group, n);
    return { ...entry, occasion: `${genericOccasionPrefix}.${day}.${n}` };
  });
};
