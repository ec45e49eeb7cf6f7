/**
 * KPI rollups are kept incrementally, in the same transactions as the records they count: after
 * a random sequence of bookings, moves, cancellations, check-ins and checkouts (some completing
 * an appointment, some entered late), the stored rollups changed by exactly what a recomputation
 * from the raw records says. Messages count per automation as the pipeline records them.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kpiTaskOf, recomputeRollups, type Counters, type KpiAppointment, type KpiMessage, type KpiTask, type KpiVisit } from '../../shared/domain/kpi/rollup.js';
import type { FollowUpTask } from '../../shared/schemas/task.js';
import type { Appointment } from '../../shared/schemas/appointment.js';
import type { Procedure } from '../../shared/schemas/catalog.js';
import type { Patient } from '../../shared/schemas/patient.js';
import { addDays } from '../../shared/domain/time.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let frontdesk: string; // the owner: sees every clinic
let procedures: Procedure[] = [];
let phone = 0;

beforeAll(async () => {
  twin = await startTestTwin({ messageCounts: true });
  frontdesk = await twin.tokenFor('owner');
  procedures = (await twin.api<{ items: Procedure[] }>('GET', '/procedures', { token: frontdesk })).body.items.filter((p) => p.priceFen > 0);
});
afterAll(async () => twin?.stop());

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const at = (day: string, hour: number, minute: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`).toISOString();

/** The rollups once every ledger change so far is counted (message counts come off the table's stream). */
const storedCounters = async (): Promise<Map<string, Counters>> => {
  await twin.settleCounts();
  const { readRollups } = await import('../../functions/adapters/dynamo/kpi-repository.js');
  const days = await readRollups(twin.demo.tenantId, twin.demo.clinicIds, addDays(today(), -60), addDays(today(), 30));
  return new Map(days.map((d) => [`${d.clinicId}#${d.day}`, d.counters]));
};

/** after − before, per clinic day, dropping zeros. */
const difference = (before: Map<string, Counters>, after: Map<string, Counters>): Record<string, Counters> => {
  const out: Record<string, Record<string, number>> = {};
  for (const [key, counters] of after) {
    for (const [name, value] of Object.entries(counters)) {
      const delta = value - (before.get(key)?.[name] ?? 0);
      if (delta !== 0) (out[key] ??= {})[name] = delta;
    }
  }
  for (const [key, counters] of before) {
    for (const [name, value] of Object.entries(counters)) if (!after.get(key)?.[name] && value !== 0) (out[key] ??= {})[name] = -value;
  }
  return out;
};

type Op =
  | { kind: 'book'; patient: number; dayAhead: number; slot: number }
  | { kind: 'move'; appointment: number; dayAhead: number; slot: number }
  | { kind: 'cancel'; appointment: number }
  | { kind: 'check-in'; appointment: number }
  | { kind: 'checkout'; patient: number; daysAgo: number; procedure: number; withAppointment: boolean; split: boolean }
  | { kind: 'void'; visit: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('book' as const), patient: fc.nat(3), dayAhead: fc.integer({ min: 1, max: 6 }), slot: fc.nat(30) }),
  fc.record({ kind: fc.constant('move' as const), appointment: fc.nat(9), dayAhead: fc.integer({ min: 1, max: 6 }), slot: fc.nat(30) }),
  fc.record({ kind: fc.constant('cancel' as const), appointment: fc.nat(9) }),
  fc.record({ kind: fc.constant('check-in' as const), appointment: fc.nat(9) }),
  fc.record({ kind: fc.constant('checkout' as const), patient: fc.nat(3), daysAgo: fc.integer({ min: 0, max: 20 }), procedure: fc.nat(40), withAppointment: fc.boolean(), split: fc.boolean() }),
  fc.record({ kind: fc.constant('void' as const), visit: fc.nat(9) }),
);

describe('KPI rollups', () => {
  it('equal a recomputation from the raw records after random bookings, moves, cancellations, checkouts and voids', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 6, maxLength: 14 }), async (ops) => {
        run += 1;
        const clinicId = twin.demo.jinganId;
        const channel = run % 3 ? 'dianping' : 'referral';
        const patients: Patient[] = [];
        for (let i = 0; i < 4; i++) {
          const res = await twin.api<Patient>('POST', '/patients', { token: frontdesk, body: { name: `统计患者${i}`, phone: `1341234${String(1000 + phone++).padStart(4, '0')}`, clinicId, channel } });
          patients.push(res.body);
        }
        const appointments: Appointment[] = [];
        const visitsMade: { patientId: string; visitId: string }[] = [];
        const before = await storedCounters();
        for (const step of ops) {
          if (step.kind === 'book') {
            const patient = patients[step.patient] as Patient;
            const start = at(addDays(today(), step.dayAhead), 9 + Math.floor(step.slot / 4), (step.slot % 4) * 15);
            const res = await twin.api<Appointment>('POST', '/appointments', { token: frontdesk, body: { patientId: patient.patientId, clinicId, dentistId: twin.demo.dentistId, chair: `K${run}`, startAt: start } });
            if (res.status === 201) appointments.push(res.body);
            continue;
          }
          if (step.kind === 'checkout') {
            const patient = patients[step.patient] as Patient;
            const open = appointments.find((a) => a.patientId === patient.patientId && (a.status === 'booked' || a.status === 'checked-in'));
            const procedure = procedures[step.procedure % procedures.length] as Procedure;
            const price = procedure.priceFen;
            const payments = step.split ? [{ method: 'wechat', amountFen: price - Math.floor(price / 3) }, { method: 'cash', amountFen: Math.floor(price / 3) }] : [{ method: 'alipay', amountFen: price }];
            const visitedAt = step.daysAgo === 0 ? undefined : at(addDays(today(), -step.daysAgo), 10, 0);
            const res = await twin.api('POST', `/patients/${patient.patientId}/visits`, {
              token: frontdesk,
              body: { clinicId, dentistId: twin.demo.dentistId, lines: [{ procedureId: procedure.procedureId }], payments, ...(visitedAt ? { visitedAt } : {}), ...(step.withAppointment && open ? { appointmentId: open.appointmentId } : {}) },
            });
            expect([201, 409]).toContain(res.status);
            if (res.status === 201) visitsMade.push({ patientId: patient.patientId, visitId: (res.body as { visitId: string }).visitId });
            if (res.status === 201 && step.withAppointment && open) open.status = 'completed';
            continue;
          }
          if (step.kind === 'void') {
            const made = visitsMade[step.visit % Math.max(1, visitsMade.length)];
            if (!made) continue;
            const res = await twin.api('POST', `/patients/${made.patientId}/visits/${made.visitId}/void`, { token: frontdesk, body: { reason: '录入错误' } });
            expect([200, 409]).toContain(res.status);
            continue;
          }
          const target = appointments[step.appointment % Math.max(1, appointments.length)];
          if (!target) continue;
          const path = `/patients/${target.patientId}/appointments/${target.appointmentId}`;
          if (step.kind === 'move') {
            const res = await twin.api<Appointment>('POST', `${path}/reschedule`, { token: frontdesk, body: { startAt: at(addDays(today(), step.dayAhead), 9 + Math.floor(step.slot / 4), (step.slot % 4) * 15) } });
            if (res.status === 200) Object.assign(target, res.body);
          } else if (step.kind === 'cancel') {
            const res = await twin.api<Appointment>('POST', `${path}/cancel`, { token: frontdesk, body: { reason: 'patient-request' } });
            if (res.status === 200) Object.assign(target, res.body);
          } else {
            const res = await twin.api<Appointment>('POST', `${path}/check-in`, { token: frontdesk });
            if (res.status === 200) Object.assign(target, res.body);
          }
        }
        // Checkouts start care-message runs on the bus: their ledger entries count too.
        await twin.bus.idle();
        const after = await storedCounters();

        // The raw records of these patients, read back from their partitions.
        const { readPatientPartition } = await import('../../functions/adapters/dynamo/visit-repository.js');
        const visits: KpiVisit[] = [];
        const stored: KpiAppointment[] = [];
        const messages: KpiMessage[] = [];
        const tasks: KpiTask[] = [];
        for (const p of patients) {
          for (const item of await readPatientPartition(twin.demo.tenantId, p.patientId)) {
            // A voided visit counts nothing.
            if (item.type === 'visit' && !item.voidedAt) visits.push(item as unknown as KpiVisit);
            if (item.type === 'appointment') stored.push(item as unknown as KpiAppointment);
            if (item.type === 'task') tasks.push(kpiTaskOf(item as unknown as FollowUpTask));
            if (String(item.sk).startsWith('MSG#')) {
              const last = (item.decisions as { at: string; reason?: string }[]).at(-1);
              messages.push({ clinicId: String(item.clinicId), purpose: item.purpose as KpiMessage['purpose'], status: item.status as KpiMessage['status'], at: last?.at ?? '', ...(last?.reason ? { skipReason: last.reason } : {}) });
            }
          }
        }
        const expected: Record<string, Counters> = {};
        const channels = Object.fromEntries(patients.map((p) => [p.patientId, channel]));
        for (const day of recomputeRollups({ visits, appointments: stored, messages, tasks, patientChannels: channels })) expected[`${day.clinicId}#${day.day}`] = day.counters;
        expect(difference(before, after)).toEqual(expected);
      }),
      { numRuns: 4 },
    );
  });

  it('counts messages per automation from the ledger\'s changes, moving a failed send to sent on retry', async () => {
    const { sendMessage } = await import('../../functions/services/send-pipeline.js');
    const patient = (await twin.api<Patient>('POST', '/patients', { token: frontdesk, body: { name: '短信统计', phone: '13412349999', clinicId: twin.demo.jinganId, consents: { care: { granted: true, source: 'paper-form' } } } })).body;
    const noConsent = (await twin.api<Patient>('POST', '/patients', { token: frontdesk, body: { name: '无同意', phone: '13412349998', clinicId: twin.demo.jinganId } })).body;
    const morning = new Date(`${today()}T10:00:00+08:00`);
    const before = await storedCounters();
    const request = (patientId: string) => ({ tenantId: twin.demo.tenantId, patientId, purpose: 'recall' as const, occasion: 'kpi-count', template: '{name}您好', ref: { kind: 'standing' as const } });
    const failing = async () => {
      throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
    };
    expect((await sendMessage(request(patient.patientId), { publish: failing, now: morning })).status).toBe('failed');
    expect((await sendMessage(request(noConsent.patientId), { now: morning })).status).toBe('skipped');
    const key = `${twin.demo.jinganId}#${today()}`;
    const mid = difference(before, await storedCounters())[key] ?? {};
    expect(Object.entries(mid).filter(([name]) => name.startsWith('messages')).sort()).toEqual(
      Object.entries({ 'messages.failed': 1, 'messages.failed.recall': 1, 'messages.skipped': 1, 'messages.skipped.recall': 1, 'messages.skipReason.no-consent': 1 }).sort(),
    );
    expect((await sendMessage(request(patient.patientId), { now: new Date(morning.getTime() + 10 * 60_000) })).status).toBe('sent');
    const end = difference(before, await storedCounters())[key] ?? {};
    expect(Object.entries(end).filter(([name]) => name.startsWith('messages')).sort()).toEqual(
      Object.entries({ 'messages.sent': 1, 'messages.sent.recall': 1, 'messages.skipped': 1, 'messages.skipped.recall': 1, 'messages.skipReason.no-consent': 1 }).sort(),
    );
  });
});
