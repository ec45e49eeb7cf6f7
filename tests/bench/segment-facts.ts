/**
 * The facts store's figures (issue 12 items 1 and 5), measured on DynamoDB Local:
 * - segment_facts_read_rcu_100k: readSegmentFacts over 100,000 patients in 5 clinics with 2%
 *   of them changed since the last compaction (eventually consistent). Goal ≤ 1,000 (the
 *   segment count builds on it).
 * - patient_metrics_rcu_per_patient / _wcu_per_patient: one nightly run for a chain of 10,000
 *   patients on a day when 2% changed (the deltas their records wrote). Goals ≤ 0.3 / ≤ 0.2.
 *   A quiet night (no change) is reported beside them.
 */
import { ulid } from 'ulid';
import type { SegmentFacts } from '../../shared/domain/segments/facts.js';
import { localDay } from '../../shared/domain/time.js';
import { syntheticFacts } from '../support/synthetic-facts.js';
import type { Capture } from './clinic-ops.js';

type Emit = (metric: string, value: number, unit: string, extra?: Record<string, unknown>) => void;

const byClinic = (facts: readonly SegmentFacts[]): Map<string, SegmentFacts[]> => {
  const out = new Map<string, SegmentFacts[]>();
  for (const f of facts) out.set(f.clinicId, [...(out.get(f.clinicId) ?? []), f]);
  return out;
};

/** A chain whose facts are stored as if compacted last night, with `changed` of them changed today. */
const storeChain = async (tenantId: string, facts: readonly SegmentFacts[], changed: number, at: string): Promise<void> => {
  const { replaceClinicFacts, putFactsDelta } = await import('../../functions/adapters/dynamo/segment-facts-repository.js');
  const { mapLimit } = await import('../../functions/lib/concurrency.js');
  for (const [clinicId, list] of byClinic(facts)) await replaceClinicFacts(tenantId, clinicId, list, at);
  const step = Math.max(1, Math.floor(facts.length / Math.max(1, changed)));
  const deltas = facts.filter((_, i) => i % step === 0).slice(0, changed);
  await mapLimit(deltas, { limit: 16 }, (f) => putFactsDelta(tenantId, { patientId: f.patientId, facts: { ...f, visitCount: f.visitCount + 1, lastVisitDay: localDay(new Date(at), 'Asia/Shanghai') } }));
};

export const measureSegmentFacts = async (capture: Capture, emit: Emit): Promise<void> => {
  const { readSegmentFacts, encodeChunk } = await import('../../functions/adapters/dynamo/segment-facts-repository.js');
  const { createClinic } = await import('../../functions/adapters/dynamo/org-repository.js');
  const { newClinic } = await import('../../shared/domain/onboarding.js');
  const { runPatientMetrics } = await import('../../functions/jobs/patient-metrics.js');
  const now = new Date();
  const at = now.toISOString();
  const today = localDay(now, 'Asia/Shanghai');

  // Reading 100,000 patients' facts.
  const bigTenant = ulid();
  const bigClinics = Array.from({ length: 5 }, () => ulid());
  const big = syntheticFacts(100_000, { clinicIds: bigClinics, today, seed: 12 });
  await storeChain(bigTenant, big, 2_000, at);
  const lanes = encodeChunk(big.slice(0, 1500));
  let read: SegmentFacts[] = [];
  const units = await capture(async () => {
    read = await readSegmentFacts(bigTenant, { clinicIds: bigClinics });
  });
  if (read.length !== big.length) throw new Error(`read ${read.length} facts of ${big.length}`);
  emit('segment_facts_read_rcu_100k', units.read, 'RCU', { patients: big.length, deltas: 2_000, segment_lane_bytes_per_patient: Math.round(lanes.segment.byteLength / 1500), kpi_lane_bytes_per_patient: Math.round(lanes.kpi.byteLength / 1500), goal: 1_000 });

  // One nightly run for 10,000 patients, 2% changed; then a quiet night.
  const tenantId = ulid();
  const clinics = [newClinic(ulid(), { name: '基准甲店', address: '上海', timeZone: 'Asia/Shanghai', smsSignature: '基准' }, at), newClinic(ulid(), { name: '基准乙店', address: '广州', timeZone: 'Asia/Shanghai', smsSignature: '基准' }, at)];
  for (const clinic of clinics) await createClinic(tenantId, clinic);
  const chain = syntheticFacts(10_000, { clinicIds: clinics.map((c) => c.clinicId), today, seed: 34 });
  await storeChain(tenantId, chain, 200, at);
  const night = await capture(() => runPatientMetrics(tenantId, now));
  const quiet = await capture(() => runPatientMetrics(tenantId, now));
  const extra = { patients: chain.length, changed: 200, quiet_night_rcu_per_patient: quiet.read / chain.length, quiet_night_wcu_per_patient: quiet.write / chain.length };
  emit('patient_metrics_rcu_per_patient', night.read / chain.length, 'RCU', { ...extra, rcu: night.read, goal: 0.3 });
  emit('patient_metrics_wcu_per_patient', night.write / chain.length, 'WCU', { ...extra, wcu: night.write, goal: 0.2 });
};
