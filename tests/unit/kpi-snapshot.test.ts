import { describe, expect, it } from 'vitest';
import { cohortRetention } from '../../shared/domain/kpi/cohorts.js';
import { baseListKey, listSegment, parseListKey, visitorsListKey } from '../../shared/domain/kpi/list-keys.js';
import type { PatientFacts } from '../../shared/domain/kpi/patient-facts.js';
import type { PatientRecord } from '../../shared/domain/patient.js';
import { kpiListKeyPattern, kpiOverviewQuerySchema } from '../../shared/schemas/kpi.js';
import type { RecallRule } from '../../shared/schemas/catalog.js';
import { recallDuesOf } from '../../functions/services/kpi-facts.js';
import type { RawPatient } from '../../functions/adapters/dynamo/patient-facts-reader.js';

const cleaning: RecallRule = { kind: 'interval', group: 'cleaning', months: 6 };
const rules = new Map<string, RecallRule | null>([['proc-clean', cleaning], ['proc-exam', null]]);
const raw = (visits: [string, string[]][], recalls: { group: string; dueDate: string }[] = []): RawPatient => ({
  profile: { patientId: 'P1', clinicId: 'C1' } as PatientRecord,
  visits: visits.map(([day, procedureIds]) => ({ visitedAt: `${day}T02:00:00.000Z`, totalFen: 100, procedureIds })),
  recalls,
});

describe('recall dues rebuilt from visits', () => {
  it('a due that came before the next cleaning counts; one replaced by an early cleaning does not', () => {
    // Cleaned Jan 10 → due Jul 10; came back Aug 1 (after due): Jul 10 fell due. Next due Feb 1;
    // came Dec 1 (early): Feb 1 never came up. Current due Jun 1 stays.
    const dues = recallDuesOf(raw([['2025-01-10', ['proc-clean']], ['2025-08-01', ['proc-clean', 'proc-exam']], ['2025-12-01', ['proc-clean']]]), rules, 'Asia/Shanghai');
    expect(dues.map((d) => d.dueDate)).toEqual(['2025-07-10', '2026-06-01']);
  });

  it('visits without a recall rule change nothing; stored recalls are added as they are', () => {
    const dues = recallDuesOf(raw([['2025-01-10', ['proc-exam']]], [{ group: 'implant', dueDate: '2026-01-10' }]), rules, 'Asia/Shanghai');
    expect(dues).toEqual([{ group: 'implant', dueDate: '2026-01-10', patientId: 'P1' }]);
  });
});

describe('cohort retention', () => {
  const fact = (patientId: string, days: string[]): PatientFacts => ({
    patientId, clinicId: 'C1', channel: 'wechat', visits: days.map((d) => ({ at: `${d}T02:00:00.000Z`, totalFen: 100 })), totalSpentFen: 100 * days.length, visitsCount: days.length,
  });
  it('rows are the 12 months up to asOf; month k is the share back in the k-th month after; future months are null', () => {
    const rows = cohortRetention([fact('A', ['2026-05-03', '2026-06-20']), fact('B', ['2026-05-30', '2026-07-01']), fact('C', ['2026-06-01'])], { asOf: '2026-07-15T04:00:00Z' });
    expect(rows.map((r) => r.cohort)).toEqual(['2025-08', '2025-09', '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07']);
    const may = rows.find((r) => r.cohort === '2026-05');
    expect(may?.size).toBe(2);
    expect(may?.months.slice(0, 3)).toEqual([0.5, 0.5, null]);
    expect(rows.find((r) => r.cohort === '2026-06')?.months[0]).toBe(0);
    expect(rows.find((r) => r.cohort === '2025-08')).toMatchObject({ size: 0, months: Array(12).fill(null) });
  });
});

describe('list keys and the overview range', () => {
  it('round-trip and match the API pattern, whatever the data segment holds', () => {
    for (const metric of ['activity.at-risk', `ltv.referrer.${listSegment('partner:GYM_01')}`, `ltv.channel.${listSegment('微信 群')}`]) {
      const key = baseListKey('2026-07-15', 'chain', metric);
      expect(key).toMatch(kpiListKeyPattern);
      expect(parseListKey(key)).toEqual({ kind: 'base', asOfDay: '2026-07-15', scope: 'chain', metric });
    }
    expect(listSegment('微信 群')).not.toBe(listSegment('微信_群'));
    expect(parseListKey(visitorsListKey('2026-07-01', '2026-07-15'))).toEqual({ kind: 'visitors', from: '2026-07-01', to: '2026-07-15' });
  });

  it('allows 1 to 400 days, inclusive', () => {
    expect(kpiOverviewQuerySchema.safeParse({ from: '2026-01-01', to: '2026-01-01' }).success).toBe(true);
    expect(kpiOverviewQuerySchema.safeParse({ from: '2025-01-01', to: '2026-02-04' }).success).toBe(true);
    expect(kpiOverviewQuerySchema.safeParse({ from: '2025-01-01', to: '2026-02-05' }).success).toBe(false);
  });
});
