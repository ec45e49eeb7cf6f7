import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { careCallsForVisit } from '../../shared/domain/care-pathway.js';
import { checkPayments } from '../../shared/domain/checkout/payments.js';
import { priceVisit } from '../../shared/domain/checkout/pricing.js';
import { lifecycleStage } from '../../shared/domain/lifecycle.js';
import { yuanToFen } from '../../shared/domain/money.js';
import { nextRecall, recallsForVisit } from '../../shared/domain/recall.js';
import { addMonths } from '../../shared/domain/time.js';
import { applyAttempt } from '../../shared/domain/tasks.js';
import type { Procedure, RecallRule } from '../../shared/schemas/catalog.js';
import type { FollowUpTask } from '../../shared/schemas/task.js';

const procedure = (over: Partial<Procedure>): Procedure => ({
  procedureId: 'p', code: 'cleaning', nameZh: '洁牙', nameEn: 'Cleaning', category: 'basic', valueTier: 'basic', priceFen: 15_000, clinicPrices: {}, carePathway: [], recall: null, active: true, updatedAt: '', ...over,
});

describe('pricing a visit (invariant 3: integer fen)', () => {
  const catalog = new Map([['a', procedure({ procedureId: 'a', priceFen: 15_000, clinicPrices: { c2: 12_800 } })], ['b', procedure({ procedureId: 'b', code: 'x', priceFen: 99_900 })]]);
  it('uses the clinic price, quantities and discounts', () => {
    const result = priceVisit({ clinicId: 'c2', discountFen: 800, lines: [{ procedureId: 'a', quantity: 2, teeth: [], discountFen: 0 }, { procedureId: 'b', quantity: 1, teeth: [], discountFen: 9_900 }] }, catalog);
    expect(result).toMatchObject({ ok: true, visit: { subtotalFen: 25_600 + 90_000, discountFen: 800, totalFen: 114_800 } });
  });
  it('totals are always integers and never negative', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ q: fc.integer({ min: 1, max: 32 }), d: fc.integer({ min: 0, max: 20_000 }) }), { minLength: 1, maxLength: 10 }), fc.integer({ min: 0, max: 50_000 }), (lines, discount) => {
        const r = priceVisit({ clinicId: 'c1', discountFen: discount, lines: lines.map((l) => ({ procedureId: 'a', quantity: l.q, teeth: [], discountFen: l.d })) }, catalog);
        if (r.ok) expect(Number.isSafeInteger(r.visit.totalFen) && r.visit.totalFen >= 0).toBe(true);
      }),
    );
  });
  it('payments must add up; installments must be due after today and add up', () => {
    expect(checkPayments([{ method: 'cash', amountFen: 100 }], 100, '2026-11-22')).toEqual([]);
    expect(checkPayments([{ method: 'cash', amountFen: 99 }], 100, '2026-11-22')[0]?.path).toBe('payments');
    const late = checkPayments([{ method: 'installment', amountFen: 100, schedule: [{ dueDate: '2026-11-22', amountFen: 100 }] }], 100, '2026-11-22');
    expect(late.map((p) => p.path)).toEqual(['payments.0.schedule.0.dueDate']);
  });
  it('reads yuan amounts as clinics write them', () => {
    expect(yuanToFen('¥1,298.5')).toBe(129_850);
    expect(yuanToFen('298元')).toBe(29_800);
    expect(yuanToFen('12.345')).toBeNull();
    expect(yuanToFen('abc')).toBeNull();
  });
});

describe('recall', () => {
  it('adds months on the calendar, clamping to the month’s end', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2026-11-22', 14)).toBe('2028-01-22');
  });
  it('implant milestones count from placement and end after the last', () => {
    const rule: RecallRule = { kind: 'milestones', group: 'implant', months: [12, 24, 36] };
    expect(nextRecall(rule, '2026-03-01')?.dueDate).toBe('2027-03-01');
    expect(nextRecall(rule, '2027-03-05', '2026-03-01')?.dueDate).toBe('2028-03-01');
    // Years later a new implant starts a new schedule instead of ending with none.
    expect(nextRecall(rule, '2030-05-02', '2026-03-01')).toMatchObject({ dueDate: '2031-05-02', anchorDate: '2030-05-02' });
  });
  it('one recall per group: the earliest due date wins', () => {
    const due = recallsForVisit([{ kind: 'interval', group: 'cleaning', months: 6 }, { kind: 'interval', group: 'cleaning', months: 3 }, null], '2026-01-10', new Map());
    expect(due).toEqual([expect.objectContaining({ group: 'cleaning', dueDate: '2026-04-10' })]);
  });
});

describe('care pathway calls', () => {
  it('24 h and 48 h after the visit, one per occasion even on two lines', () => {
    const wisdom = { code: 'wisdom', carePathway: [{ offsetDays: 0, action: 'message', topic: 'care' }, { offsetDays: 1, action: 'call', topic: 'post-op-24h' }, { offsetDays: 2, action: 'call', topic: 'post-op-48h' }] as Procedure['carePathway'] };
    const calls = careCallsForVisit('V1', '2026-11-22T02:00:00.000Z', [wisdom, wisdom]);
    expect(calls.map((c) => [c.topic, c.dueAt])).toEqual([['post-op-24h', '2026-11-23T02:00:00.000Z'], ['post-op-48h', '2026-11-24T02:00:00.000Z']]);
  });
});

describe('lifecycle', () => {
  const now = new Date('2026-11-22T00:00:00Z');
  it('follows seed 003’s stages and goes dormant after 12 months', () => {
    expect(lifecycleStage({ visitCount: 0, totalSpendFen: 0 }, now)).toBe('consulted');
    expect(lifecycleStage({ visitCount: 1, totalSpendFen: 1, lastVisitAt: '2026-11-20T00:00:00Z', lastCarePathwayUntil: '2026-11-27T00:00:00Z' }, now)).toBe('post-care');
    expect(lifecycleStage({ visitCount: 1, totalSpendFen: 1, lastVisitAt: '2026-11-10T00:00:00Z', lastCategories: ['implant'] }, now)).toBe('in-treatment');
    expect(lifecycleStage({ visitCount: 3, totalSpendFen: 1, lastVisitAt: '2026-05-10T00:00:00Z' }, now)).toBe('maintenance');
    expect(lifecycleStage({ visitCount: 6, totalSpendFen: 600_000, lastVisitAt: '2026-05-10T00:00:00Z' }, now)).toBe('loyal');
    expect(lifecycleStage({ visitCount: 9, totalSpendFen: 900_000, lastVisitAt: '2025-11-01T00:00:00Z' }, now)).toBe('dormant');
  });
});

describe('call attempts', () => {
  const task: FollowUpTask = {
    taskId: 't', patientId: 'p', patientName: 'x', clinicId: 'c', kind: 'care-call', topic: 'post-op-24h', occasion: 't', dueAt: '2026-11-22T00:00:00.000Z',
    assignee: { kind: 'role', role: 'frontdesk' }, status: 'open', attempts: [], createdAt: '', updatedAt: '',
  };
  const at = '2026-11-22T03:00:00.000Z';
  it('no answer: tomorrow, then the manager after the third', () => {
    const once = applyAttempt(task, { at, by: 'u', outcome: 'no-answer', notes: '' });
    expect(once).toMatchObject({ status: 'open', dueAt: '2026-11-23T03:00:00.000Z' });
    const thrice = applyAttempt({ ...task, attempts: [...once.attempts, ...once.attempts] }, { at, by: 'u', outcome: 'no-answer', notes: '' });
    expect(thrice).toMatchObject({ status: 'escalated', assignee: { kind: 'role', role: 'manager' } });
  });
  it('reached with a problem goes to the manager at once; reached fine is done', () => {
    expect(applyAttempt(task, { at, by: 'u', outcome: 'reached-problem', notes: '' }).status).toBe('escalated');
    expect(applyAttempt(task, { at, by: 'u', outcome: 'reached-fine', notes: '' }).status).toBe('done');
  });
});
