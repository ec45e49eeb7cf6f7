/** The pure calendar rules of birthday/holiday greetings, installment reminders and renewal reminders. */
import { describe, expect, it } from 'vitest';
import { chineseMonthDay } from '../../shared/domain/messaging/day-text.js';
import { birthdayMonthDays, birthdayOccasion, holidayOccasion, holidayOn } from '../../shared/domain/messaging/greetings.js';
import { installmentAction, installmentOccasion } from '../../shared/domain/messaging/installments.js';
import { renewalOccasion, renewalReminderDue, renewalSchedule } from '../../shared/domain/messaging/renewal.js';

describe('birthday greetings', () => {
  it('reads the day’s month-day, and Feb 29 on Feb 28 only in years without one', () => {
    expect(birthdayMonthDays('2026-11-25')).toEqual(['11-25']);
    expect(birthdayMonthDays('2027-02-28')).toEqual(['02-28', '02-29']);
    expect(birthdayMonthDays('2028-02-28')).toEqual(['02-28']);
    expect(birthdayMonthDays('2028-02-29')).toEqual(['02-29']);
    expect(birthdayMonthDays('2100-02-28')).toEqual(['02-28', '02-29']);
    expect(birthdayMonthDays('2000-02-28')).toEqual(['02-28']);
  });

  it('one occasion per year; holidays by date, the first listed on a date', () => {
    expect(birthdayOccasion('2027-02-28')).toBe('birthday.2027');
    expect(holidayOccasion({ date: '2027-01-01' })).toBe('holiday.2027-01-01');
    const days = [
      { date: '2027-05-09', name: '母亲节', template: '{name}节日快乐' },
      { date: '2027-05-09', name: '重复', template: '{name}重复' },
    ];
    expect(holidayOn(days, '2027-05-09')?.name).toBe('母亲节');
    expect(holidayOn(days, '2027-05-10')).toBeUndefined();
  });
});

describe('installment reminders', () => {
  const due = (dueDate: string, status: 'due' | 'paid' = 'due') => ({ dueDate, status });
  it('reminds from N days before the due date up to the day itself; never paid or past-due parts', () => {
    expect(installmentAction(due('2026-11-25'), '2026-11-21', 3)).toBe('wait');
    expect(installmentAction(due('2026-11-25'), '2026-11-22', 3)).toBe('remind');
    expect(installmentAction(due('2026-11-25'), '2026-11-25', 3)).toBe('remind');
    expect(installmentAction(due('2026-11-25'), '2026-11-26', 3)).toBe('drop');
    expect(installmentAction(due('2026-11-25', 'paid'), '2026-11-22', 3)).toBe('drop');
    expect(installmentAction(due('2027-01-02'), '2026-12-30', 3)).toBe('remind');
    expect(installmentOccasion({ visitId: 'V1', n: 2 })).toBe('installment.V1.2');
    expect(chineseMonthDay('2026-11-05')).toBe('11月5日');
    expect(chineseMonthDay('2026-01-25')).toBe('1月25日');
  });
});

describe('renewal reminders', () => {
  const days = [30, 7];
  it('names the reminder due on a day: the nearest configured day at or beyond the days left', () => {
    expect(renewalReminderDue('2027-03-31', '2027-02-28', days)).toBeUndefined();
    expect(renewalReminderDue('2027-03-31', '2027-03-01', days)).toBe(30);
    // A missed 30-day reminder is caught up later, until the 7-day one takes over.
    expect(renewalReminderDue('2027-03-31', '2027-03-20', days)).toBe(30);
    expect(renewalReminderDue('2027-03-31', '2027-03-24', days)).toBe(7);
    expect(renewalReminderDue('2027-03-31', '2027-03-31', days)).toBe(7);
    expect(renewalReminderDue('2027-03-31', '2027-04-01', days)).toBeUndefined();
  });

  it('schedules each reminder day, and one occasion per membership, expiry and day', () => {
    expect(renewalSchedule('2027-03-31', [7, 30])).toEqual([{ daysBefore: 30, on: '2027-03-01' }, { daysBefore: 7, on: '2027-03-24' }]);
    expect(renewalOccasion('M1', '2027-03-31', 7)).toBe('renewal.M1.2027-03-31.7');
  });
});
