/** Invariant 6, as a pure decision: consent, suppression, quiet hours (with daylight saving), budget, staleness. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { messagePurposes, purposeRules } from '../../shared/domain/messaging/purposes.js';
import { defaultWindows, insideWindow, nextOpening } from '../../shared/domain/messaging/quiet-hours.js';
import { decideSend, type SendFacts } from '../../shared/domain/messaging/send-decision.js';
import { renderMessage } from '../../shared/domain/messaging/template.js';

const granted = { granted: true, source: 'paper-form', at: '2026-01-01T00:00:00.000Z', channel: 'sms' } as const;
const facts = (over: Partial<SendFacts> = {}): SendFacts => ({
  purpose: 'recall',
  consents: { care: granted, marketing: granted },
  doNotContact: { deceased: false, optedOut: false, openComplaint: false },
  hasPhone: true,
  now: new Date('2026-11-22T02:00:00Z'), // 10:00 in Shanghai
  timeZone: 'Asia/Shanghai',
  windows: defaultWindows,
  marketingSentInPeriod: 0,
  marketingBudget: 2,
  occasionStillTrue: true,
  ...over,
});

describe('sending windows in the clinic’s zone', () => {
  it('Asia/Shanghai: 08:00–20:00 for marketing, deferred to the next 08:00', () => {
    expect(insideWindow(new Date('2026-11-22T00:00:00Z'), 'Asia/Shanghai', defaultWindows.marketing)).toBe(true); // 08:00
    expect(insideWindow(new Date('2026-11-22T12:30:00Z'), 'Asia/Shanghai', defaultWindows.marketing)).toBe(false); // 20:30
    expect(nextOpening(new Date('2026-11-22T12:30:00Z'), 'Asia/Shanghai', defaultWindows.marketing).toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(nextOpening(new Date('2026-11-21T20:00:00Z'), 'Asia/Shanghai', defaultWindows.marketing).toISOString()).toBe('2026-11-22T00:00:00.000Z'); // 04:00 → 08:00 same day
  });

  it('America/Vancouver across the spring-forward night: 08:00 local is 16:00Z before and 15:00Z after', () => {
    // 2026-03-08 02:00 local clocks jump to 03:00 (UTC-8 → UTC-7).
    expect(nextOpening(new Date('2026-03-07T06:00:00Z'), 'America/Vancouver', defaultWindows.marketing).toISOString()).toBe('2026-03-07T16:00:00.000Z');
    expect(nextOpening(new Date('2026-03-08T05:00:00Z'), 'America/Vancouver', defaultWindows.marketing).toISOString()).toBe('2026-03-08T15:00:00.000Z');
    expect(insideWindow(new Date('2026-03-08T15:30:00Z'), 'America/Vancouver', defaultWindows.marketing)).toBe(true);
    expect(insideWindow(new Date('2026-03-08T15:30:00Z'), 'America/Vancouver', { startHour: 9, endHour: 20 })).toBe(false);
  });
});

describe('decideSend', () => {
  it('sends a recall with care consent inside the window', () => expect(decideSend(facts())).toEqual({ kind: 'send' }));
  it('defers outside the window instead of dropping', () =>
    expect(decideSend(facts({ now: new Date('2026-11-22T14:00:00Z') }))).toEqual({ kind: 'defer', until: '2026-11-23T00:00:00.000Z', reason: 'quiet-hours' }));
  it('skips a moved or cancelled occasion', () => expect(decideSend(facts({ occasionStillTrue: false }))).toEqual({ kind: 'skip', reason: 'stale-occasion' }));
  it('marketing needs marketing consent and budget; an open complaint stops every message (DESIGN invariant 6)', () => {
    expect(decideSend(facts({ purpose: 'birthday', consents: { care: granted } }))).toEqual({ kind: 'skip', reason: 'no-consent' });
    expect(decideSend(facts({ purpose: 'birthday', marketingSentInPeriod: 2 }))).toEqual({ kind: 'skip', reason: 'budget' });
    expect(decideSend(facts({ purpose: 'birthday', doNotContact: { deceased: false, optedOut: false, openComplaint: true } }))).toEqual({ kind: 'skip', reason: 'open-complaint' });
    expect(decideSend(facts({ purpose: 'care', doNotContact: { deceased: false, optedOut: false, openComplaint: true } }))).toEqual({ kind: 'skip', reason: 'open-complaint' });
    expect(decideSend(facts({ purpose: 'appointment-reminder', doNotContact: { deceased: false, optedOut: false, openComplaint: true } }))).toEqual({ kind: 'skip', reason: 'open-complaint' });
  });

  it('never sends to the opted-out, the deceased, those without consent, or anyone with an open complaint (any purpose, any time)', () => {
    const consent = fc.option(fc.record({ granted: fc.boolean(), source: fc.constant('verbal' as const), at: fc.constant('2026-01-01T00:00:00.000Z'), channel: fc.constant('sms' as const) }), { nil: undefined });
    fc.assert(
      fc.property(
        fc.constantFrom(...messagePurposes),
        consent,
        consent,
        fc.record({ deceased: fc.boolean(), optedOut: fc.boolean(), openComplaint: fc.boolean() }),
        fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2027-01-01T00:00:00Z'), noInvalidDate: true }),
        fc.constantFrom('Asia/Shanghai', 'America/Vancouver', 'Europe/Berlin'),
        (purpose, care, marketing, doNotContact, now, timeZone) => {
          const decision = decideSend(facts({ purpose, consents: { ...(care ? { care } : {}), ...(marketing ? { marketing } : {}) }, doNotContact, now, timeZone }));
          if (decision.kind !== 'send') return;
          const rules = purposeRules[purpose];
          expect(doNotContact.deceased || doNotContact.optedOut || doNotContact.openComplaint).toBe(false);
          expect((rules.consent === 'care' ? care : marketing)?.granted).toBe(true);
          expect(insideWindow(now, timeZone, defaultWindows[rules.window])).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('renderMessage', () => {
  it('signs, fills the allowed variables, and lets marketing be refused', () => {
    expect(renderMessage('{name}您好，明天{time}在{clinic}复诊。', { name: '张伟', time: '10:00', clinic: '静安店' }, '微笑口腔', false)).toEqual({ ok: true, text: '【微笑口腔】张伟您好，明天10:00在静安店复诊。' });
    expect(renderMessage('{name}生日快乐，送您{coupon}', { name: '王芳', coupon: '洁牙8折券' }, '微笑口腔', true)).toEqual({ ok: true, text: '【微笑口腔】王芳生日快乐，送您洁牙8折券 退订回T' });
  });
  it('refuses variables outside the list (no treatment details can be templated in)', () => {
    expect(renderMessage('{name}的{procedure}复查', { name: '张伟' }, '微笑口腔', false)).toEqual({ ok: false, reason: 'unknown variables: procedure' });
  });
});

describe('appointment reminders due', () => {
  const appointment = { appointmentId: 'A', startAt: '2026-11-24T02:30:00.000Z', version: 3, status: 'booked' }; // 10:30 Shanghai, 24th
  it('the evening before from 18:00 clinic time, and two hours before', async () => {
    const { remindersDue, reminderOccasion } = await import('../../shared/domain/messaging/reminders.js');
    expect(remindersDue(appointment, new Date('2026-11-23T09:45:00Z'), 'Asia/Shanghai')).toEqual([]); // 17:45
    expect(remindersDue(appointment, new Date('2026-11-23T10:00:00Z'), 'Asia/Shanghai')).toEqual(['day-before']); // 18:00
    expect(remindersDue(appointment, new Date('2026-11-24T00:30:00Z'), 'Asia/Shanghai')).toEqual(['two-hours']); // 08:30
    expect(remindersDue({ ...appointment, status: 'cancelled' }, new Date('2026-11-24T00:30:00Z'), 'Asia/Shanghai')).toEqual([]);
    expect(reminderOccasion(appointment, 'two-hours')).toBe('appt.A.v3.two-hours');
  });
});
