/** The demo's past campaigns wind each patient's facts back to the day they ran (demo-campaigns-facts.ts). */
import { describe, expect, it } from 'vitest';
import { factsOnDay } from '../../functions/local/demo-campaigns-facts.js';
import type { SegmentFacts } from '../../shared/domain/segments/facts.js';

const base: SegmentFacts = {
  patientId: 'P1', clinicId: 'C1', householdKey: 'H1', gender: 'female', channel: 'wechat', tags: [],
  firstVisitDay: '2023-01-10', lastVisitDay: '2026-11-20', visitCount: 5, totalSpendFen: 500_000,
  recentVisitDays: ['2025-03-01', '2026-11-20'], categories: [], procedureIds: [], nextAppointmentDay: '2026-12-10',
  storedValueFen: 0, marketingConsent: true, careConsent: true, openComplaint: false, optedOut: false, deceased: false,
  recentVisits: [{ at: '2025-03-01T02:00:00.000Z', fen: 20_000 }, { at: '2026-11-20T02:00:00.000Z', fen: 30_000 }],
};

describe('factsOnDay', () => {
  it('takes visits on or after the day off the count, the spend and the last visit', () => {
    const then = factsOnDay(base, '2026-10-01', 'Asia/Shanghai');
    expect(then).toMatchObject({ visitCount: 4, totalSpendFen: 470_000, lastVisitDay: '2025-03-01', firstVisitDay: '2023-01-10', recentVisitDays: ['2025-03-01'] });
    expect(then?.recentVisits).toHaveLength(1);
    expect(then?.nextAppointmentDay).toBeUndefined();
  });

  it('keeps a patient whose visits before the day are older than the visit list as last seen at the first visit', () => {
    const then = factsOnDay({ ...base, recentVisits: [{ at: '2026-11-20T02:00:00.000Z', fen: 30_000 }], recentVisitDays: ['2026-11-20'] }, '2026-10-01', 'Asia/Shanghai');
    expect(then).toMatchObject({ visitCount: 4, lastVisitDay: '2023-01-10' });
  });

  it('leaves out a patient who first came on or after the day', () => {
    expect(factsOnDay({ ...base, firstVisitDay: '2026-10-01' }, '2026-10-01', 'Asia/Shanghai')).toBeUndefined();
  });

  it('changes nothing but the appointment for a patient not seen since', () => {
    const then = factsOnDay(base, '2026-12-01', 'Asia/Shanghai');
    expect(then).toMatchObject({ visitCount: 5, totalSpendFen: 500_000, lastVisitDay: '2026-11-20' });
  });
});
