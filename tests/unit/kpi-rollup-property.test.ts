/**
 * Issue 5 property: after any sequence of creates, edits and cancellations, the rollups kept by
 * ADDing deltas equal a recomputation from the live records. The test plays the writer: before
 * each change it reads the facts the delta needs from the records as they stand.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AppointmentStatus } from '../../shared/schemas/appointment.js';
import {
  applyDayDeltas,
  counterNames as n,
  deltaForAppointmentChange,
  deltaForTaskChange,
  deltaForVisitCorrection,
  recomputeRollups,
  visitFactsFrom,
  type DayCounters,
  type KpiAppointment,
  type KpiTask,
  type KpiVisit,
  type VisitState,
} from '../../shared/domain/kpi/rollup.js';

// Vancouver changes to summer time on 2026-03-08, inside the generated range.
const zones: Record<string, string> = { C1: 'Asia/Shanghai', C2: 'America/Vancouver' };
const channels: Record<string, string> = { P1: 'dianping', P2: 'referral', P3: 'walk-in', P4: 'wechat' };
const zoneOf = (clinicId: string) => zones[clinicId] ?? 'Asia/Shanghai';
// Every 45 minutes from 6 March: visits land near local midnights in both zones.
const instant = (slot: number) => new Date(Date.parse('2026-03-06T00:00:00Z') + slot * 45 * 60_000).toISOString();

const clinic = fc.constantFrom('C1', 'C2');
// Mostly a few close slots, so same-day visits and same-instant ties (ordered by visitId) are common.
const slot = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 200 }));
const patient = fc.constantFrom('P1', 'P2', 'P3', 'P4');
const category = fc.constantFrom('basic', 'implant', 'perio', 'ortho');
const method = fc.constantFrom('cash', 'wechat', 'alipay', 'installment');
const visitBody = fc.record({
  patientId: patient,
  clinicId: clinic,
  slot,
  lines: fc.array(fc.record({ category, amountFen: fc.integer({ min: 0, max: 2_000_000 }) }), { minLength: 1, maxLength: 3 }),
  discountShare: fc.integer({ min: 0, max: 100 }),
  payments: fc.array(method, { maxLength: 2 }),
  fullyPaid: fc.boolean(),
});
const status = fc.constantFrom<AppointmentStatus>('booked', 'checked-in', 'completed', 'cancelled', 'no-show');
const day = fc.integer({ min: 1, max: 9 }).map((d) => `2026-03-0${d}`);

const op = fc.oneof(
  fc.record({ kind: fc.constant('create-visit' as const), body: visitBody }),
  fc.record({ kind: fc.constant('edit-visit' as const), pick: fc.nat(), body: visitBody }),
  fc.record({ kind: fc.constant('cancel-visit' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('book' as const), clinicId: clinic, day, status }),
  fc.record({ kind: fc.constant('change-appointment' as const), pick: fc.nat(), day, status }),
  fc.record({ kind: fc.constant('task' as const), pick: fc.nat(), clinicId: clinic, slot, staff: fc.constantFrom('u-li', 'u-wang', 'role:frontdesk'), status: fc.constantFrom('open', 'done', 'escalated' as const), overdue: fc.boolean() }),
);

type VisitBody = typeof visitBody extends fc.Arbitrary<infer T> ? T : never;

const toVisit = (visitId: string, b: VisitBody): KpiVisit => {
  const linesSum = b.lines.reduce((s, l) => s + l.amountFen, 0);
  const totalFen = linesSum - Math.floor((linesSum * b.discountShare) / 400);
  // Split the total over the chosen methods; an unpaid rest exercises the `unrecorded` bucket.
  const paid = b.fullyPaid ? totalFen : Math.floor(totalFen / 2);
  const payments = b.payments.map((m, i) => ({ method: m, amountFen: i === 0 ? paid - Math.floor(paid / 2) * (b.payments.length - 1) : Math.floor(paid / 2) })).filter((p) => p.amountFen > 0);
  return { visitId, patientId: b.patientId, clinicId: b.clinicId, visitedAt: instant(b.slot), lines: b.lines, totalFen, payments };
};

describe('rollup deltas', () => {
  it('summed, equal a recomputation from the live records after any sequence of changes', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const visits = new Map<string, KpiVisit>();
        const appointments = new Map<string, KpiAppointment>();
        const tasks = new Map<string, KpiTask>();
        let rollups: DayCounters[] = [];
        let seq = 0;
        const stateOf = (visit: KpiVisit): VisitState => ({ visit, facts: visitFactsFrom(visit, [...visits.values()], zoneOf, channels[visit.patientId] ?? 'other') });
        const pick = <T>(map: Map<string, T>, i: number): [string, T] | undefined => [...map.entries()][i % Math.max(1, map.size)];

        for (const o of ops) {
          if (o.kind === 'create-visit') {
            const visit = toVisit(`V${String(++seq).padStart(3, '0')}`, o.body);
            rollups = applyDayDeltas(rollups, deltaForVisitCorrection(undefined, stateOf(visit)));
            visits.set(visit.visitId, visit);
          } else if (o.kind === 'edit-visit') {
            const hit = pick(visits, o.pick);
            if (!hit) continue;
            const after = toVisit(hit[0], o.body);
            // Facts on both sides are about the other visits, which the edit does not change.
            rollups = applyDayDeltas(rollups, deltaForVisitCorrection(stateOf(hit[1]), stateOf(after)));
            visits.set(hit[0], after);
          } else if (o.kind === 'cancel-visit') {
            const hit = pick(visits, o.pick);
            if (!hit) continue;
            rollups = applyDayDeltas(rollups, deltaForVisitCorrection(stateOf(hit[1]), undefined));
            visits.delete(hit[0]);
          } else if (o.kind === 'book') {
            const a: KpiAppointment = { appointmentId: `A${++seq}`, clinicId: o.clinicId, localDay: o.day, status: o.status };
            rollups = applyDayDeltas(rollups, deltaForAppointmentChange(undefined, a));
            appointments.set(a.appointmentId, a);
          } else if (o.kind === 'change-appointment') {
            const hit = pick(appointments, o.pick);
            if (!hit) continue;
            const after = { ...hit[1], localDay: o.day, status: o.status };
            rollups = applyDayDeltas(rollups, deltaForAppointmentChange(hit[1], after));
            appointments.set(hit[0], after);
          } else {
            // Even picks change an existing task, odd ones create one.
            const hit = o.pick % 2 === 0 ? pick(tasks, o.pick) : undefined;
            const after: KpiTask = { taskId: hit?.[0] ?? `T${++seq}`, clinicId: hit?.[1].clinicId ?? o.clinicId, dueAt: instant(o.slot), staff: o.staff, status: o.status, overdue: o.overdue };
            rollups = applyDayDeltas(rollups, deltaForTaskChange(hit?.[1], after, zoneOf(after.clinicId)));
            tasks.set(after.taskId, after);
          }
        }

        const expected = recomputeRollups({ timeZones: zones, patientChannels: channels, visits: [...visits.values()], appointments: [...appointments.values()], tasks: [...tasks.values()] });
        expect(rollups).toEqual(expected);
        // The families add up on every document.
        for (const doc of rollups) {
          const c = doc.counters;
          const sum = (prefix: string) => Object.entries(c).filter(([k]) => k.startsWith(prefix)).reduce((s, [, v]) => s + v, 0);
          expect(sum('revenueFen.category.')).toBe(c[n.revenueFen] ?? 0);
          expect(sum('revenueFen.method.')).toBe(c[n.revenueFen] ?? 0);
          expect(sum('newPatients.channel.')).toBe(c[n.newPatients] ?? 0);
          expect(sum('appointments.') - 2 * (c[n.appointments.booked] ?? 0)).toBe(0);
          expect(Object.values(c).every((v) => Number.isSafeInteger(v))).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
