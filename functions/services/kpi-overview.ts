/**
 * GET /kpi/overview: the rollups of a date range summed over the clinics the caller sees (or
 * one), beside the same number of days just before, a daily series and a per-clinic table.
 * One query per clinic covers both periods (they are adjacent), so the cost follows the range
 * and the clinic count, never the number of patients or visits.
 */
import type { Caller } from '../../shared/domain/access.js';
import { breakdowns, counterNames as n, counterValue, derive, sumRollups, type Counters } from '../../shared/domain/kpi/rollup.js';
import { addDays, daysInRange } from '../../shared/domain/time.js';
import type { KpiDailyPoint, KpiOverview } from '../../shared/schemas/kpi.js';
import { readRollups, type StoredDay } from '../adapters/dynamo/kpi-repository.js';
import { visibleClinics } from './kpi-scope.js';

const dailyPoint = (day: string, c: Counters): KpiDailyPoint => ({
  day,
  visits: counterValue(c, n.visits),
  revenueFen: counterValue(c, n.revenueFen),
  newPatients: counterValue(c, n.newPatients),
  kept: counterValue(c, n.appointments.kept),
  noShow: counterValue(c, n.appointments.noShow),
  messagesSent: counterValue(c, n.messages('sent')),
});

const sumOf = (days: readonly StoredDay[]): Counters => sumRollups(days.map((d) => d.counters));

export const kpiOverview = async (caller: Caller, query: { from: string; to: string; clinicId?: string | undefined }): Promise<KpiOverview> => {
  const clinics = await visibleClinics(caller, query.clinicId);
  const length = daysInRange(query.from, query.to);
  const previousFrom = addDays(query.from, -length);
  const days = await readRollups(caller.tenantId, clinics.map((c) => c.clinicId), previousFrom, query.to);
  const current = days.filter((d) => d.day >= query.from);
  const previous = days.filter((d) => d.day < query.from);
  const currentSum = sumOf(current);
  const byDay = new Map<string, StoredDay[]>();
  for (const d of current) byDay.set(d.day, [...(byDay.get(d.day) ?? []), d]);
  // Every day of the range, quiet ones as zeros: a chart's x axis must not skip days.
  const daily = Array.from({ length }, (_, i) => addDays(query.from, i)).map((day) => dailyPoint(day, sumOf(byDay.get(day) ?? [])));
  return {
    from: query.from,
    to: query.to,
    clinicIds: clinics.map((c) => c.clinicId),
    current: derive(currentSum),
    previous: derive(sumOf(previous)),
    daily,
    byClinic: clinics.map((c) => ({ clinicId: c.clinicId, name: c.name, kpis: derive(sumOf(current.filter((d) => d.clinicId === c.clinicId))) })),
    breakdowns: breakdowns(currentSum),
  };
};
