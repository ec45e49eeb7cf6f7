/**
 * Counters addressed to one rollup document: a clinic and one of its local calendar days.
 * Every delta function returns a list of these, because one change can touch two documents
 * (a visit moved to another day, the "new patient" count moving to the patient's next visit).
 */
import { localDay } from '../time.js';
import { addCounters, negate, type Counters } from './counters.js';

export type DayKey = {
  clinicId: string;
  /** the clinic's local calendar day, YYYY-MM-DD (invariant 4) */
  day: string;
};

/** A delta for, or the rollup of, one (clinic, day). Same shape: a rollup is the sum of its deltas. */
export type DayCounters = DayKey & { counters: Counters };

/** A stable string key; clinic ids never contain '#', days never do. */
export const dayKeyOf = (key: DayKey): string => `${key.clinicId}#${key.day}`;

/** The clinic day of a UTC instant in the clinic's IANA zone. */
export const clinicDay = (clinicId: string, instant: string, timeZone: string): DayKey => ({ clinicId, day: localDay(new Date(instant), timeZone) });

const byKey = (a: DayCounters, b: DayCounters): number => (a.clinicId === b.clinicId ? (a.day < b.day ? -1 : a.day > b.day ? 1 : 0) : a.clinicId < b.clinicId ? -1 : 1);

/**
 * Groups by (clinic, day), adds, and drops entries that net to zero; sorted by clinic then day so
 * writers issue updates in a deterministic order and tests compare lists directly.
 */
export const mergeDayCounters = (items: readonly DayCounters[]): DayCounters[] => {
  const merged = new Map<string, DayCounters>();
  for (const item of items) {
    const key = dayKeyOf(item);
    const current = merged.get(key);
    merged.set(key, { clinicId: item.clinicId, day: item.day, counters: addCounters(current?.counters ?? {}, item.counters) });
  }
  return [...merged.values()].filter((d) => Object.keys(d.counters).length > 0).sort(byKey);
};

/** after − before, per document: how a change in a record's contribution becomes a delta. */
export const diffDayCounters = (before: readonly DayCounters[], after: readonly DayCounters[]): DayCounters[] =>
  mergeDayCounters([...after, ...before.map((d) => ({ ...d, counters: negate(d.counters) }))]);

/** Applies deltas to rollups in memory (what ADD does in DynamoDB); used by the twin and tests. */
export const applyDayDeltas = (rollups: readonly DayCounters[], deltas: readonly DayCounters[]): DayCounters[] => mergeDayCounters([...rollups, ...deltas]);
