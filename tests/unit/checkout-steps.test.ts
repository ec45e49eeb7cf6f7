import { describe, expect, it } from 'vitest';
import { applyAdjustments, manualDiscount, type AdjustmentApplier } from '../../shared/domain/checkout/adjustments.js';
import { careCallTasks, carePathwayDays, proceduresDone, visitCareMessages, visitRecalls } from '../../shared/domain/checkout/follow-ups.js';
import { installmentParts } from '../../shared/domain/checkout/payments.js';
import { planCheckout, priceCheckout, type CheckoutFacts } from '../../shared/domain/checkout/plan.js';
import { priceLines, priceVisit } from '../../shared/domain/checkout/pricing.js';
import type { Procedure } from '../../shared/schemas/catalog.js';

const procedure = (over: Partial<Procedure>): Procedure => ({
  procedureId: 'p', code: 'cleaning', nameZh: '洁牙', nameEn: 'Cleaning', category: 'basic', valueTier: 'basic', priceFen: 15_000, clinicPrices: {}, carePathway: [], recall: null, active: true, updatedAt: '', ...over,
});
const cleaning = procedure({ procedureId: 'cl', recall: { kind: 'interval', group: 'cleaning', months: 6 } });
const extraction = procedure({
  procedureId: 'ex', code: 'wisdom-tooth', category: 'restorative', priceFen: 120_000,
  carePathway: [{ offsetDays: 0, action: 'message', topic: 'post-op-care' }, { offsetDays: 1, action: 'call', topic: 'post-op-24h' }, { offsetDays: 7, action: 'call', topic: 'healing-check' }],
});
const catalog = new Map([cleaning, extraction].map((p) => [p.procedureId, p]));
const line = (procedureId: string, over: { discountFen?: number; quantity?: number } = {}) => ({ procedureId, quantity: 1, teeth: [], discountFen: 0, ...over });

describe('checkout step 1: pricing the lines', () => {
  it('prices each line at the clinic and adds them up, before any adjustment', () => {
    expect(priceLines({ clinicId: 'c1', lines: [line('cl', { quantity: 2 }), line('ex', { discountFen: 20_000 })] }, catalog)).toMatchObject({ ok: true, priced: { subtotalFen: 130_000 } });
    expect(priceLines({ clinicId: 'c1', lines: [line('nope')] }, catalog)).toEqual({ ok: false, problems: [{ path: 'lines.0.procedureId', message: 'is not a procedure in this chain’s catalog', code: 'procedure.unknown' }] });
  });
});

describe('checkout step 2: adjustments, the seam for entitlements, coupons, points and stored value', () => {
  it('the manual discount takes from what is due, never more than the subtotal', () => {
    expect(applyAdjustments(10_000, { discountFen: 2_500 })).toEqual({ ok: true, adjusted: { subtotalFen: 10_000, dueFen: 7_500, adjustments: [{ kind: 'manual-discount', amountFen: 2_500 }] } });
    expect(applyAdjustments(10_000, { discountFen: 0 })).toEqual({ ok: true, adjusted: { subtotalFen: 10_000, dueFen: 10_000, adjustments: [] } });
    expect(applyAdjustments(10_000, { discountFen: 10_001 })).toEqual({ ok: false, problems: [{ path: 'discountFen', message: 'must not exceed the subtotal (10000 fen)', code: 'discount.over_subtotal', params: { amountFen: 10_000 } }] });
  });

  it('appliers run in order, each on what the ones before left; the first problem stops the checkout', () => {
    const halfOff: AdjustmentApplier = (so) => ({ ok: true, adjusted: { ...so, dueFen: so.dueFen / 2, adjustments: [...so.adjustments, { kind: 'manual-discount', amountFen: so.dueFen / 2 }] } });
    expect(applyAdjustments(10_000, { discountFen: 1_000 }, [halfOff, manualDiscount])).toMatchObject({ ok: true, adjusted: { dueFen: 4_000 } });
    const refuse: AdjustmentApplier = () => ({ ok: false, problems: [{ path: 'coupon', message: 'has expired', code: 'invalid' }] });
    expect(applyAdjustments(10_000, { discountFen: 1_000 }, [refuse, manualDiscount])).toEqual({ ok: false, problems: [{ path: 'coupon', message: 'has expired', code: 'invalid' }] });
  });

  it('the visit records the manual discount and the total after every adjustment', () => {
    expect(priceVisit({ clinicId: 'c1', discountFen: 5_000, lines: [line('cl'), line('ex', { discountFen: 20_000 })] }, catalog)).toEqual({
      ok: true,
      visit: expect.objectContaining({ subtotalFen: 115_000, discountFen: 5_000, totalFen: 110_000 }),
      adjustments: [{ kind: 'manual-discount', amountFen: 5_000 }],
    });
  });
});

describe('checkout step 3: payments', () => {
  it('numbers installment parts across every installment payment', () => {
    const parts = installmentParts(
      [
        { method: 'installment', amountFen: 200, schedule: [{ dueDate: '2027-01-01', amountFen: 100 }, { dueDate: '2027-02-01', amountFen: 100 }] },
        { method: 'cash', amountFen: 50 },
        { method: 'installment', amountFen: 70, schedule: [{ dueDate: '2027-01-15', amountFen: 70 }] },
      ],
      { visitId: 'v', patientId: 'p', clinicId: 'c' },
    );
    expect(parts.map((p) => [p.n, p.dueDate, p.amountFen, p.status])).toEqual([[0, '2027-01-01', 100, 'due'], [1, '2027-02-01', 100, 'due'], [2, '2027-01-15', 70, 'due']]);
  });

  it('pricing problems come before payment problems, and payments must add up to the adjusted total', () => {
    expect(priceCheckout({ clinicId: 'c1', discountFen: 0, lines: [line('nope')], payments: [] }, catalog, '2026-11-22')).toMatchObject({ ok: false, problems: [{ path: 'lines.0.procedureId' }] });
    expect(priceCheckout({ clinicId: 'c1', discountFen: 1_000, lines: [line('cl')], payments: [{ method: 'cash', amountFen: 15_000 }] }, catalog, '2026-11-22')).toEqual({
      ok: false, problems: [{ path: 'payments', message: 'add up to 15000 fen but the visit total is 14000 fen', code: 'payments.sum', params: { paidFen: 15_000, totalFen: 14_000 } }],
    });
  });
});

describe('checkout step 4: what the visit sets in motion', () => {
  const ref = { visitId: 'V1', patientId: 'p1', clinicId: 'c1', visitedAt: '2026-11-20T02:00:00.000Z', createdAt: '2026-11-20T03:00:00.000Z' };

  it('each procedure once, its longest care pathway, and the calls assigned to the dentist for post-op and the front desk otherwise', () => {
    const done = proceduresDone([{ procedureId: 'ex' }, { procedureId: 'cl' }, { procedureId: 'ex' }, { procedureId: 'gone' }], catalog);
    expect(done.map((p) => p.code)).toEqual(['wisdom-tooth', 'cleaning']);
    expect(carePathwayDays(done)).toBe(7);
    expect(carePathwayDays([cleaning])).toBe(0);
    const tasks = careCallTasks(ref, { patientName: '王', dentistId: 'd1' }, done);
    expect(tasks.map((t) => [t.topic, t.assignee, t.dueAt])).toEqual([
      ['post-op-24h', { kind: 'person', userId: 'd1' }, '2026-11-21T02:00:00.000Z'],
      ['healing-check', { kind: 'role', role: 'frontdesk' }, '2026-11-27T02:00:00.000Z'],
    ]);
    expect(visitCareMessages(ref, 'Asia/Shanghai', done)).toEqual([expect.objectContaining({ topic: 'post-op-care', dueAt: ref.createdAt, patientId: 'p1', clinicId: 'c1', visitId: 'V1' })]);
  });

  it('recall dates only when the visit is the latest (anchors given)', () => {
    expect(visitRecalls([cleaning], '2026-11-20', new Map())).toEqual([expect.objectContaining({ group: 'cleaning', dueDate: '2027-05-20' })]);
    expect(visitRecalls([cleaning], '2026-11-20', undefined)).toEqual([]);
  });
});

describe('planCheckout: everything the one transaction writes', () => {
  const input = { clinicId: 'c1', dentistId: 'd1', lines: [line('cl'), line('ex')], discountFen: 0, payments: [{ method: 'cash' as const, amountFen: 135_000 }], notes: '' };
  const priced = priceCheckout(input, catalog, '2026-11-20');
  if (!priced.ok) throw new Error('fixture does not price');
  const facts: CheckoutFacts = {
    input, priced: priced.priced, catalog, visitId: 'V1', visitedAt: '2026-11-20T02:00:00.000Z', patient: { patientId: 'p1', name: '王' }, clinic: { clinicId: 'c1', timeZone: 'Asia/Shanghai' },
    createdBy: 'u1', now: new Date('2026-11-20T03:00:00.000Z'), summary: undefined, recallAnchors: new Map(),
  };

  it('a first visit: the visit, a new summary, recalls, calls, messages and the audit reference', () => {
    const plan = planCheckout(facts);
    expect(plan.visit).toMatchObject({ visitId: 'V1', patientId: 'p1', source: 'checkout', totalFen: 135_000, createdBy: 'u1', createdAt: '2026-11-20T03:00:00.000Z' });
    expect(plan.summary).toEqual({
      version: 1, visitCount: 1, totalSpendFen: 135_000, firstVisitAt: facts.visitedAt, lastVisitAt: facts.visitedAt, lastVisitClinicId: 'c1',
      lastCategories: ['basic', 'restorative'], lastCarePathwayUntil: '2026-11-27T02:00:00.000Z',
    });
    expect(plan.summaryVersionRead).toBeUndefined();
    expect(plan.recalls.map((r) => r.group)).toEqual(['cleaning']);
    expect(plan.tasks).toHaveLength(2);
    expect(plan.careMessages).toHaveLength(1);
    expect(plan.installments).toEqual([]);
    expect(plan.audit).toEqual({ action: 'visit.create', refId: 'V1' });
  });

  it('a late-entered older visit counts, but moves neither the last visit nor the recall dates', () => {
    const summary = { version: 4, visitCount: 3, totalSpendFen: 10, firstVisitAt: '2026-01-01T00:00:00.000Z', lastVisitAt: '2026-11-21T00:00:00.000Z', lastVisitClinicId: 'c2', lastCategories: ['ortho' as const] };
    const plan = planCheckout({ ...facts, summary, recallAnchors: new Map([['cleaning', '2026-11-21']]) });
    expect(plan.summary).toEqual({ ...summary, version: 5, visitCount: 4, totalSpendFen: 135_010 });
    expect(plan.summaryVersionRead).toBe(4);
    expect(plan.recalls).toEqual([]);
  });
});
