/** Invariant 4: stored times are UTC; a clinic's "day" comes from its IANA zone. Calendar-day arithmetic. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantOnLocalDay } from '../../shared/domain/local-instant.js';
import { addDays, addMonths, daysBetween, daysInRange, isValidTimeZone, localDay } from '../../shared/domain/time.js';

describe('localDay', () => {
  it('is the clinic’s calendar day, not UTC’s', () => {
    const lateEveningUtc = new Date('2026-03-01T17:30:00Z');
    expect(localDay(lateEveningUtc, 'Asia/Shanghai')).toBe('2026-03-02');
    expect(localDay(lateEveningUtc, 'UTC')).toBe('2026-03-01');
    expect(localDay(new Date('2026-03-01T06:30:00Z'), 'America/Vancouver')).toBe('2026-02-28');
  });

  it('follows daylight saving where a zone has it', () => {
    // Vancouver: UTC-8 in winter, UTC-7 from 2026-03-08.
    expect(localDay(new Date('2026-03-08T07:30:00Z'), 'America/Vancouver')).toBe('2026-03-07');
    expect(localDay(new Date('2026-03-09T07:30:00Z'), 'America/Vancouver')).toBe('2026-03-09');
    // London: the hour before and after the autumn change (2026-10-25, 01:00 UTC) stays one day.
    expect(localDay(new Date('2026-10-24T23:30:00Z'), 'Europe/London')).toBe('2026-10-25');
    expect(localDay(new Date('2026-10-25T23:30:00Z'), 'Europe/London')).toBe('2026-10-25');
    // Sydney is ahead of UTC and in summer time in January.
    expect(localDay(new Date('2026-01-10T13:30:00Z'), 'Australia/Sydney')).toBe('2026-01-11');
  });
});

describe('addDays', () => {
  it('crosses month ends, the leap day and year ends', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2028-02-29', 1)).toBe('2028-03-01');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01');
    expect(addDays('2000-02-28', 1)).toBe('2000-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-11-22', 3)).toBe('2026-11-25');
    expect(addDays('2026-11-22', 0)).toBe('2026-11-22');
    expect(addDays('2026-01-01', 365)).toBe('2027-01-01');
    expect(addDays('2028-01-01', 365)).toBe('2028-12-31');
  });

  it('goes back for negative offsets', () => {
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-03-31', -30)).toBe('2026-03-01');
    expect(addDays('2026-05-01', -365)).toBe('2025-05-01');
  });

  it('ignores daylight saving and the process zone: a day is a day', () => {
    // Vancouver and London change their clocks on these days; calendar days do not care.
    expect(addDays('2026-03-07', 1)).toBe('2026-03-08');
    expect(addDays('2026-03-08', 1)).toBe('2026-03-09');
    expect(addDays('2026-10-25', 1)).toBe('2026-10-26');
    expect(addDays('2026-11-02', -1)).toBe('2026-11-01');
  });

  it('rolls over a day-of-month past the month end and throws on what is not a date', () => {
    expect(addDays('2026-02-30', 0)).toBe('2026-03-02');
    expect(() => addDays('', 1)).toThrow(RangeError);
    expect(() => addDays('tomorrow', 1)).toThrow(RangeError);
  });
});

describe('daysBetween and daysInRange', () => {
  it('counts whole calendar days from `from` to `to`, negative when `to` is earlier', () => {
    expect(daysBetween('2026-03-01', '2026-03-01')).toBe(0);
    expect(daysBetween('2026-02-28', '2026-03-01')).toBe(1);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(daysBetween('2028-01-01', '2029-01-01')).toBe(366);
    expect(daysBetween('2026-03-01', '2026-02-28')).toBe(-1);
    expect(daysBetween('2027-01-01', '2026-12-31')).toBe(-1);
    // across a daylight-saving change in many zones: still whole days
    expect(daysBetween('2026-03-01', '2026-04-01')).toBe(31);
    expect(daysBetween('2026-10-01', '2026-11-01')).toBe(31);
  });

  it('is NaN for what is not a date', () => {
    expect(daysBetween('2026-03-01', '')).toBeNaN();
  });

  it('daysInRange counts both ends: the length of an inclusive range', () => {
    expect(daysInRange('2026-03-01', '2026-03-01')).toBe(1);
    expect(daysInRange('2026-02-01', '2026-03-02')).toBe(30);
    expect(daysInRange('2028-02-01', '2028-02-29')).toBe(29);
    expect(daysInRange('2026-03-02', '2026-03-01')).toBe(0);
  });

  it('addDays and daysBetween undo each other', () => {
    const day = fc.integer({ min: Date.UTC(1901, 0, 1), max: Date.UTC(2099, 11, 31) }).map((ms) => new Date(ms).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.integer({ min: -20_000, max: 20_000 }), (from, n) => {
        const to = addDays(from, n);
        expect(daysBetween(from, to)).toBe(n);
        expect(addDays(from, daysBetween(from, to))).toBe(to);
      }),
    );
  });
});

describe('addMonths', () => {
  it('clamps to the target month’s last day and crosses years both ways', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
    expect(addMonths('2027-01-15', -1)).toBe('2026-12-15');
    expect(addMonths('2028-02-29', 12)).toBe('2029-02-28');
    expect(addMonths('2026-05-31', 0)).toBe('2026-05-31');
  });
});

describe('isValidTimeZone', () => {
  it('accepts IANA zones and refuses made-up ones and bare offsets', () => {
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('+08:00')).toBe(false);
  });
});

describe('instantOnLocalDay', () => {
  it('is local midnight by default, as a UTC instant', () => {
    expect(instantOnLocalDay('2026-03-02', 'Asia/Shanghai')).toBe('2026-03-01T16:00:00.000Z');
    expect(instantOnLocalDay('2026-03-02', 'UTC')).toBe('2026-03-02T00:00:00.000Z');
    expect(localDay(new Date(instantOnLocalDay('2026-12-31', 'Pacific/Auckland')), 'Pacific/Auckland')).toBe('2026-12-31');
  });

  it('keeps the wall clock across daylight saving', () => {
    // Vancouver: 10:00 is 18:00Z before 2026-03-08 and 17:00Z after.
    expect(instantOnLocalDay('2026-03-07', 'America/Vancouver', { hour: 10 })).toBe('2026-03-07T18:00:00.000Z');
    expect(instantOnLocalDay('2026-03-09', 'America/Vancouver', { hour: 10, minute: 30 })).toBe('2026-03-09T17:30:00.000Z');
    // 02:30 does not exist on the spring-forward night: an hour on, 03:30 PDT.
    expect(instantOnLocalDay('2026-03-08', 'America/Vancouver', { hour: 2, minute: 30 })).toBe('2026-03-08T10:30:00.000Z');
    // Santiago skips midnight itself on 2026-09-06: the day starts at 01:00 (-03).
    expect(instantOnLocalDay('2026-09-06', 'America/Santiago')).toBe('2026-09-06T04:00:00.000Z');
  });
});
