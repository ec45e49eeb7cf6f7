/** Issue 13: a task made from a patient's SMS is due in working hours, never overdue on arrival. */
import { describe, expect, it } from 'vitest';
import { replyDueAt } from '../../shared/domain/tasks.js';

const sh = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+08:00`).toISOString();

describe('when the desk must answer an SMS', () => {
  it('two working hours after it arrived, inside the clinic day', () => {
    expect(replyDueAt(sh('2026-12-07', '10:15'), 'Asia/Shanghai')).toBe(sh('2026-12-07', '12:15'));
  });
  it('after closing or before opening: two hours into the next opening', () => {
    expect(replyDueAt(sh('2026-12-07', '22:40'), 'Asia/Shanghai')).toBe(sh('2026-12-08', '11:00'));
    expect(replyDueAt(sh('2026-12-07', '06:30'), 'Asia/Shanghai')).toBe(sh('2026-12-07', '11:00'));
  });
  it('late in the day: what is left carries over to the next morning', () => {
    expect(replyDueAt(sh('2026-12-07', '17:30'), 'Asia/Shanghai')).toBe(sh('2026-12-08', '10:30'));
  });
});
