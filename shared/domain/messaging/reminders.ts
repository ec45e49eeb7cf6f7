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

/**
 * What the patient is told when staff move or cancel an appointment. Neither names a treatment
 * (invariant 9): only the clinic and the time. Sent once per change: the change notice's occasion
 * names the version and the new start, so a second move is a new notice and the first goes stale.
 */
export const appointmentNoticeTemplates = {
  moved: '{name}您好，您在{clinic}的预约已改至{time}，请按新时间到诊。如需再改约请回复2。',
  cancelled: '{name}您好，您在{clinic}{time}的预约已取消。如需重新预约请致电门店或回复2。',
} as const;

const compactStart = (startAt: string): string => startAt.slice(0, 16).replace(/[-:]/g, '');

export const changeNoticeOccasion = (appointment: Pick<ReminderAppointment, 'appointmentId' | 'version' | 'startAt'>): string =>
  `appt.${appointment.appointmentId}.v${appointment.version}.moved.${compactStart(appointment.startAt)}`;
export const cancelNoticeOccasion = (appointment: Pick<ReminderAppointment, 'appointmentId' | 'version'>): string => `appt.${appointment.appointmentId}.v${appointment.version}.cancelled`;

/** The version a message about this appointment was sent for, from its occasion (undefined: another appointment). */
export const occasionVersion = (occasion: string, appointmentId: string): number | undefined => {
  const match = new RegExp(`^appt\\.${appointmentId}\\.v(\\d+)\\.`).exec(occasion);
  return match ? Number(match[1]) : undefined;
};

/**
 * A cancellation is worth a message when the patient was already reminded of the appointment, or
 * when it is close enough that they may be planning their day around it; a booking cancelled weeks
 * ahead (usually at the patient's own request) needs no SMS.
 */
export const cancelNoticeWithinDays = 3;

/** "3月12日 10:30" in the clinic's zone. */
export const localDateTime = (instant: string, timeZone: string): string => {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return `${parts.month}月${parts.day}日 ${parts.hour}:${parts.minute}`;
};

/** "10:30" in the clinic's zone. */
export const localTime = (instant: string, timeZone: string): string =>
  new Intl.DateTimeFormat('zh-CN', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(instant));
