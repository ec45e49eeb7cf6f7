/**
 * Monthly targets (issue 13, seed 004): the owner sets them per clinic; owners and managers read
 * them with the month's progress. Actual figures come from the very aggregates the other screens
 * read, summed the same way: visits, revenue, new patients and NPS from the daily rollups
 * (`derive`, as GET /kpi/overview), new members from the members' month counters (`clinicNumbers`,
 * as GET /members/overview), the 6-month return rate from the month's newest nightly snapshot
 * (as GET /kpi/patient-base).
 */
import { TZDate } from '@date-fns/tz';
import type { Caller } from '../../shared/domain/access.js';
import { staleVersion } from '../../shared/domain/errors.js';
import { derive, sumRollups } from '../../shared/domain/kpi/rollup.js';
import { clinicNumbers } from '../../shared/domain/members/overview.js';
import { clinicProgress, monthBounds, monthClock, scopeProgress, targetMeasures, type ClinicActuals, type Targets } from '../../shared/domain/plan/targets.js';
import { chainTimeZone, localDay } from '../../shared/domain/time.js';
import type { TargetsQuery, TargetsUpdate, TargetsView } from '../../shared/schemas/plan.js';
import type { Clinic } from '../../shared/schemas/org.js';
import { readRollups } from '../adapters/dynamo/kpi-repository.js';
import { readMemberMonths } from '../adapters/dynamo/member-numbers-repository.js';
import { putClinicTargets, readMonthTargets, snapshotWithin } from '../adapters/dynamo/plan-repository.js';
import { visibleClinics } from './kpi-scope.js';

/** One clinic's actual figures for the month, and the snapshot day its return rate is from. */
const actualsOf = async (tenantId: string, clinic: Clinic, month: string, today: string): Promise<{ actuals: ClinicActuals; returnAsOf?: string }> => {
  const { first, last } = monthBounds(month);
  const [days, memberMonths, snapshot] = await Promise.all([
    readRollups(tenantId, [clinic.clinicId], first, last),
    readMemberMonths(tenantId, clinic.clinicId, month, month),
    snapshotWithin(tenantId, clinic.clinicId, first, last),
  ]);
  const kpis = derive(sumRollups(days.map((d) => d.counters)));
  const members = clinicNumbers({ clinicId: clinic.clinicId, items: memberMonths, fromDay: first, toDay: last, today });
  const r = snapshot?.returnWithin6Months;
  return {
    actuals: {
      visits: kpis.visits, revenueFen: kpis.revenueFen, newPatients: kpis.newPatients, newMembers: members.newCards,
      surveys: { answers: kpis.surveys.answerCount, promoters: kpis.surveys.promoters, passives: kpis.surveys.passives, detractors: kpis.surveys.detractors },
      returns: r ? { returned: r.numerator.count, eligible: r.denominator.count } : null,
    },
    ...(snapshot ? { returnAsOf: localDay(new Date(snapshot.asOf), clinic.timeZone) } : {}),
  };
};

export const monthTargets = async (caller: Caller, query: TargetsQuery, now = new Date()): Promise<TargetsView> => {
  const clinics = await visibleClinics(caller, query.clinicId);
  const zone = chainTimeZone(clinics);
  const today = localDay(now, zone);
  const local = new TZDate(now.getTime(), zone);
  const clock = monthClock(query.month, today, local.getHours() * 60 + local.getMinutes());
  const [stored, figures] = await Promise.all([
    readMonthTargets(caller.tenantId, query.month),
    Promise.all(clinics.map(async (clinic) => ({ clinic, ...(await actualsOf(caller.tenantId, clinic, query.month, today)) }))),
  ]);
  const rows = figures.map(({ clinic, actuals }) => ({ clinic, actuals, saved: stored.get(clinic.clinicId), targets: stored.get(clinic.clinicId)?.targets ?? {} }));
  const returnRateAsOf: Record<string, string> = {};
  for (const f of figures) if (f.returnAsOf) returnRateAsOf[f.clinic.clinicId] = f.returnAsOf;
  return {
    month: query.month, today, daysInMonth: clock.daysInMonth, dayOfMonth: clock.dayOfMonth, elapsedShare: clock.elapsedShare,
    clinics: rows.map(({ clinic, actuals, saved, targets }) => ({
      clinicId: clinic.clinicId, name: clinic.name, targets, version: saved?.version ?? 0,
      ...(saved?.updatedAt ? { updatedAt: saved.updatedAt } : {}), ...(saved?.updatedBy ? { updatedBy: saved.updatedBy } : {}),
      progress: clinicProgress(targets, actuals, clock),
    })),
    total: scopeProgress(rows, clock),
    returnRateAsOf,
  };
};

/** Replaces one clinic's targets for the month at the version read; null or absent = no target. */
export const setTargets = async (caller: Caller, clinicId: string, month: string, input: TargetsUpdate, now = new Date()) => {
  await visibleClinics(caller, clinicId);
  const targets: Targets = {};
  for (const m of targetMeasures) {
    const value = input[m];
    if (typeof value === 'number') targets[m] = value;
  }
  const written = await putClinicTargets(caller.tenantId, { clinicId, month, targets, versionRead: input.version, by: caller.userId, at: now.toISOString() });
  if (!written) throw staleVersion(`the targets of ${month}`);
  return { clinicId, month, targets, version: input.version + 1, updatedAt: now.toISOString(), updatedBy: caller.userId };
};
