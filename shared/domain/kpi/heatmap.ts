/**
 * Weekday × hour of visits, in each clinic's own zone (seed 000 strategy 6: staff the peaks,
 * thin the quiet hours). Rows are weekdays Monday first (周一 … 周日), columns hours 0–23.
 */
import { TZDate } from '@date-fns/tz';
import { dayOf, zoneOf, type BaseOptions, type PatientFacts } from './patient-facts.js';

export type Heatmap = number[][];
export const weekdayLabels = { zh: ['周一', '周二', '周三', '周四', '周五', '周六', '周日'], en: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] } as const;

export type VisitInstant = { at: string; clinicId: string };

/** Visits with a local day in [from, to) when given; 7 × 24 counts. */
export const visitHeatmap = (visits: readonly VisitInstant[], options: Pick<BaseOptions, 'timeZones'> & { from?: string; to?: string }): Heatmap => {
  const grid = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  for (const visit of visits) {
    const zone = zoneOf(options, visit.clinicId);
    const day = dayOf(visit.at, zone);
    if ((options.from !== undefined && day < options.from) || (options.to !== undefined && day >= options.to)) continue;
    const local = new TZDate(Date.parse(visit.at), zone);
    const row = grid[(local.getDay() + 6) % 7];
    const hour = local.getHours();
    if (row) row[hour] = (row[hour] ?? 0) + 1;
  }
  return grid;
};

/** The visits of patient facts, at the visit's clinic (or the patient's). */
export const visitInstantsOf = (facts: readonly PatientFacts[]): VisitInstant[] =>
  facts.flatMap((f) => f.visits.map((v) => ({ at: v.at, clinicId: v.clinicId ?? f.clinicId })));
