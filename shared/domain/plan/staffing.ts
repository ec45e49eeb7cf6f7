/**
 * Staffing by weekday and hour (seed 000, 策略六 人员排班): from the last three months' visits and
 * appointments, how many patients a clinic should expect in each weekday-hour, set against what
 * its dentists and chairs can take, with the peaks (高峰: add part-time help, paid by the day) and
 * the quiet hours (平峰: one or two fewer people) said in plain words. Pure: the service reads
 * the nightly visit heatmap, the appointments, the clinic's hours and chairs and its dentists.
 *
 * Demand in an hour is the larger of two averages per occurrence of that weekday: visits seen
 * (walk-ins included) and appointments booked (no-shows included: someone was there for them).
 * What one dentist can take is 60 minutes over the clinic's average appointment length; a dentist
 * is planned busy at most `targetUtilization` of the hour, so a short wait stays short.
 */
import { TZDate } from '@date-fns/tz';
import { addDays, daysBetween, localDay } from '../time.js';

export const weekdayKeys = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekdayKey = (typeof weekdayKeys)[number];
/** Local wall-clock "HH:MM" spans per weekday; null = closed (the clinic record's shape). */
export type WeeklyHours = Record<WeekdayKey, { opens: string; closes: string } | null>;

/** Clinics here open every day; without hours on the clinic record this is assumed. */
export const assumedOpeningHours = (): WeeklyHours =>
  Object.fromEntries(weekdayKeys.map((d) => [d, { opens: '09:00', closes: '18:00' }])) as WeeklyHours;

export const targetUtilization = 0.8;
/** An hour this many times the clinic's usual is a peak (高峰), at most `quietFactor` quiet (平峰). */
export const peakFactor = 1.5;
export const quietFactor = 0.5;
/** A peak below one patient an hour needs nobody extra; a quiet spell shorter than two hours is not worth a shift change. */
const minimumPeakDemand = 1;
const minimumQuietHours = 2;
const defaultAppointmentMinutes = 30;

export type StaffingAppointment = { startAt: string; endAt: string; status: string };

export type StaffingInput = {
  timeZone: string;
  openingHours: WeeklyHours;
  chairs: number;
  dentists: number;
  /** visits per [weekday Mon..Sun][hour] over local days [from, to) */
  visits: { grid: readonly (readonly number[])[]; from: string; to: string } | null;
  /** appointments whose local day falls in [from, to) are counted; cancelled ones are not */
  appointments: { items: readonly StaffingAppointment[]; from: string; to: string };
};

export type StaffingLevel = 'closed' | 'outside' | 'quiet' | 'normal' | 'peak' | 'over';

export type StaffingCell = {
  open: boolean;
  /** patients expected in the hour (two decimals) */
  demand: number;
  visitsPerHour: number;
  bookedPerHour: number;
  dentistsNeeded: number;
  level: StaffingLevel;
};

export type AdviceKind = 'add-dentist' | 'add-help' | 'fewer-people';

export type StaffingAdvice = {
  kind: AdviceKind;
  /** 0 = Monday … 6 = Sunday; several when the same span repeats */
  weekdays: number[];
  fromHour: number;
  /** exclusive: 9–12 is 09:00 to 12:00 */
  toHour: number;
  /** the span's busiest (or, for fewer people, quietest) hour's expected patients */
  demand: number;
  /** dentists to add (add-dentist) or that could be spared (fewer-people; 0 = fewer support staff) */
  people: number;
};

export type StaffingPlan = {
  /** [weekday Mon..Sun][hour 0..23] */
  cells: StaffingCell[][];
  /** the hours worth a column: open ones and any with patients */
  hours: number[];
  averageMinutes: number;
  /** mean expected patients over the open hours of the week */
  usualDemand: number;
  /** dentists who can work at once: the fewer of dentists and chairs */
  available: number;
  /** patients an hour the available dentists take at the target utilization */
  capacityPerHour: number;
  visitsCounted: number;
  appointmentsCounted: number;
  advice: StaffingAdvice[];
};

const round2 = (n: number): number => Math.round(n * 100) / 100;
const minutesOf = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
/** 0 = Monday, from a calendar day. */
const weekdayOfDay = (day: string): number => (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;

/** How many times each weekday occurs in local days [from, to). */
export const weekdayOccurrences = (from: string, to: string): number[] => {
  const counts = [0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < daysBetween(from, to); i++) counts[weekdayOfDay(addDays(from, i))]! += 1;
  return counts;
};

/** An hour is open when the day's span covers any part of it. */
export const isOpenHour = (hours: WeeklyHours, weekday: number, hour: number): boolean => {
  const span = hours[weekdayKeys[weekday] ?? 'mon'];
  return span !== null && minutesOf(span.opens) < (hour + 1) * 60 && minutesOf(span.closes) > hour * 60;
};

const emptyGrid = (): number[][] => Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));

/** Appointment starts per weekday-hour in the clinic's zone, and their mean length in minutes. */
const bookedGrid = (input: StaffingInput): { grid: number[][]; count: number; averageMinutes: number } => {
  const grid = emptyGrid();
  let count = 0;
  let minutes = 0;
  for (const a of input.appointments.items) {
    if (a.status === 'cancelled') continue;
    const start = Date.parse(a.startAt);
    const day = localDay(new Date(start), input.timeZone);
    if (day < input.appointments.from || day >= input.appointments.to) continue;
    const local = new TZDate(start, input.timeZone);
    grid[(local.getDay() + 6) % 7]![local.getHours()]! += 1;
    count += 1;
    minutes += Math.max(0, (Date.parse(a.endAt) - start) / 60_000);
  }
  const averageMinutes = count === 0 ? defaultAppointmentMinutes : Math.min(240, Math.max(15, Math.round(minutes / count)));
  return { grid, count, averageMinutes };
};

const levelOf = (cell: Omit<StaffingCell, 'level'>, available: number, usual: number): StaffingLevel => {
  if (!cell.open) return cell.demand >= 0.5 ? 'outside' : 'closed';
  if (cell.dentistsNeeded > available) return 'over';
  if (cell.demand >= minimumPeakDemand && cell.demand >= peakFactor * usual) return 'peak';
  if (cell.demand <= quietFactor * usual) return 'quiet';
  return 'normal';
};

export const staffingPlan = (input: StaffingInput): StaffingPlan => {
  const booked = bookedGrid(input);
  const visitDays = input.visits ? weekdayOccurrences(input.visits.from, input.visits.to) : [0, 0, 0, 0, 0, 0, 0];
  const bookedDays = weekdayOccurrences(input.appointments.from, input.appointments.to);
  const available = Math.max(0, Math.min(input.dentists, input.chairs));
  const perDentist = 60 / booked.averageMinutes;
  const raw = Array.from({ length: 7 }, (_, w) => Array.from({ length: 24 }, (_, h) => {
    const visitsPerHour = visitDays[w] ? (input.visits?.grid[w]?.[h] ?? 0) / visitDays[w]! : 0;
    const bookedPerHour = bookedDays[w] ? (booked.grid[w]?.[h] ?? 0) / bookedDays[w]! : 0;
    const demand = Math.max(visitsPerHour, bookedPerHour);
    return {
      open: isOpenHour(input.openingHours, w, h),
      demand: round2(demand),
      visitsPerHour: round2(visitsPerHour),
      bookedPerHour: round2(bookedPerHour),
      dentistsNeeded: demand <= 0 ? 0 : Math.ceil(demand / perDentist / targetUtilization - 1e-9),
    };
  }));
  const open = raw.flat().filter((c) => c.open);
  const usual = open.length === 0 ? 0 : open.reduce((s, c) => s + c.demand, 0) / open.length;
  const cells = raw.map((row) => row.map((c) => ({ ...c, level: levelOf(c, available, usual) })));
  const hours = Array.from({ length: 24 }, (_, h) => h).filter((h) => cells.some((row) => row[h]?.open || (row[h]?.demand ?? 0) > 0));
  const visitsCounted = input.visits ? input.visits.grid.flat().reduce((s, n) => s + n, 0) : 0;
  return {
    cells, hours, averageMinutes: booked.averageMinutes, usualDemand: round2(usual), available,
    capacityPerHour: round2(available * perDentist * targetUtilization), visitsCounted, appointmentsCounted: booked.count,
    advice: adviceOf(cells, available),
  };
};

type Span = { kind: AdviceKind; weekday: number; fromHour: number; toHour: number; demand: number; people: number };

const kindOf = (level: StaffingLevel): AdviceKind | undefined =>
  level === 'over' ? 'add-dentist' : level === 'peak' ? 'add-help' : level === 'quiet' ? 'fewer-people' : undefined;

/** Runs of the same advice within each weekday. */
const spansOf = (cells: StaffingCell[][], available: number): Span[] => {
  const spans: Span[] = [];
  cells.forEach((row, weekday) => {
    let current: Span | undefined;
    row.forEach((cell, hour) => {
      const kind = kindOf(cell.level);
      if (current && current.kind === kind && current.toHour === hour) {
        current.toHour = hour + 1;
        current.demand = kind === 'fewer-people' ? Math.min(current.demand, cell.demand) : Math.max(current.demand, cell.demand);
        current.people = kind === 'add-dentist' ? Math.max(current.people, cell.dentistsNeeded - available) : kind === 'fewer-people' ? Math.min(current.people, available - Math.max(1, cell.dentistsNeeded)) : 0;
        return;
      }
      if (current) spans.push(current);
      current = kind === undefined ? undefined : {
        kind, weekday, fromHour: hour, toHour: hour + 1, demand: cell.demand,
        people: kind === 'add-dentist' ? cell.dentistsNeeded - available : kind === 'fewer-people' ? available - Math.max(1, cell.dentistsNeeded) : 0,
      };
    });
    if (current) spans.push(current);
  });
  return spans.map((s) => ({ ...s, people: Math.max(0, s.people) }));
};

const maxPerKind: Record<AdviceKind, number> = { 'add-dentist': 6, 'add-help': 4, 'fewer-people': 4 };

/**
 * Advice, most useful first: short-handed hours, then peaks, then quiet spells of two hours or
 * more; the same span on several weekdays is said once ("Sat, Sun 9–12").
 */
export const adviceOf = (cells: StaffingCell[][], available: number): StaffingAdvice[] => {
  const spans = spansOf(cells, available).filter((s) => s.kind !== 'fewer-people' || s.toHour - s.fromHour >= minimumQuietHours);
  const merged = new Map<string, StaffingAdvice>();
  for (const s of spans) {
    const key = `${s.kind}|${s.fromHour}|${s.toHour}|${s.people}`;
    const found = merged.get(key);
    if (found) {
      found.weekdays.push(s.weekday);
      found.demand = s.kind === 'fewer-people' ? Math.min(found.demand, s.demand) : Math.max(found.demand, s.demand);
    } else merged.set(key, { kind: s.kind, weekdays: [s.weekday], fromHour: s.fromHour, toHour: s.toHour, demand: s.demand, people: s.people });
  }
  const weight = (a: StaffingAdvice) => a.weekdays.length * (a.toHour - a.fromHour) * (a.kind === 'fewer-people' ? 1 : a.demand) * (a.kind === 'add-dentist' ? a.people : 1);
  const order: AdviceKind[] = ['add-dentist', 'add-help', 'fewer-people'];
  return order.flatMap((kind) => [...merged.values()].filter((a) => a.kind === kind).sort((a, b) => weight(b) - weight(a) || a.weekdays[0]! - b.weekdays[0]! || a.fromHour - b.fromHour).slice(0, maxPerKind[kind]));
};
