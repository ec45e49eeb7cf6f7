/**
 * GET /staffing (人员排班, seed 000 策略六): one clinic's expected load by weekday and hour over the
 * last 13 weeks against its dentists and chairs, with peak and quiet hours and plain advice.
 * Visits come from the newest nightly snapshot's heatmap (its last 90 days), appointments from
 * the clinic-day index (one small query per day). No dentist schedule is recorded, so every
 * dentist assigned to the clinic counts for every opening hour, and the screen says so; where the
 * clinic record has no opening hours or chairs, 09:00–18:00 every day and the chairs the
 * appointments used (else one per dentist) are assumed, and said too.
 */
import type { Caller } from '../../shared/domain/access.js';
import { assumedOpeningHours, staffingPlan, weekdayKeys, type WeeklyHours } from '../../shared/domain/plan/staffing.js';
import { addDays, localDay } from '../../shared/domain/time.js';
import type { StaffingView } from '../../shared/schemas/plan.js';
import { listClinicDay } from '../adapters/dynamo/appointment-repository.js';
import { latestBaseView } from '../adapters/dynamo/kpi-snapshot-repository.js';
import { listStaff } from '../adapters/dynamo/org-repository.js';
import { readClinicCapacity } from '../adapters/dynamo/plan-repository.js';
import { mapLimit } from '../lib/concurrency.js';
import { visibleClinics } from './kpi-scope.js';
import { heatmapDays } from './kpi-snapshot.js';

/** 13 whole weeks: every weekday counted the same number of times. */
export const staffingWindowDays = 91;

const clockTime = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** The clinic record's hours when they are there and well-formed; days it leaves out keep the assumed span. */
const openingHoursOf = (stored: unknown): { hours: WeeklyHours; source: 'clinic' | 'assumed' } => {
  const assumed = assumedOpeningHours();
  if (!stored || typeof stored !== 'object') return { hours: assumed, source: 'assumed' };
  const record = stored as Record<string, unknown>;
  const day = (key: (typeof weekdayKeys)[number]) => {
    const span = record[key];
    if (span === null) return null;
    const s = span as { opens?: unknown; closes?: unknown } | undefined;
    return typeof s?.opens === 'string' && typeof s.closes === 'string' && clockTime.test(s.opens) && clockTime.test(s.closes) ? { opens: s.opens, closes: s.closes } : assumed[key];
  };
  return { hours: Object.fromEntries(weekdayKeys.map((k) => [k, day(k)])) as WeeklyHours, source: 'clinic' };
};

export const clinicStaffing = async (caller: Caller, clinicId: string, now = new Date()): Promise<StaffingView> => {
  const [clinic] = await visibleClinics(caller, clinicId);
  if (!clinic) throw new Error('visibleClinics answered no clinic for an id it accepted');
  const today = localDay(now, clinic.timeZone);
  const from = addDays(today, -staffingWindowDays);
  const days = Array.from({ length: staffingWindowDays }, (_, i) => addDays(from, i));
  const [capacity, staff, snapshot, perDay] = await Promise.all([
    readClinicCapacity(caller.tenantId, clinicId),
    listStaff(caller.tenantId),
    latestBaseView(caller.tenantId, clinicId),
    mapLimit(days, { limit: 8 }, (day) => listClinicDay(caller.tenantId, clinicId, day)),
  ]);
  const appointments = perDay.flat();
  const dentists = staff.filter((s) => s.role === 'dentist' && s.status !== 'disabled' && s.clinicIds.includes(clinicId));
  const opening = openingHoursOf(capacity.openingHours);
  const storedChairs = Array.isArray(capacity.chairs) ? capacity.chairs.filter((c) => typeof c === 'string') : [];
  const usedChairs = new Set(appointments.filter((a) => a.status !== 'cancelled').map((a) => a.chair));
  const chairs = storedChairs.length > 0
    ? { count: storedChairs.length, source: 'clinic' as const }
    : usedChairs.size > 0 ? { count: usedChairs.size, source: 'appointments' as const } : { count: dentists.length, source: 'dentists' as const };
  const snapshotDay = snapshot && !snapshot.empty && snapshot.asOf ? localDay(new Date(snapshot.asOf), clinic.timeZone) : undefined;
  const visits = snapshot && snapshotDay ? { grid: snapshot.heatmap, from: addDays(snapshotDay, -(heatmapDays - 1)), to: addDays(snapshotDay, 1) } : null;
  const plan = staffingPlan({
    timeZone: clinic.timeZone, openingHours: opening.hours, chairs: chairs.count, dentists: dentists.length, visits,
    appointments: { items: appointments, from, to: today },
  });
  return {
    clinicId, name: clinic.name, timeZone: clinic.timeZone, from, to: today,
    ...(visits ? { visitsFrom: visits.from, visitsTo: visits.to } : {}),
    openingHours: opening.hours, chairs: chairs.count,
    dentists: dentists.map((d) => ({ userId: d.userId, displayName: d.displayName })),
    assumptions: { openingHours: opening.source, chairs: chairs.source, schedule: 'assigned-dentists' },
    ...plan,
  };
};
