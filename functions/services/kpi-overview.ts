/**
 * GET /kpi/overview: the rollups of a date range summed over the clinics the caller sees (or
 * one), beside the days just before it (clipped to the range's days that have begun, so a
 * partly future range compares like with like: comparison.ts), a daily series whose today is
 * marked partial and later days future, and a per-clinic table. One query per clinic covers
 * both periods (they are adjacent), so the cost follows the range and the clinic count, never
 * the number of patients or visits.
 */
import type { Caller } from '../../shared/domain/access.js';
import { breakdowns, counterNames as n, counterValue, derive, sumRollups, type Counters } from '../../shared/domain/kpi/rollup.js';
import { comparisonOf, dayStatus } from '../../shared/domain/kpi/comparison.js';
import { chainTimeZone, addDays, daysInRange, localDay } from '../../shared/domain/time.js';
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

export const kpiOverview = async (caller: Caller, query: { from: string; to: string; clinicId?: string | undefined }, now = new Date()): Promise<KpiOverview> => {
  const clinics = await visibleClinics(caller, query.clinicId);
  const length = daysInRange(query.from, query.to);
  const today = localDay(now, chainTimeZone(clinics));
  const comparison = comparisonOf(query, today);
  const window = comparison.previous;
  const days = await readRollups(caller.tenantId, clinics.map((c) => c.clinicId), window?.from ?? query.from, query.to);
  const current = days.filter((d) => d.day >= query.from);
  const previous = window ? days.filter((d) => d.day >= window.from && d.day <= window.to) : [];
  const currentSum = sumOf(current);
  const byDay = new Map<string, StoredDay[]>();
  for (const d of current) byDay.set(d.day, [...(byDay.get(d.day) ?? []), d]);
  // Every day of the range, quiet ones as zeros: a chart's x axis must not skip days.
  const daily = Array.from({ length }, (_, i) => addDays(query.from, i)).map((day) => {
    const status = dayStatus(day, today);
    return { ...dailyPoint(day, sumOf(byDay.get(day) ?? [])), ...(status === 'done' ? {} : { status }) };
  });
  return {
    from: query.from,
    to: query.to,
    today,
    clinicIds: clinics.map((c) => c.clinicId),
    current: derive(currentSum),
    previous: derive(sumOf(previous)),
    comparison,
    daily,
    byClinic: clinics.map((c) => ({ clinicId: c.clinicId, name: c.name, kpis: derive(sumOf(current.filter((d) => d.clinicId === c.clinicId))) })),
    breakdowns: breakdowns(currentSum),
  };
};
