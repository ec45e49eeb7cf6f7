/**
 * Monthly cohort retention: a cohort is the patients whose first visit fell in one calendar
 * month (their clinic's days); month k of a row is the share of the cohort with a visit in the
 * k-th calendar month after it (k = 1..12). Months after asOf's month are null (not yet lived);
 * asOf's own month counts the visits so far, so the newest cell of each row can still grow.
 */
import { dayOf, timelineOf, zoneOf, type BaseOptions, type PatientFacts } from './patient-facts.js';

export type CohortRow = { cohort: string; size: number; months: (number | null)[]; patientIds: string[] };

/** YYYY-MM ± n months. */
export const addMonthsToMonth = (month: string, n: number): string => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return d.toISOString().slice(0, 7);
};

export const cohortRetention = (facts: readonly PatientFacts[], options: BaseOptions & { cohorts?: number; horizon?: number }): CohortRow[] => {
  const cohorts = options.cohorts ?? 12;
  const horizon = options.horizon ?? 12;
  const rows = new Map<string, { ids: string[]; visited: Set<string>[] }>();
  // The table's last month, as patientBaseMetrics picks its period: the first patient's zone.
  const last = dayOf(options.asOf, zoneOf(options, facts[0]?.clinicId ?? '')).slice(0, 7);
  for (const f of facts) {
    const t = timelineOf(f, options);
    if (t.firstDay === undefined) continue;
    const cohort = t.firstDay.slice(0, 7);
    if (cohort < addMonthsToMonth(last, -(cohorts - 1)) || cohort > last) continue;
    const row = rows.get(cohort) ?? { ids: [], visited: Array.from({ length: horizon }, () => new Set<string>()) };
    rows.set(cohort, row);
    row.ids.push(f.patientId);
    for (let k = 1; k <= horizon; k++) {
      const month = addMonthsToMonth(cohort, k);
      if (t.visitDays.some((d) => d.startsWith(month))) row.visited[k - 1]?.add(f.patientId);
    }
  }
  return Array.from({ length: cohorts }, (_, i) => addMonthsToMonth(last, i - cohorts + 1)).map((cohort) => {
    const row = rows.get(cohort);
    const size = row?.ids.length ?? 0;
    const months = Array.from({ length: horizon }, (_, i) => {
      if (addMonthsToMonth(cohort, i + 1) > last || size === 0) return null;
      return (row?.visited[i]?.size ?? 0) / size;
    });
    return { cohort, size, months, patientIds: [...(row?.ids ?? [])].sort() };
  });
};
