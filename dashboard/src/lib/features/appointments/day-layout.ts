/**
 * Where appointments sit on the day grid: one column per dentist or chair, a vertical position
 * from the clinic's wall clock, and side-by-side lanes when two overlap in one column (a
 * cancelled appointment frees its slot, so a new one may sit on top of it). Pure.
 */
import type { Appointment } from '../../api/types';
import { minutesOfDay } from '../../format/clinic-time';
import type { ScheduleColumns } from '../../state/router.svelte';

export const gridStartMinutes = 8 * 60;
export const gridEndMinutes = 20 * 60;
export const slotMinutes = 15;

export type PlacedAppointment = {
  appointment: Appointment;
  /** minutes from the grid's start (08:00), clamped to the grid */
  start: number;
  end: number;
  lane: number;
  lanes: number;
  /** starts before 08:00 or ends after 20:00 */
  clipped: boolean;
};

export type DayColumn = { key: string; label: string; items: PlacedAppointment[] };

const assignLanes = (items: PlacedAppointment[]): PlacedAppointment[] => {
  const sorted = [...items].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: PlacedAppointment[] = [];
  let cluster: PlacedAppointment[] = [];
  let clusterEnd = -1;
  const flush = (): void => {
    const laneEnds: number[] = [];
    for (const item of cluster) {
      let lane = laneEnds.findIndex((end) => end <= item.start);
      if (lane === -1) lane = laneEnds.push(item.end) - 1;
      else laneEnds[lane] = item.end;
      item.lane = lane;
    }
    for (const item of cluster) out.push({ ...item, lanes: laneEnds.length });
    cluster = [];
  };
  for (const item of sorted) {
    if (cluster.length > 0 && item.start >= clusterEnd) flush();
    cluster.push(item);
    clusterEnd = Math.max(clusterEnd, item.end);
  }
  if (cluster.length > 0) flush();
  return out;
};

const place = (appointment: Appointment, timeZone: string, day: string): PlacedAppointment => {
  const startDay = appointment.localDay;
  const rawStart = startDay < day ? 0 : minutesOfDay(appointment.startAt, timeZone);
  const duration = Math.max(slotMinutes, (Date.parse(appointment.endAt) - Date.parse(appointment.startAt)) / 60_000);
  const rawEnd = rawStart + duration;
  const top = Math.min(Math.max(rawStart, gridStartMinutes), gridEndMinutes - slotMinutes);
  const bottom = Math.max(Math.min(rawEnd, gridEndMinutes), top + slotMinutes);
  return {
    appointment,
    start: top - gridStartMinutes,
    end: bottom - gridStartMinutes,
    lane: 0,
    lanes: 1,
    clipped: rawStart < gridStartMinutes || rawEnd > gridEndMinutes,
  };
};

const naturalOrder = (a: string, b: string): number => a.localeCompare(b, 'zh-CN', { numeric: true });

/**
 * Columns for one clinic day. `dentists` adds empty columns for dentists without appointments (when
 * the staff list is readable), so a free dentist is still bookable from the grid.
 */
export const layoutDay = (
  appointments: readonly Appointment[],
  by: ScheduleColumns,
  timeZone: string,
  day: string,
  dentists: ReadonlyArray<{ userId: string; name: string }> = [],
): DayColumn[] => {
  const columns = new Map<string, { label: string; items: PlacedAppointment[] }>();
  if (by === 'dentist') for (const d of dentists) columns.set(d.userId, { label: d.name, items: [] });
  for (const appointment of appointments) {
    const key = by === 'dentist' ? appointment.dentistId : appointment.chair;
    const label = by === 'dentist' ? appointment.dentistName : appointment.chair;
    let column = columns.get(key);
    if (!column) columns.set(key, (column = { label, items: [] }));
    column.items.push(place(appointment, timeZone, day));
  }
  const list = [...columns.entries()].map(([key, c]) => ({ key, label: c.label, items: assignLanes(c.items) }));
  return by === 'chair' ? list.sort((a, b) => naturalOrder(a.label, b.label)) : list;
};

/** "08:00" … "19:45": the start times a booking may choose. */
export const startTimes = (): string[] => {
  const out: string[] = [];
  for (let m = gridStartMinutes; m < gridEndMinutes; m += slotMinutes) out.push(`${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
  return out;
};

/** 15 … 240 minutes. */
export const durations = (): number[] => Array.from({ length: 240 / slotMinutes }, (_, i) => (i + 1) * slotMinutes);

export const durationOf = (appointment: Pick<Appointment, 'startAt' | 'endAt'>): number =>
  Math.round((Date.parse(appointment.endAt) - Date.parse(appointment.startAt)) / 60_000);
