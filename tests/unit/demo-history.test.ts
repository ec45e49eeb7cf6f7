/** The demo history generator: deterministic, seasonal, and internally consistent. */
import { describe, expect, it } from 'vitest';
import { defaultCatalog } from '../../shared/domain/catalog-defaults.js';
import { counterNames, sumRollups } from '../../shared/domain/kpi/index.js';
import { addDays, daysBetween, localDay } from '../../shared/domain/time.js';
import { generateDemoHistory, type DemoClinic, type DemoHistoryInput } from '../../functions/local/demo-history.js';
import { inSpringFestivalWeek, springFestival } from '../../functions/local/demo-history-calendar.js';

const catalog = defaultCatalog.map((d) => ({ ...d, procedureId: `P-${d.code}`, clinicPrices: {}, active: true, updatedAt: '2026-01-01T00:00:00.000Z' }));
const chairs = (clinic: string, n: number) => Array.from({ length: n }, (_, i) => ({ chair: `${i + 1}号椅`, dentistId: `D-${clinic}-${i}`, dentistName: `医生${i}` }));
const clinics: DemoClinic[] = [
  { clinicId: 'JA', name: '静安店', timeZone: 'Asia/Shanghai', openedOn: '2023-01-01', share: 0.4, chairs: chairs('JA', 3) },
  { clinicId: 'TH', name: '天河店', timeZone: 'Asia/Shanghai', openedOn: '2023-01-01', share: 0.35, chairs: chairs('TH', 3) },
  { clinicId: 'PD', name: '浦东店', timeZone: 'Asia/Shanghai', openedOn: '2025-09-01', share: 0.25, chairs: chairs('PD', 2) },
];
const input = (patients: number, seed?: number): DemoHistoryInput => ({
  clinics, catalog, frontdeskId: 'FD', now: new Date('2026-11-22T08:00:00.000Z'), patients, ...(seed !== undefined ? { seed } : {}),
});

describe('generateDemoHistory', () => {
  it('gives the same chain for the same seed and moment, and another one for another seed', () => {
    const a = generateDemoHistory(input(150));
    const b = generateDemoHistory(input(150));
    expect(JSON.stringify({ ...a, visitors: [...a.visitors] })).toBe(JSON.stringify({ ...b, visitors: [...b.visitors] }));
    const c = generateDemoHistory(input(150, 7));
    expect(c.patients.map((p) => p.patientId)).not.toEqual(a.patients.map((p) => p.patientId));
  });

  const history = generateDemoHistory(input(2_000));

  it('is busier per day in July than in the 春节 week, and busier than usual before 春节', () => {
    const perDay = new Map<string, number>();
    for (const v of history.visits) {
      const day = localDay(new Date(v.visitedAt), 'Asia/Shanghai');
      perDay.set(day, (perDay.get(day) ?? 0) + 1);
    }
    const average = (days: string[]) => days.reduce((sum, d) => sum + (perDay.get(d) ?? 0), 0) / days.length;
    const allDays = Array.from({ length: 3 * 365 }, (_, i) => addDays('2023-11-23', i));
    const july = allDays.filter((d) => d.slice(5, 7) === '07');
    const festivalWeeks = allDays.filter(inSpringFestivalWeek);
    const beforeFestival = allDays.filter((d) => {
      const festival = springFestival[Number(d.slice(0, 4))];
      return festival !== undefined && daysBetween(festival, d) >= -22 && daysBetween(festival, d) < -1;
    });
    expect(festivalWeeks.length).toBeGreaterThanOrEqual(16);
    expect(average(july)).toBeGreaterThan(3 * average(festivalWeeks));
    expect(average(beforeFestival)).toBeGreaterThan(average(allDays));
  });

  it('keeps summaries, rollups and the records they come from in agreement', () => {
    for (const { patientId, summary } of history.summaries) {
      const visits = history.visits.filter((v) => v.patientId === patientId);
      expect(summary.visitCount).toBe(visits.length);
      expect(summary.totalSpendFen).toBe(visits.reduce((sum, v) => sum + v.totalFen, 0));
      expect(summary.lastVisitAt).toBe(visits.map((v) => v.visitedAt).sort().at(-1));
    }
    const totals = sumRollups(history.rollups.map((d) => d.counters));
    expect(totals[counterNames.visits]).toBe(history.visits.length);
    expect(totals[counterNames.revenueFen]).toBe(history.visits.reduce((sum, v) => sum + v.totalFen, 0));
    expect(totals[counterNames.newPatients]).toBe(history.summaries.length);
    expect(totals[counterNames.appointments.booked]).toBe(history.appointments.length);
    const noShows = history.appointments.filter((a) => a.status === 'no-show').length;
    const past = history.appointments.filter((a) => a.status !== 'booked').length;
    // ~8% of past bookings end in a no-show.
    expect(noShows / past).toBeGreaterThan(0.04);
    expect(noShows / past).toBeLessThan(0.14);
  });

  it('prices every line from the catalog and pays every visit in full, in integer fen', () => {
    const byCode = new Map(catalog.map((p) => [p.code, p]));
    for (const v of history.visits) {
      for (const line of v.lines) {
        expect(line.unitPriceFen).toBe(byCode.get(line.code)?.priceFen);
        expect(line.category).toBe(byCode.get(line.code)?.category);
        expect(line.amountFen).toBe(line.unitPriceFen * line.quantity);
      }
      // A demo coupon redeemed at the visit takes its amount off too (demo-history-coupons.ts).
      expect(v.totalFen).toBe(v.subtotalFen - v.discountFen - (v.couponDiscountFen ?? 0));
      if (v.coupon) expect(v.couponDiscountFen).toBe(v.coupon.amountFen);
      expect(v.payments.reduce((sum, p) => sum + p.amountFen, 0)).toBe(v.totalFen);
      for (const n of [v.totalFen, v.subtotalFen, v.discountFen, ...v.payments.map((p) => p.amountFen)]) expect(Number.isSafeInteger(n)).toBe(true);
    }
  });
});
