/** Issue 5: appointment, task, message and survey deltas; reading rollups; attribute names. */
import { describe, expect, it } from 'vitest';
import {
  addDeltas,
  breakdowns,
  countersFromItem,
  counterNames,
  deltaForAppointmentChange,
  deltaForMessageOutcome,
  deltaForSurvey,
  deltaForTaskChange,
  derive,
  emptyRollup,
  fromAttributeName,
  kpiTaskOf,
  segment,
  sumRollups,
  toAddUpdate,
  toAttributeName,
  type KpiAppointment,
  type KpiTask,
} from '../../shared/domain/kpi/rollup.js';

const sh = 'Asia/Shanghai';

describe('deltaForAppointmentChange', () => {
  const booked: KpiAppointment = { appointmentId: 'A1', clinicId: 'C1', localDay: '2026-03-10', status: 'booked' };

  it('counts a new booking on its scheduled day as booked and open', () => {
    expect(deltaForAppointmentChange(undefined, booked)).toEqual([{ clinicId: 'C1', day: '2026-03-10', counters: { 'appointments.booked': 1, 'appointments.open': 1 } }]);
  });

  it('moves it between buckets on status changes and between days on a reschedule', () => {
    expect(deltaForAppointmentChange(booked, { ...booked, status: 'checked-in' })).toEqual([]);
    expect(deltaForAppointmentChange(booked, { ...booked, status: 'no-show' })).toEqual([{ clinicId: 'C1', day: '2026-03-10', counters: { 'appointments.open': -1, 'appointments.noShow': 1 } }]);
    expect(deltaForAppointmentChange(booked, { ...booked, localDay: '2026-03-12' })).toEqual([
      { clinicId: 'C1', day: '2026-03-10', counters: { 'appointments.booked': -1, 'appointments.open': -1 } },
      { clinicId: 'C1', day: '2026-03-12', counters: { 'appointments.booked': 1, 'appointments.open': 1 } },
    ]);
  });
});

describe('deltaForTaskChange', () => {
  // Due 09:00 Shanghai on 11 March (01:00Z).
  const task: KpiTask = { taskId: 'T1', clinicId: 'C1', dueAt: '2026-03-11T01:00:00Z', staff: 'u-li', status: 'open', overdue: false };

  it('counts a task due under its assignee, and done when done', () => {
    expect(deltaForTaskChange(undefined, task, sh)).toEqual([{ clinicId: 'C1', day: '2026-03-11', counters: { 'tasks.due': 1, 'tasks.due.u-li': 1 } }]);
    expect(deltaForTaskChange(task, { ...task, status: 'done' }, sh)).toEqual([{ clinicId: 'C1', day: '2026-03-11', counters: { 'tasks.done': 1, 'tasks.done.u-li': 1 } }]);
  });

  it('reads overdue from the escalation sweep, not from a problem call', () => {
    const base = { taskId: 'T1', clinicId: 'C1', assignee: { kind: 'role', role: 'manager' } as const, status: 'escalated' as const };
    // escalateOverdue: no attempt, dueAt moved to the sweep's time.
    expect(kpiTaskOf({ ...base, dueAt: '2026-03-12T02:00:00Z', attempts: [] })).toMatchObject({ overdue: true, staff: 'role:manager' });
    // reached-problem: dueAt equals the attempt's time.
    expect(kpiTaskOf({ ...base, dueAt: '2026-03-11T03:00:00Z', attempts: [{ at: '2026-03-11T03:00:00Z', by: 'u-li', outcome: 'reached-problem', notes: '' }] }).overdue).toBe(false);
  });
});

describe('deltaForMessageOutcome', () => {
  const base = { clinicId: 'C1', purpose: 'recall' as const, at: '2026-03-10T02:00:00Z' };

  it('counts final outcomes by automation, skips with a bounded reason, nothing while deferred', () => {
    expect(deltaForMessageOutcome(undefined, { ...base, status: 'deferred' }, () => sh)).toEqual([]);
    expect(deltaForMessageOutcome(undefined, { ...base, status: 'skipped', skipReason: 'template: missing name' }, () => sh)).toEqual([
      { clinicId: 'C1', day: '2026-03-10', counters: { 'messages.skipped': 1, 'messages.skipped.recall': 1, 'messages.skipReason.template': 1 } },
    ]);
  });

  it('moves a failed send to sent when the retry goes out the next day', () => {
    const failed = { ...base, status: 'failed' as const };
    expect(deltaForMessageOutcome(failed, { ...base, status: 'sent', at: '2026-03-11T02:00:00Z' }, () => sh)).toEqual([
      { clinicId: 'C1', day: '2026-03-10', counters: { 'messages.failed': -1, 'messages.failed.recall': -1 } },
      { clinicId: 'C1', day: '2026-03-11', counters: { 'messages.sent': 1, 'messages.sent.recall': 1 } },
    ]);
  });
});

describe('deltaForSurvey', () => {
  it('adds the nps.ts totals on the answer day', () => {
    expect(deltaForSurvey({ surveyId: 'S1', clinicId: 'C1', answeredAt: '2026-03-10T16:30:00Z', score: 4, nps: 9 }, sh)).toEqual([
      { clinicId: 'C1', day: '2026-03-11', counters: { 'surveys.responses': 1, 'surveys.scoreSum': 4, 'surveys.promoters': 1 } },
    ]);
  });
});

describe('sumRollups and derive', () => {
  // Clinic C1, two days; C2 one day. Hand totals: visits 3+2+5 = 10, revenue 90,000+40,000+70,001 = 200,001.
  const day1 = { visits: 3, uniquePatients: 3, revenueFen: 90_000, 'appointments.booked': 5, 'appointments.kept': 3, 'appointments.noShow': 1, 'appointments.cancelled': 1, 'surveys.responses': 2, 'surveys.scoreSum': 9, 'surveys.promoters': 1, 'surveys.passives': 1 };
  const day2 = { visits: 2, uniquePatients: 2, revenueFen: 40_000, 'appointments.booked': 3, 'appointments.kept': 2, 'appointments.open': 1, 'surveys.responses': 1, 'surveys.scoreSum': 2, 'surveys.detractors': 1 };
  const c2 = { visits: 5, uniquePatients: 4, revenueFen: 70_001, 'tasks.due': 4, 'tasks.done': 3, 'tasks.overdue': 1, 'messages.sent': 8, 'messages.skipped': 2 };

  it('adds counters and drops zeros', () => {
    expect(sumRollups([])).toEqual(emptyRollup());
    expect(addDeltas({ visits: 1, revenueFen: 5 }, { visits: -1 })).toEqual({ revenueFen: 5 });
    expect(sumRollups([day1, day2, c2])).toMatchObject({ visits: 10, uniquePatients: 9, revenueFen: 200_001, 'appointments.booked': 8 });
  });

  it('derives ticket, appointment rates, task and message rates and NPS from the sums', () => {
    const k = derive(sumRollups([day1, day2, c2]));
    // 200,001 / 10 = 20,000.1 → 20,000 fen.
    expect(k.averageTicketFen).toBe(20_000);
    // kept 5, no-show 1: kept 5/6, no-show 1/6; cancelled 1 of 8 booked.
    expect(k.appointments).toEqual({ booked: 8, open: 1, kept: 5, noShow: 1, cancelled: 1, keptRate: 5 / 6, noShowRate: 1 / 6, cancelRate: 1 / 8 });
    expect(k.tasks).toEqual({ due: 4, done: 3, overdue: 1, doneRate: 0.75, overdueRate: 0.25 });
    expect(k.messages.sentRate).toBe(0.8);
    // 3 answers: 1 promoter, 1 passive, 1 detractor → NPS 0; scores 11 / 3 = 3.67.
    expect(k.surveys).toMatchObject({ answerCount: 3, averageScore: 3.67, nps: 0 });
  });

  it('derives nulls, not zeros, where nothing happened', () => {
    const k = derive(emptyRollup());
    expect([k.averageTicketFen, k.appointments.keptRate, k.tasks.doneRate, k.surveys.nps]).toEqual([null, null, null, null]);
  });

  it('rounds the ticket half up in whole fen', () => {
    expect(derive({ visits: 2, revenueFen: 3 }).averageTicketFen).toBe(2);
    expect(derive({ visits: 3, revenueFen: 4 }).averageTicketFen).toBe(1);
  });

  it('breaks families down by their segment', () => {
    const c = { 'tasks.due.u-li': 2, 'tasks.done.u-li': 1, 'tasks.overdue.role:manager': 1, 'revenueFen.category.implant': 10, 'messages.sent.recall': 3, 'messages.skipped.recall': 1 };
    const b = breakdowns(c);
    expect(b.tasksByStaff).toEqual({ 'u-li': { due: 2, done: 1, overdue: 0 }, 'role:manager': { due: 0, done: 0, overdue: 1 } });
    expect(b.revenueFenByCategory).toEqual({ implant: 10 });
    expect(b.messagesByPurpose).toEqual({ recall: { sent: 3, skipped: 1, failed: 0 } });
  });
});

describe('attribute names', () => {
  it('uses only [A-Za-z0-9_], round-trips, and keeps a prefix apart from key attributes', () => {
    const names = ['revenueFen.method.walk-in', 'tasks.due.role:manager', 'tasks.due.user_with_underscore', 'tasks.due.张医生', counterNames.newPatientsByChannel('xiaohongshu'), 'tasks.due.🦷'];
    for (const name of names) {
      const attribute = toAttributeName(name);
      expect(attribute).toMatch(/^[A-Za-z0-9_]+$/);
      expect(fromAttributeName(attribute)).toBe(name);
    }
    expect(toAttributeName('revenueFen.method.walk-in')).toBe('c__revenueFen__method__walk_2din');
    expect(fromAttributeName('pk')).toBeUndefined();
  });

  it('bounds free ids: an overlong staff id becomes a prefix plus a hash, the same every time', () => {
    const long = 'x'.repeat(200);
    expect(segment(long)).toHaveLength(64);
    expect(segment(long)).toBe(segment(long));
    expect(segment(long)).not.toBe(segment(`${'x'.repeat(199)}y`));
    expect(segment('a.b')).toBe('a_b');
  });

  it('builds one ADD update for a delta and reads counters back from a stored item', () => {
    const update = toAddUpdate({ visits: 1, 'revenueFen.method.wechat': 15_000, uniquePatients: 0 });
    expect(update).toEqual({
      UpdateExpression: 'ADD #c0 :c0, #c1 :c1',
      ExpressionAttributeNames: { '#c0': 'c__revenueFen__method__wechat', '#c1': 'c__visits' },
      ExpressionAttributeValues: { ':c0': 15_000, ':c1': 1 },
    });
    expect(toAddUpdate({})).toBeUndefined();
    expect(countersFromItem({ pk: 'T#1', c__visits: 3, c__revenueFen__method__wechat: 0 })).toEqual({ visits: 3 });
  });
});
