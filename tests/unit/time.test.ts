/** Invariant 4: stored times are UTC; a clinic's "day" comes from its IANA zone. */
import { describe, expect, it } from 'vitest';
import { isValidTimeZone, localDay } from '../../shared/domain/time.js';

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
  });
});

describe('isValidTimeZone', () => {
  it('accepts IANA zones and refuses made-up ones and bare offsets', () => {
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('+08:00')).toBe(false);
  });
});
