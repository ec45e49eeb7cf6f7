/**
 * Which appointment reminders are due at a moment, in the clinic's time zone: the evening before
 * (from 18:00 on the previous local day) and two hours before the start. The occasion names the
 * appointment's version, so a moved appointment gets new reminders and the old ones go stale.
 */
import { TZDate } from '@date-fns/tz';
import { localDay } from '../time.js';

export type ReminderKind = 'day-before' | 'two-hours';
export const eveningHour = 18;

export type ReminderAppointment = { appointmentId: string; startAt: string; version: number; status: string };

export type ReminderTiming = { dayBeforeHour: number; hoursBefore: number };
const defaultTiming: ReminderTiming = { dayBeforeHour: eveningHour, hoursBefore: 2 };

export const remindersDue = (appointment: ReminderAppointment, now: Date, timeZone: string, timing: ReminderTiming = defaultTiming): ReminderKind[] => {
  if (appointment.status !== 'booked') return [];
  const start = Date.parse(appointment.startAt);
  if (start <= now.getTime()) return [];
  const due: ReminderKind[] = [];
  const tomorrow = localDay(new Date(now.getTime() + 24 * 3600_000), timeZone);
  const localHour = new TZDate(now.getTime(), timeZone).getHours();
  if (localDay(new Date(start), timeZone) === tomorrow && localHour >= timing.dayBeforeHour) due.push('day-before');
  // The occasion keeps its name 'two-hours' whatever the chain set, so a changed setting never resends.
  if (start - now.getTime() <= timing.hoursBefore * 3600_000) due.push('two-hours');
  return due;
};

export const reminderOccasion = (appointment: ReminderAppointment, kind: ReminderKind): string => `appt.${appointment.appointmentId}.v${appointment.version}.${kind}`;

export const reminderTemplates: Record<ReminderKind, string> = {
  'day-before': '{name}您好，提醒您明天{time}在{clinic}就诊。确认请回复1，改约请回复2。',
  'two-hours': '{name}您好，您今天{time}在{clinic}的预约即将开始，请准时到诊。改约请回复2。',
};

/** "10:30" in the clinic's zone. */
export const localTime = (instant: string, timeZone: string): string =>
  new Intl.DateTimeFormat('zh-CN', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(instant));
