/**
 * Counting a segment (issue 12 item 1), on DynamoDB Local, 100,000 patients in 5 clinics with
 * 2% changed since the last compaction:
 * - segment_count_rcu_100k: read units to count a five-condition segment ("dormant, high value,
 *   consented, no appointment, in these clinics"). Goal ≤ 1,000.
 * - segment_count_ms_100k: its median time; segment_count_ratio: that time over reading the same
 *   facts raw (readSegmentFacts alone), rounds interleaved. Goal ≤ 1.5.
 * The facts are written straight through the facts repository, not by creating 100k patients.
 */
import { ulid } from 'ulid';
import type { ConditionGroup } from '../../shared/domain/segments/conditions.js';
import type { SegmentFacts } from '../../shared/domain/segments/facts.js';
import { localDay } from '../../shared/domain/time.js';
import { syntheticFacts } from '../support/synthetic-facts.js';
import type { Capture } from './clinic-ops.js';

type Emit = (metric: string, value: number, unit: string, extra?: Record<string, unknown>) => void;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

const storeChain = async (tenantId: string, facts: readonly SegmentFacts[], at: string): Promise<void> => {
  const { replaceClinicFacts, putFactsDelta } = await import('../../functions/adapters/dynamo/segment-facts-repository.js');
  const { mapLimit } = await import('../../functions/lib/concurrency.js');
  const byClinic = new Map<string, SegmentFacts[]>();
  for (const f of facts) byClinic.set(f.clinicId, [...(byClinic.get(f.clinicId) ?? []), f]);
  for (const [clinicId, list] of byClinic) await replaceClinicFacts(tenantId, clinicId, list, at);
  const changed = facts.filter((_, i) => i % 50 === 0);
  await mapLimit(changed, { limit: 16 }, (f) => putFactsDelta(tenantId, { patientId: f.patientId, facts: { ...f, marketingConsent: !f.marketingConsent } }));
};

export const fiveConditions = (clinicIds: readonly string[]): ConditionGroup => ({
  op: 'and',
  conditions: [
    { field: 'activity', in: ['dormant'] },
    { field: 'totalSpend', range: { min: 20_000 } },
    { field: 'marketingConsent', value: true },
    { field: 'upcomingAppointment', value: false },
    { field: 'clinic', in: [...clinicIds] },
  ],
});

export const measureSegmentCount = async (capture: Capture, emit: Emit, rounds = 5): Promise<void> => {
  const { readSegmentFacts } = await import('../../functions/adapters/dynamo/segment-facts-repository.js');
  const { countSegment } = await import('../../functions/services/segment-count.js');
  const now = new Date();
  const tenantId = ulid();
  const clinicIds = Array.from({ length: 5 }, () => ulid());
  const clinics = clinicIds.map((clinicId) => ({ clinicId, timeZone: 'Asia/Shanghai' }));
  await storeChain(tenantId, syntheticFacts(100_000, { clinicIds, today: localDay(now, 'Asia/Shanghai'), seed: 56 }), now.toISOString());
  const group = fiveConditions(clinicIds);
  let count = 0;
  const units = await capture(async () => {
    count = (await countSegment(tenantId, clinics, group, now)).matched.length;
  });
  const counted: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < rounds; i++) {
    let t = performance.now();
    await readSegmentFacts(tenantId, { clinicIds });
    raw.push(performance.now() - t);
    t = performance.now();
    await countSegment(tenantId, clinics, group, now);
    counted.push(performance.now() - t);
  }
  emit('segment_count_rcu_100k', units.read, 'RCU', { patients: 100_000, conditions: 5, matched: count, goal: 1_000 });
  emit('segment_count_ms_100k', median(counted), 'ms', { raw_read_median_ms: median(raw), rounds });
  emit('segment_count_ratio', median(counted) / median(raw), 'ratio', { count_median_ms: median(counted), raw_read_median_ms: median(raw), goal: 1.5 });
};
