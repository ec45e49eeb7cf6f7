/** Issue 13: monthly targets against the month's figures — pro rata for counts, reached or not for rates. */
import { describe, expect, it } from 'vitest';
import { clinicProgress, combineActuals, monthBounds, monthClock, progressOf, scopeProgress, type ClinicActuals } from '../../shared/domain/plan/targets.js';
import { targetsUpdateSchema } from '../../shared/schemas/plan.js';

const actuals = (over: Partial<ClinicActuals> = {}): ClinicActuals => ({
  visits: 0, revenueFen: 0, newPatients: 0, newMembers: 0, surveys: { answers: 0, promoters: 0, passives: 0, detractors: 0 }, returns: null, ...over,
});

describe('monthClock', () => {
  it('counts whole days before today plus the part of today gone by', () => {
    // 10 June at 12:00: 9.5 of 30 days
    expect(monthClock('2026-06', '2026-06-10', 720)).toEqual({ elapsedShare: 0.3167, daysInMonth: 30, dayOfMonth: 10 });
    expect(monthClock('2026-06', '2026-05-31', 600).elapsedShare).toBe(0);
    expect(monthClock('2026-06', '2026-07-01', 0)).toMatchObject({ elapsedShare: 1, dayOfMonth: 30 });
    expect(monthBounds('2028-02')).toEqual({ first: '2028-02-01', last: '2028-02-29', days: 29 });
  });
});

describe('progressOf', () => {
  it('asks of a count its share of the month so far', () => {
    const clock = { elapsedShare: 0.5 };
    expect(progressOf('visits', 600, 320, clock)).toEqual({ measure: 'visits', target: 600, actual: 320, expected: 300, share: 0.5333, status: 'on-track' });
    expect(progressOf('visits', 600, 250, clock).status).toBe('behind');
    expect(progressOf('visits', 600, 600, clock).status).toBe('met');
  });

  it('holds a rate to the whole target from the first day, and never calls it met before the month ends', () => {
    expect(progressOf('nps', 50, 55, { elapsedShare: 0.1 })).toMatchObject({ expected: 50, status: 'on-track' });
    expect(progressOf('returnRate', 45, 40, { elapsedShare: 0.1 }).status).toBe('behind');
    expect(progressOf('nps', 50, 55, { elapsedShare: 1 }).status).toBe('met');
    expect(progressOf('nps', 50, 45, { elapsedShare: 1 }).status).toBe('missed');
  });

  it('says what is unset, without data, or not begun', () => {
    expect(progressOf('visits', undefined, 10, { elapsedShare: 0.5 }).status).toBe('unset');
    expect(progressOf('nps', 50, null, { elapsedShare: 0.5 }).status).toBe('no-data');
    expect(progressOf('visits', 600, 0, { elapsedShare: 0 }).status).toBe('not-started');
    expect(progressOf('revenueFen', 1_000_000, 990_000, { elapsedShare: 1 }).status).toBe('missed');
  });
});

describe('actuals', () => {
  it('computes NPS as the survey summary does and the return rate in percent', () => {
    const a = actuals({ surveys: { answers: 14, promoters: 9, passives: 3, detractors: 2 }, returns: { returned: 41, eligible: 120 } });
    const progress = clinicProgress({ nps: 40, returnRate: 30 }, a, { elapsedShare: 0.5 });
    expect(progress.find((p) => p.measure === 'nps')?.actual).toBe(50); // round(100 × 7 / 14)
    expect(progress.find((p) => p.measure === 'returnRate')?.actual).toBe(34.2);
  });

  it('adds clinics up from the parts of rates, never averaging rates', () => {
    const a = actuals({ visits: 10, surveys: { answers: 10, promoters: 10, passives: 0, detractors: 0 }, returns: { returned: 1, eligible: 10 } });
    const b = actuals({ visits: 5, surveys: { answers: 30, promoters: 0, passives: 0, detractors: 30 }, returns: null });
    const both = combineActuals([a, b]);
    expect(both.visits).toBe(15);
    expect(both.returns).toEqual({ returned: 1, eligible: 10 });
    // 10 promoters and 30 detractors of 40: −50, where the mean of +100 and −100 would say 0
    expect(clinicProgress({}, both, { elapsedShare: 0.5 }).find((p) => p.measure === 'nps')?.actual).toBe(-50);
  });

  it('sums counts over the clinics that set a target and weights rate targets by each base', () => {
    const rows = [
      { targets: { visits: 100, nps: 80 }, actuals: actuals({ visits: 60, surveys: { answers: 30, promoters: 30, passives: 0, detractors: 0 } }) },
      { targets: { nps: 40 }, actuals: actuals({ visits: 999, surveys: { answers: 10, promoters: 5, passives: 5, detractors: 0 } }) },
    ];
    const total = scopeProgress(rows, { elapsedShare: 0.5 });
    // visits: only the first clinic set a target, so only its 60 count against its 100
    expect(total.find((p) => p.measure === 'visits')).toMatchObject({ target: 100, actual: 60, status: 'on-track' });
    // nps target (80×30 + 40×10)/40 = 70; actual 35 promoters of 40 = 88
    expect(total.find((p) => p.measure === 'nps')).toMatchObject({ target: 70, actual: 88, status: 'on-track' });
    expect(total.find((p) => p.measure === 'newMembers')?.status).toBe('unset');
  });
});

describe('targetsUpdateSchema', () => {
  it('names a negative or fractional count and a rate out of 0–100 with stable codes', () => {
    const bad = targetsUpdateSchema.safeParse({ visits: -1, revenueFen: 10.5, returnRate: 101, nps: -5, version: 0 });
    expect(bad.success).toBe(false);
    const issues = bad.error?.issues.map((i) => [i.path.join('.'), (i as { params?: { code?: string } }).params?.code]);
    expect(issues).toEqual(expect.arrayContaining([['visits', 'number.too_small'], ['revenueFen', 'money.fraction'], ['returnRate', 'number.too_big'], ['nps', 'number.too_small']]));
    expect(targetsUpdateSchema.safeParse({ visits: 600, nps: null, version: 0 }).success).toBe(true);
    expect(targetsUpdateSchema.safeParse({ visits: 600 }).success).toBe(false);
  });
});
