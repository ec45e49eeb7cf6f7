/**
 * Automations, measured on DynamoDB Local:
 *   recall_job_items_read_per_due_patient_{10k,100k}  items the recall job reads to find and
 *       qualify the day's due patients (queue index + "booked ahead?" check) per due patient, in a
 *       chain of 10,000 / 100,000 patients with 1% due (a scan would read 100 per due patient)
 *   send_pipeline_wcu_per_message  write units per recall message sent through the pipeline
 *   reminder_job_ratio  the reminder job for 1,000 due appointments (SNS as in the cloud, see
 *       sns-stand-in.ts) against 1,000 raw ledger
 *       writes (ledger items as stored, with their list index) at the same concurrency,
 *       side by side (side-by-side.ts: a warm-up round, alternating order, the median round),
 *       each round in a fresh chain
 * BENCH_QUICK=1 skips the 100,000-patient chain (three minutes of seeding) when iterating.
 */
import { ulid } from 'ulid';
import { consentRecordsFrom } from '../../shared/domain/patient.js';
import { addDays, localDay } from '../../shared/domain/time.js';
import type { Appointment } from '../../shared/schemas/appointment.js';
import type { PatientRecord } from '../../shared/domain/patient.js';
import type { Capture } from './clinic-ops.js';
import { snsStandIn } from './sns-stand-in.js';
import { rounded, sideBySide } from './side-by-side.js';
import { rawLedgerWrites } from './raw-ledger.js';

type Emit = (metric: string, value: number, unit: string, extra?: Record<string, unknown>) => void;
const shanghai = 'Asia/Shanghai';
const atLocal = (day: string, hour: number, minute = 0) => new Date(`${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`);

/** `settleCounts`: the twin's stream reader run to the end (the twin is started with `messageCounts: 'on-demand'`). */
export const measureAutomations = async (capture: Capture, emit: Emit, settleCounts: () => Promise<void>): Promise<void> => {
  const { onboardChain } = await import('../../functions/services/onboarding.js');
  const { batchWriteAll } = await import('../../functions/adapters/dynamo/import-batch.js');
  const { patientItem } = await import('../../functions/adapters/dynamo/import-patient-writer.js');
  const { recallItem } = await import('../../functions/adapters/dynamo/visit-repository.js');
  const { appointmentItem } = await import('../../functions/adapters/dynamo/appointment-repository.js');
  const { runRecall } = await import('../../functions/jobs/recall.js');
  const { runAppointmentReminders } = await import('../../functions/jobs/appointment-reminders.js');

  const today = localDay(new Date(), shanghai);
  const createdAt = new Date().toISOString();
  const consents = consentRecordsFrom({ care: { granted: true, source: 'paper-form' } }, createdAt, 'bench');
  const chainCount = { n: 0 };
  const newChain = async () => {
    const { chain, clinic } = await onboardChain({
      chainName: `基准连锁${chainCount.n++}`,
      brand: '基准口腔',
      clinic: { name: '基准店' },
      owner: { email: `bench-${ulid().toLowerCase()}@bench.local`, displayName: '基准', password: 'bench-password-1234' },
    });
    return { tenantId: chain.tenantId, clinicId: clinic.clinicId };
  };
  const patient = (tenantId: string, clinicId: string, i: number): { record: PatientRecord; item: Record<string, unknown> } => {
    const record: PatientRecord = {
      patientId: ulid(), clinicId, name: `基准患者${i}`, gender: i % 2 ? 'male' : 'female', phone: `+86135${String(i).padStart(8, '0')}`,
      channel: 'walk-in', tags: [], notes: '', consents, createdAt, updatedAt: createdAt,
    } as PatientRecord;
    return { record, item: patientItem(tenantId, record, 'bench') };
  };

  // Recall: 1% of the chain due for its 14-day message today; everyone else's recall later.
  let pipelineSample: { tenantId: string; patientIds: string[] } = { tenantId: '', patientIds: [] };
  for (const size of (process.env.BENCH_QUICK ? [10_000] : [10_000, 100_000])) {
    const { tenantId, clinicId } = await newChain();
    const items: Record<string, unknown>[] = [];
    let due = 0;
    const notDue: string[] = [];
    for (let i = 0; i < size; i++) {
      const { record, item } = patient(tenantId, clinicId, i);
      if (i % 100 === 1) notDue.push(record.patientId);
      const isDue = i % 100 === 0;
      if (isDue) due += 1;
      const dueDate = isDue ? addDays(today, 14) : addDays(today, 61 + (i % 300));
      items.push(item, recallItem(tenantId, record.patientId, clinicId, { group: 'cleaning', dueDate, anchorDate: addDays(dueDate, -182), rule: { kind: 'interval', group: 'cleaning', months: 6 } }, 'BENCHVISIT'));
    }
    const seeded = performance.now();
    await batchWriteAll(items, 8);
    const seedSeconds = (performance.now() - seeded) / 1000;
    let tally: Record<string, number> = {};
    const units = await capture(async () => {
      tally = await runRecall(tenantId, atLocal(today, 10));
    });
    if (tally.sent !== due) throw new Error(`recall bench: expected ${due} sent, got ${JSON.stringify(tally)}`);
    emit(`recall_job_items_read_per_due_patient_${size / 1000}k`, (tally.itemsRead ?? 0) / due, 'items', {
      due_patients: due, items_read: tally.itemsRead, all_rcu_per_due_patient: Math.round((units.read / due) * 100) / 100, seed_s: Math.round(seedSeconds), goal: 2,
    });
    if (size === 10_000) pipelineSample = { tenantId, patientIds: notDue };
  }

  // The pipeline alone: 100 recall messages to patients of the 10k chain not messaged today, as
  // the recall job sends them, then the same patients' care messages (a purpose with no
  // shared-phone claim). The KPI counts are not the pipeline's: the stream function adds them
  // from the ledger's changes, measured apart (message_counts_wcu_per_message).
  const { sendMessage } = await import('../../functions/services/send-pipeline.js');
  const { sendStream } = await import('../../functions/services/send-stream.js');
  const sendAll = async (purpose: 'recall' | 'care') => {
    const outcomes: string[] = [];
    await settleCounts();
    const units = await capture(async () => {
      const requests = pipelineSample.patientIds.map((patientId) => ({ tenantId: pipelineSample.tenantId, patientId, purpose, occasion: 'bench-pipeline', template: '{name}您好，欢迎回到{clinic}。', ref: { kind: 'standing' as const } }));
      // As the jobs send: the batch's facts read together, then one send at a time.
      await sendStream({ tenantId: pipelineSample.tenantId, requests, concurrency: 1 }, async (request, facts) => {
        outcomes.push((await sendMessage(request, { now: atLocal(today, 11), publish: snsStandIn, ...(facts ? { facts } : {}) })).status);
      });
    });
    if (outcomes.some((o) => o !== 'sent')) throw new Error(`pipeline bench (${purpose}): ${outcomes.join(',')}`);
    // What counting these messages costs: one stream batch (the cloud's batches hold up to 1,000).
    const counting = await capture(settleCounts);
    return { units, counting, messages: outcomes.length };
  };
  const recall = await sendAll('recall');
  const care = await sendAll('care');
  emit('send_pipeline_wcu_per_message', recall.units.write / recall.messages, 'WCU', {
    messages: recall.messages, facts_read_per_batch: true, rcu_per_message: Math.round((recall.units.read / recall.messages) * 100) / 100,
    care_wcu_per_message: Math.round((care.units.write / care.messages) * 100) / 100,
    note: 'recall: one-per-phone claim 1 + ledger claim (its own handing marker) 1 + its list entry (gsi4, keys only) 1 + outcome 1 (no index write); care has no one-per-phone claim. The KPI counts are added off the send path, from the table stream (message_counts_wcu_per_message). The channel is SNS as in the cloud (no table write; the twin writes a handset row instead). DynamoDB Local reports index writes',
    goal: 4,
  });
  emit('message_counts_wcu_per_message', recall.counting.write / recall.messages, 'WCU', {
    messages: recall.messages, rcu_per_message: Math.round((recall.counting.read / recall.messages) * 1000) / 1000,
    // DynamoDB bills a transaction's items twice; DynamoDB Local reports them once.
    billed_wcu_per_message: Math.round(((2 * recall.counting.write) / recall.messages) * 1000) / 1000,
    note: 'the stream function, off the send path: per chain and batch of ledger changes one transaction (the batch marker and one update per clinic day); here one batch holds the claims and outcomes of 100 messages, in the cloud up to 1,000 changes (500 messages). Stream reads by Lambda are free. Before this, the send path wrote the counts itself once per 100 messages (0.01)',
  });

  // Reminder job vs raw ledger writes, side by side.
  const appointmentsPerRound = 1_000;
  const concurrency = 8;
  const seedReminderChain = async () => {
    const { tenantId, clinicId } = await newChain();
    const tomorrow = addDays(today, 1);
    const items: Record<string, unknown>[] = [];
    for (let i = 0; i < appointmentsPerRound; i++) {
      const { record, item } = patient(tenantId, clinicId, i);
      const start = atLocal(tomorrow, 9 + Math.floor(i / 120), (i % 4) * 15);
      const appointment: Appointment = {
        appointmentId: ulid(), patientId: record.patientId, patientName: record.name, dentistName: '基准医生', clinicId, dentistId: 'BENCHDENTIST', chair: `C${i}`,
        startAt: start.toISOString(), endAt: new Date(start.getTime() + 30 * 60_000).toISOString(), localDay: tomorrow, procedureIds: [], notes: '', status: 'booked', version: 1, createdBy: 'bench', createdAt, updatedAt: createdAt,
      } as Appointment;
      items.push(item, appointmentItem(tenantId, appointment));
    }
    await batchWriteAll(items, 8);
    return tenantId;
  };
  const measured = await sideBySide({
    rounds: 3,
    subject: async () => {
      const tenantId = await seedReminderChain();
      const t = performance.now();
      const tally = await runAppointmentReminders(tenantId, atLocal(today, 18, 30), { concurrency, publish: snsStandIn });
      const ms = performance.now() - t;
      if (tally.sent !== appointmentsPerRound) throw new Error(`reminder bench: ${JSON.stringify(tally)}`);
      return ms;
    },
    baseline: (round) => rawLedgerWrites({ count: appointmentsPerRound, purpose: 'appointment-reminder', occasionOf: (i) => `appt.BENCH${round}.${i}.v1.day-before`, concurrency }),
  });
  emit('reminder_job_ratio', measured.median.ratio, 'ratio', {
    job_ms: Math.round(measured.median.subjectMs), raw_ledger_writes_ms: Math.round(measured.median.baselineMs), appointments: appointmentsPerRound, concurrency,
    rounds: measured.rounds.map((r) => rounded(r.ratio)), warm_up_round_ratio: rounded(measured.warmUpRatio), order: 'alternating', goal: 3,
  });
};
