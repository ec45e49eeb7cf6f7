/**
 * crash_lost_messages / crash_duplicate_messages (goal 0 and 0) over at least 10 crashes:
 * reactivation (marketing) and recall (care) each killed with SIGKILL, process group and all,
 * after a varying number of messages, then the restart's claim sweep and the next run.
 * crash_unknown_messages: claims caught in the channel window (handed to SMS, not recorded),
 * the one window SNS cannot close, reported on their own.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalUser } from '../../functions/adapters/identity/local-identity.js';
import { addDays, addMonths } from '../../shared/domain/time.js';
import { claimsInWindow, countOutcome, runAndKill, type CrashJob } from '../support/crash-harness.js';

type Emit = (metric: string, value: number, unit: string, extra?: Record<string, unknown>) => void;

const crashes = 10;
const patientsPerCrash = 10;
const at = (day: string, hour: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);

export const measureCrashes = async (owner: LocalUser, emit: Emit): Promise<void> => {
  const { documentClient, tableName } = await import('../../functions/adapters/dynamo/client.js');
  const { listClinics } = await import('../../functions/adapters/dynamo/org-repository.js');
  const { createPatient } = await import('../../functions/services/patient-service.js');
  const { summaryItem, recallItem } = await import('../../functions/adapters/dynamo/visit-repository.js');
  const { getAutomationSettings, saveAutomationSettings } = await import('../../functions/adapters/dynamo/automation-settings-repository.js');
  const { sweepClaims } = await import('../../functions/services/claim-recovery.js');
  const { runReactivation } = await import('../../functions/jobs/reactivation.js');
  const { runRecall } = await import('../../functions/jobs/recall.js');
  const { patientCreateSchema } = await import('../../shared/schemas/patient.js');
  const tenantId = owner.tenantId;
  const caller = { userId: owner.userId, email: owner.email, tenantId, role: 'owner' as const, clinicScope: 'all' as const };
  const clinicId = (await listClinics(tenantId))[0]?.clinicId ?? '';
  const stored = await getAutomationSettings(tenantId);
  await saveAutomationSettings(tenantId, { ...stored.settings, reactivation: { ...stored.settings.reactivation, enabled: true, dailyLimit: 100 } }, stored.version, owner.userId, new Date().toISOString());
  const consents = { care: { granted: true, source: 'paper-form' }, marketing: { granted: true, source: 'paper-form' } };

  let phone = 0;
  const total = { lost: 0, duplicate: 0, unknown: 0, killed: 0 };
  for (let i = 0; i < crashes; i += 1) {
    const job: CrashJob = i % 2 === 0 ? 'reactivation' : 'recall';
    // Each crash on a day of its own, far from the demo's data, with patients of its own.
    const day = addDays('2031-01-05', i * 40);
    const due = addDays(day, 14);
    const planned = new Map<string, string>();
    for (let p = 0; p < patientsPerCrash; p += 1) {
      const number = `1351${String(10_000_000 + phone++).slice(1)}`;
      const patient = await createPatient(caller, patientCreateSchema.parse({ name: '崩溃基准', phone: number, clinicId, consents }));
      const lastVisitAt = `${addMonths(day, -14)}T02:00:00.000Z`;
      const item = job === 'reactivation'
        ? summaryItem(tenantId, patient.patientId, { visitCount: 2, totalSpendFen: 500_00 + p, firstVisitAt: lastVisitAt, lastVisitAt, lastVisitClinicId: clinicId, version: 1 })
        : recallItem(tenantId, patient.patientId, clinicId, { group: 'cleaning', dueDate: due, anchorDate: addDays(due, -180), rule: { kind: 'interval', group: 'cleaning', months: 6 } }, 'VISIT0000000000000000000000');
      await documentClient.send(new PutCommand({ TableName: tableName, Item: item }));
      planned.set(patient.patientId, `+86${number}`);
    }
    const now = at(day, 10);
    // Killed after 1 to 7 messages: the kill lands anywhere in claim → marker → publish → record.
    const { killed } = await runAndKill(job, tenantId, now, 1 + (i * 3) % 7);
    const inWindow = await claimsInWindow(tenantId);
    await sweepClaims(tenantId, { now: new Date(now.getTime() + 60_000), deadBefore: new Date(now.getTime() + 1000) });
    await (job === 'reactivation' ? runReactivation(tenantId, now) : runRecall(tenantId, now));
    const count = await countOutcome(tenantId, planned, inWindow);
    total.lost += count.lost;
    total.duplicate += count.duplicate;
    total.unknown += count.unknown;
    total.killed += killed ? 1 : 0;
  }
  emit('crash_lost_messages', total.lost, 'messages', { crashes: total.killed, messagesPerCrash: patientsPerCrash });
  emit('crash_duplicate_messages', total.duplicate, 'messages', { crashes: total.killed });
  emit('crash_unknown_messages', total.unknown, 'messages', { crashes: total.killed, note: 'handed to the channel, not recorded: marketing marked unknown, care resent' });
};
