/** Issue 13: a clash suggests the nearest free times for that dentist and chair. */
import { describe, expect, it } from 'vitest';
import { nearestFreeStarts, type BookedSpan } from '../../shared/domain/appointment-slots.js';

const at = (hhmm: string) => `2026-12-07T${hhmm}:00.000Z`;
const span = (from: string, to: string, over: Partial<BookedSpan> = {}): BookedSpan => ({ startAt: at(from), endAt: at(to), dentistId: 'D1', chair: 'C1', status: 'booked', ...over });

describe('nearest free starts', () => {
  const base = { dentistId: 'D1', chair: 'C1', durationMinutes: 30, dayStart: at('01:00'), dayEnd: at('10:00'), notBefore: at('00:00') };

  it('skips the dentist\'s and the chair\'s appointments, nearest first, at most three, in time order', () => {
    const booked = [span('02:00', '02:45'), span('03:00', '03:30', { dentistId: 'D2' }), span('01:00', '01:30', { chair: 'C9' })];
    // wanted 02:15: the dentist is busy 01:00–01:30 and 02:00–02:45, the chair 02:00–02:45 and 03:00–03:30,
    // so 02:45 (runs into 03:00) is not free: 01:30 is 45 min away, 03:30 75, 03:45 90
    expect(nearestFreeStarts({ ...base, booked, wanted: at('02:15') })).toEqual([at('01:30'), at('03:30'), at('03:45')]);
  });

  it('ignores cancelled appointments, stays inside the day and never offers the past', () => {
    const booked = [span('02:00', '02:45', { status: 'cancelled' })];
    expect(nearestFreeStarts({ ...base, booked, wanted: at('02:00'), count: 1 })).toEqual([at('02:00')]);
    expect(nearestFreeStarts({ ...base, booked: [], wanted: at('09:45'), count: 2 })).toEqual([at('09:15'), at('09:30')]);
    expect(nearestFreeStarts({ ...base, booked: [], wanted: at('01:00'), notBefore: at('05:05'), count: 1 })).toEqual([at('05:15')]);
  });
});
