import { describe, expect, it } from 'vitest';
import { initialQueueDay, planRecallContact } from '../../shared/domain/messaging/recall-outreach.js';

const settings = { daysBefore: [14, 7], maxAttempts: 2 };
const fresh = (dueDate: string) => ({ dueDate, contacts: 0, stepsDone: [] as number[] });

describe('recall outreach plan', () => {
  it('enters the queue 60 days ahead and waits for the first step', () => {
    expect(initialQueueDay('2027-03-01')).toBe('2026-12-31');
    expect(planRecallContact(fresh('2027-03-01'), '2026-12-31', settings)).toEqual({ kind: 'wait', until: '2027-02-15' });
  });
  it('sends the 14-day step, then waits for the 7-day step', () => {
    expect(planRecallContact(fresh('2027-03-01'), '2027-02-15', settings)).toEqual({ kind: 'send', step: 14, nextQueueDay: '2027-02-22' });
    expect(planRecallContact({ dueDate: '2027-03-01', contacts: 1, stepsDone: [14] }, '2027-02-22', settings)).toEqual({ kind: 'send', step: 7 });
  });
  it('after missed days sends only the latest step due', () => {
    expect(planRecallContact(fresh('2027-03-01'), '2027-02-25', settings)).toEqual({ kind: 'send', step: 7 });
  });
  it('stops at the attempts cap, after the due date, and when no step is left', () => {
    expect(planRecallContact({ dueDate: '2027-03-01', contacts: 2, stepsDone: [14, 7] }, '2027-02-26', settings)).toEqual({ kind: 'done' });
    expect(planRecallContact(fresh('2027-03-01'), '2027-03-02', settings)).toEqual({ kind: 'done' });
    expect(planRecallContact({ dueDate: '2027-03-01', contacts: 1, stepsDone: [7] }, '2027-02-27', settings)).toEqual({ kind: 'done' });
    expect(planRecallContact(fresh('2027-03-01'), '2027-02-15', { daysBefore: [14, 7], maxAttempts: 1 })).toEqual({ kind: 'send', step: 14 });
  });
  it('counts months and years across month ends', () => {
    expect(planRecallContact(fresh('2027-01-05'), '2026-12-22', settings)).toEqual({ kind: 'send', step: 14, nextQueueDay: '2026-12-29' });
  });
});
