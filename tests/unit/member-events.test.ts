/** Member events' pure rules: sign-up and waiting list, cancellation and promotion, when messages fall due, reply words. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyCancel, applySignUp, cancelStep, promote, seatsToPromote, signUpStep, waitKey, type Roster } from '../../shared/domain/events/roster.js';
import { attendanceOpen, attendanceOpensAt, eventPhase, invitationDue, openForSignUp, reminderDue, surveyDue } from '../../shared/domain/events/schedule.js';
import { invitationText } from '../../shared/domain/events/texts.js';
import { classifyReply } from '../../shared/domain/messaging/replies.js';
import { renderMessage } from '../../shared/domain/messaging/template.js';
import { eventInputSchema } from '../../shared/schemas/events.js';

const roster = (capacity: number): Roster => ({ capacity, attendees: new Map() });
const t = (s: number) => new Date(Date.UTC(2026, 11, 1) + s * 1000).toISOString();

describe('sign-up and waiting list', () => {
  it('takes a seat until full, then queues; a second "1" changes nothing', () => {
    expect(signUpStep({ capacity: 3, signedUp: 2, waiting: 0 }, 'invited')).toEqual({ kind: 'take-seat' });
    expect(signUpStep({ capacity: 3, signedUp: 3, waiting: 0 }, 'invited')).toEqual({ kind: 'join-waiting-list' });
    expect(signUpStep({ capacity: 3, signedUp: 1, waiting: 0 }, 'cancelled')).toEqual({ kind: 'take-seat' });
    expect(signUpStep({ capacity: 3, signedUp: 3, waiting: 0 }, 'signed-up')).toEqual({ kind: 'already', status: 'signed-up' });
    expect(signUpStep({ capacity: 3, signedUp: 3, waiting: 1 }, 'waiting')).toEqual({ kind: 'already', status: 'waiting' });
  });

  it('a cancellation frees the seat for the first waiting, first come first served', () => {
    const r = roster(3);
    for (let i = 0; i < 6; i++) applySignUp(r, `p${i}`, t(10 - i));
    expect([...r.attendees.values()].filter((a) => a.status === 'signed-up')).toHaveLength(3);
    // p5 replied earliest among the waiting (t(5)), then p4, then p3
    expect(applyCancel(r, 'p0')).toEqual({ outcome: 'free-seat', promoted: ['p5'] });
    expect(applyCancel(r, 'p4')).toEqual({ outcome: 'leave-waiting-list', promoted: [] });
    expect(applyCancel(r, 'p4')).toEqual({ outcome: 'nothing', promoted: [] });
    expect(r.attendees.get('p3')?.status).toBe('waiting');
  });

  it('a larger room moves as many up as fit', () => {
    const r = roster(1);
    for (let i = 0; i < 4; i++) applySignUp(r, `p${i}`, t(i));
    r.capacity = 3;
    expect(promote(r)).toEqual(['p1', 'p2']);
    expect(seatsToPromote({ capacity: 3, signedUp: 3, waiting: 1 })).toBe(0);
    expect(seatsToPromote({ capacity: 5, signedUp: 3, waiting: 1 })).toBe(1);
  });

  it('never exceeds capacity and keeps the queue in reply order, whatever the replies and cancellations', () => {
    const action = fc.record({ who: fc.integer({ min: 0, max: 9 }), cancel: fc.boolean() });
    fc.assert(fc.property(fc.integer({ min: 1, max: 5 }), fc.array(action, { maxLength: 60 }), (capacity, actions) => {
      const r = roster(capacity);
      actions.forEach((a, i) => (a.cancel ? applyCancel(r, `p${a.who}`) : applySignUp(r, `p${a.who}`, t(i))));
      const all = [...r.attendees.values()];
      const signedUp = all.filter((a) => a.status === 'signed-up').length;
      const waiting = all.filter((a) => a.status === 'waiting').length;
      expect(signedUp).toBeLessThanOrEqual(capacity);
      // nobody waits while a place is free
      if (waiting > 0) expect(signedUp).toBe(capacity);
    }));
  });

  it('cancel steps and wait keys sort by arrival', () => {
    expect(cancelStep('signed-up')).toEqual({ kind: 'free-seat' });
    expect(cancelStep('waiting')).toEqual({ kind: 'leave-waiting-list' });
    expect(cancelStep('invited')).toEqual({ kind: 'nothing' });
    expect(waitKey(t(1), 'Z') < waitKey(t(2), 'A')).toBe(true);
  });
});

describe('when messages fall due', () => {
  const event = { startAt: '2026-12-10T06:30:00.000Z', endAt: '2026-12-10T08:30:00.000Z', status: 'scheduled' };
  it('invites in the week before, reminds in the last day, surveys in the day after', () => {
    expect(invitationDue(event, new Date('2026-12-03T06:29:00Z'))).toBe(false);
    expect(invitationDue(event, new Date('2026-12-03T06:30:00Z'))).toBe(true);
    expect(reminderDue(event, new Date('2026-12-09T06:00:00Z'))).toBe(false);
    expect(reminderDue(event, new Date('2026-12-09T07:00:00Z'))).toBe(true);
    expect(reminderDue(event, new Date('2026-12-10T06:30:00Z'))).toBe(false);
    expect(surveyDue(event, new Date('2026-12-10T09:00:00Z'))).toBe(true);
    expect(surveyDue(event, new Date('2026-12-11T08:30:00Z'))).toBe(false);
    expect(openForSignUp(event, new Date('2026-12-10T06:29:59Z'))).toBe(true);
    expect(openForSignUp({ ...event, status: 'cancelled' }, new Date('2026-12-01T00:00:00Z'))).toBe(false);
    expect(eventPhase(event, new Date('2026-12-10T07:00:00Z'))).toBe('under-way');
    expect(eventPhase(event, new Date('2026-12-20T07:00:00Z'))).toBe('over');
  });

  it('attendance opens an hour before the start, not days ahead, and stays open after the end', () => {
    const event = { startAt: '2026-12-10T06:30:00Z', endAt: '2026-12-10T08:30:00Z' };
    expect(attendanceOpensAt(event).toISOString()).toBe('2026-12-10T05:30:00.000Z');
    expect(attendanceOpen(event, new Date('2026-12-07T06:30:00Z'))).toBe(false);
    expect(attendanceOpen(event, new Date('2026-12-10T05:29:59Z'))).toBe(false);
    expect(attendanceOpen(event, new Date('2026-12-10T05:30:00Z'))).toBe(true);
    expect(attendanceOpen(event, new Date('2026-12-12T09:00:00Z'))).toBe(true);
  });
});

describe('texts and input', () => {
  it('the invitation carries the signature and 退订回T and ends with 报名回1', () => {
    const rendered = renderMessage(invitationText({ title: '口腔健康沙龙', place: '静安店', date: '2026-12-10', time: '14:30' }), { name: '王芳', clinic: '静安店' }, '微笑口腔', true);
    expect(rendered.ok && rendered.text).toMatch(/^【微笑口腔】王芳您好.*退订回T，报名回1$/);
  });

  it('"1", "１" and "报名" can sign up; "取消报名" cancels', () => {
    expect(classifyReply('１')).toBe('confirm');
    expect(classifyReply('报名')).toBe('sign-up');
    expect(classifyReply('取消报名！')).toBe('cancel-sign-up');
  });

  it('refuses a capacity below 1 and braces in the title, by field', () => {
    const base = { title: '沙龙', clinicId: '01JAAAAAAAAAAAAAAAAAAAAAAA', date: '2026-12-10', time: '14:30', place: '二楼', capacity: 3 };
    expect(eventInputSchema.safeParse(base).success).toBe(true);
    expect(eventInputSchema.safeParse({ ...base, capacity: 0 }).error?.issues[0]?.path).toEqual(['capacity']);
    expect(eventInputSchema.safeParse({ ...base, title: '{name}' }).error?.issues[0]?.path).toEqual(['title']);
    expect(eventInputSchema.safeParse({ ...base, time: '25:00' }).error?.issues[0]?.path).toEqual(['time']);
  });
});
