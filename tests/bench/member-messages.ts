/**
 * renewal_job_items_read_per_due_member: items the daily members job reads to find and qualify
 * the day's due members (the end-date index range and each due card's counters), per due member,
 * in a chain of 10,000 memberships with 1% ending 45 days ahead (a scan would read 100 per due
 * member). Measured on a day that is not the 1st (the 1st reads every running card for the
 * check-up, every one of them due that day). Goal ≤ 2.
 */
import { ulid } from 'ulid';
import { defaultPlans } from '../../shared/domain/catalog-defaults.js';
import { consentRecordsFrom, type PatientRecord } from '../../shared/domain/patient.js';
import { addDays, localDay } from '../../shared/domain/time.js';
import type { Membership } from '../../shared/schemas/members.js';
import type { Capture } from './clinic-ops.js';

type Emit = (metric: string, value: number, unit: string, extra?: Record<string, unknown>) => void;

const members = 10_000;

export const measureMemberMessages = async (capture: Capture, emit: Emit): Promise<void> => {
  const { onboardChain } = await import('../../functions/services/onboarding.js');
  const { batchWriteAll } = await import('../../functions/adapters/dynamo/import-batch.js');
  const { patientItem } = await import('../../functions/adapters/dynamo/import-patient-writer.js');
  const { membershipItem } = await import('../../functions/adapters/dynamo/membership-repository.js');
  const { entitlementCounterEntity } = await import('../../functions/adapters/dynamo/entities/membership.js');
  const { runMemberMessages } = await import('../../functions/jobs/member-messages.js');

  const { chain, clinic } = await onboardChain({
    chainName: '会员基准连锁', brand: '基准口腔', clinic: { name: '基准店' },
    owner: { email: `bench-${ulid().toLowerCase()}@bench.local`, displayName: '基准', password: 'bench-password-1234' },
  });
  const { tenantId } = chain;
  const { clinicId } = clinic;
  const now0 = new Date();
  const today0 = localDay(now0, 'Asia/Shanghai');
  // Not the 1st: that day every running card is due for the check-up, and the job reads them all.
  const day = today0.endsWith('-01') ? addDays(today0, 1) : today0;
  const at = new Date(`${day}T10:00:00+08:00`);
  const createdAt = now0.toISOString();
  const consents = consentRecordsFrom({ care: { granted: true, source: 'paper-form' } }, createdAt, 'bench');
  const plan = defaultPlans[0];
  if (!plan) throw new Error('no default plan');
  // Days no reminder falls on (45, 7, 0 and 60 days ahead are the defaults): the 99% not due.
  const quietOffsets = Array.from({ length: 300 }, (_, i) => i + 1).filter((d) => ![0, 7, 45, 60].includes(d));

  const items: Record<string, unknown>[] = [];
  let due = 0;
  for (let i = 0; i < members; i++) {
    const isDue = i % 100 === 0;
    const endDate = addDays(day, isDue ? 45 : (quietOffsets[i % quietOffsets.length] ?? 100));
    const holderPatientId = ulid();
    const m: Membership = {
      membershipId: ulid(), holderPatientId, memberPatientIds: [holderPatientId], planId: 'BENCHPLAN', planVersion: 1, terms: plan,
      anchorDate: addDays(endDate, -365), monthsPaid: 12, endDate, status: 'active', version: 1, createdAt,
      periods: [{ n: 1, startDate: addDays(endDate, -365), endDate, listPriceFen: plan.priceFen, pricePaidFen: plan.priceFen, payments: [{ method: 'wechat', amountFen: plan.priceFen }], clinicId, soldBy: 'bench', soldAt: createdAt, acknowledgedAt: createdAt }],
    };
    items.push(membershipItem(tenantId, m));
    if (!isDue) continue;
    due += 1;
    const record = {
      patientId: holderPatientId, clinicId, name: `会员基准${i}`, gender: 'female', phone: `+86136${String(i).padStart(8, '0')}`,
      channel: 'walk-in', tags: [], notes: '', consents, createdAt, updatedAt: createdAt,
    } as PatientRecord;
    items.push(patientItem(tenantId, record, 'bench'));
    items.push({ ...entitlementCounterEntity.key({ tenantId, patientId: holderPatientId, membershipId: m.membershipId }), type: 'entitlement-counter', membershipId: m.membershipId, 'v|1': 31_000, updatedAt: createdAt });
  }
  await batchWriteAll(items, 8);

  let tally: Record<string, number> = {};
  const units = await capture(async () => {
    tally = await runMemberMessages(tenantId, at);
  });
  if (tally.sent !== due) throw new Error(`member messages bench: expected ${due} sent, got ${JSON.stringify(tally)}`);
  emit('renewal_job_items_read_per_due_member', (tally.itemsRead ?? 0) / due, 'items', {
    members, due_members: due, items_read: tally.itemsRead, all_rcu_per_due_member: Math.round((units.read / due) * 100) / 100,
    note: 'the due card from the end-date index (projected whole) + its counters (value received); the pipeline’s own reads (patient, ledger) are not the job’s finding', goal: 2,
  });
};
