import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lifecycleStage } from '../../shared/domain/lifecycle.js';
import {
  keepingOtherAttributes,
  summaryAfter,
  summaryAfterMerge,
  summaryAfterVisit,
  summaryAfterVoid,
  summaryVisitOf,
  type PatientSummaryState,
  type SummaryVisit,
} from '../../shared/domain/patient-summary.js';
import type { ProcedureCategory } from '../../shared/schemas/catalog.js';
import type { Visit } from '../../shared/schemas/visit.js';

const visit = (visitId: string, visitedAt: string, over: Partial<Visit> = {}): Visit => ({
  visitId, patientId: 'p1', clinicId: 'c1', visitedAt, source: 'checkout', lines: [], subtotalFen: 10_000, discountFen: 0, totalFen: 10_000, payments: [], notes: '', createdBy: 'u', createdAt: visitedAt, ...over,
});
const line = (category: ProcedureCategory) => ({ procedureId: category, code: category, nameZh: '', nameEn: '', category, quantity: 1, teeth: [], unitPriceFen: 1, discountFen: 0, amountFen: 1 });

describe('the patient summary, one rule for checkout, import, merge and void', () => {
  it('a first visit starts the summary; a later one moves the last-visit facts; an older one counts only', () => {
    const first = summaryAfterVisit(undefined, { visitedAt: '2026-03-01T02:00:00.000Z', clinicId: 'c1', totalFen: 30_000, categories: ['implant', 'implant'], carePathwayUntil: '2026-03-15T02:00:00.000Z' });
    expect(first).toEqual({
      version: 1, visitCount: 1, totalSpendFen: 30_000, firstVisitAt: '2026-03-01T02:00:00.000Z', lastVisitAt: '2026-03-01T02:00:00.000Z',
      lastVisitClinicId: 'c1', lastCategories: ['implant'], lastCarePathwayUntil: '2026-03-15T02:00:00.000Z',
    });
    const later = summaryAfterVisit(first, { visitedAt: '2026-04-01T02:00:00.000Z', clinicId: 'c2', totalFen: 5_000, categories: ['basic'] });
    expect(later).toEqual({ version: 2, visitCount: 2, totalSpendFen: 35_000, firstVisitAt: '2026-03-01T02:00:00.000Z', lastVisitAt: '2026-04-01T02:00:00.000Z', lastVisitClinicId: 'c2', lastCategories: ['basic'] });
    const older = summaryAfterVisit(later, { visitedAt: '2026-02-01T02:00:00.000Z', clinicId: 'c3', totalFen: 1_000, categories: ['ortho'], carePathwayUntil: '2026-12-01T00:00:00.000Z' });
    expect(older).toEqual({ ...later, version: 3, visitCount: 3, totalSpendFen: 36_000, firstVisitAt: '2026-02-01T02:00:00.000Z' });
  });

  it('builds the summary view of a recorded visit, with its care pathway end', () => {
    expect(summaryVisitOf(visit('v', '2026-03-01T00:00:00.000Z', { lines: [line('implant'), line('basic'), line('implant')] }), 7)).toEqual({
      visitedAt: '2026-03-01T00:00:00.000Z', clinicId: 'c1', totalFen: 10_000, categories: ['implant', 'basic'], carePathwayUntil: '2026-03-08T00:00:00.000Z',
    });
    expect(summaryVisitOf(visit('v', '2026-03-01T00:00:00.000Z'))).not.toHaveProperty('carePathwayUntil');
  });

  it('an imported visit that becomes the last one replaces what the lifecycle reads of the last visit', () => {
    const now = new Date('2026-06-05T00:00:00.000Z');
    const checkedOut: PatientSummaryState = {
      version: 3, visitCount: 2, totalSpendFen: 50_000, firstVisitAt: '2026-01-10T02:00:00.000Z', lastVisitAt: '2026-05-20T02:00:00.000Z',
      lastVisitClinicId: 'c1', lastCategories: ['implant'], lastCarePathwayUntil: '2026-06-30T00:00:00.000Z',
    };
    expect(lifecycleStage(checkedOut, now)).toBe('post-care');
    const imported = summaryAfter(checkedOut, [{ kind: 'visit', visit: { visitedAt: '2026-06-01T16:00:00.000Z', clinicId: 'c2', totalFen: 300, categories: [] } }]);
    expect(imported).toMatchObject({ version: 4, visitCount: 3, lastVisitAt: '2026-06-01T16:00:00.000Z', lastVisitClinicId: 'c2', lastCategories: [] });
    expect(imported).not.toHaveProperty('lastCarePathwayUntil');
    expect(lifecycleStage(imported, now)).toBe('maintenance');
  });

  it('known visit dates from a file move the bounds without counting a visit', () => {
    const current: PatientSummaryState = { version: 1, visitCount: 1, totalSpendFen: 100, lastVisitAt: '2024-03-10T02:00:00.000Z', lastVisitClinicId: 'c1', lastCategories: ['implant'] };
    const older = summaryAfter(current, [{ kind: 'known-visit-dates', clinicId: 'c2', firstVisitAt: '2019-07-31T16:00:00.000Z', lastVisitAt: '2022-02-01T16:00:00.000Z' }]);
    expect(older).toEqual({ ...current, version: 2, firstVisitAt: '2019-07-31T16:00:00.000Z' });
    const newer = summaryAfter(current, [{ kind: 'known-visit-dates', clinicId: 'c2', lastVisitAt: '2025-01-01T16:00:00.000Z' }]);
    expect(newer).toEqual({ version: 2, visitCount: 1, totalSpendFen: 100, firstVisitAt: '2025-01-01T16:00:00.000Z', lastVisitAt: '2025-01-01T16:00:00.000Z', lastVisitClinicId: 'c2', lastCategories: [] });
  });

  it('a void takes the visit out, and the first and last dates from the remaining visits when it was one of them', () => {
    const a = visit('a', '2026-01-01T00:00:00.000Z', { clinicId: 'c1', lines: [line('basic')] });
    const b = visit('b', '2026-02-01T00:00:00.000Z', { clinicId: 'c2', lines: [line('ortho')], totalFen: 4_000 });
    const current: PatientSummaryState = { version: 5, visitCount: 2, totalSpendFen: 14_000, firstVisitAt: a.visitedAt, lastVisitAt: b.visitedAt, lastVisitClinicId: 'c2', lastCategories: ['ortho'] };
    expect(summaryAfterVoid(current, b, [a, b])).toEqual({ version: 6, visitCount: 1, totalSpendFen: 10_000, firstVisitAt: a.visitedAt, lastVisitAt: a.visitedAt, lastVisitClinicId: 'c1', lastCategories: ['basic'] });
    expect(summaryAfterVoid({ ...current, visitCount: 1, totalSpendFen: 4_000, firstVisitAt: b.visitedAt }, b, [b])).toEqual({ version: 6, visitCount: 0, totalSpendFen: 0 });
  });

  it('a merge adds the sums and keeps the last-visit facts of the record that saw the later visit', () => {
    const target: PatientSummaryState = { version: 2, visitCount: 1, totalSpendFen: 100, firstVisitAt: '2026-02-01T00:00:00.000Z', lastVisitAt: '2026-02-01T00:00:00.000Z', lastVisitClinicId: 'c1', lastCategories: ['basic'] };
    const source: PatientSummaryState = { version: 7, visitCount: 2, totalSpendFen: 900, firstVisitAt: '2025-01-01T00:00:00.000Z', lastVisitAt: '2026-03-01T00:00:00.000Z', lastVisitClinicId: 'c2', lastCategories: ['implant'], lastCarePathwayUntil: '2026-04-01T00:00:00.000Z' };
    expect(summaryAfterMerge(target, source)).toEqual({
      version: 3, visitCount: 3, totalSpendFen: 1_000, firstVisitAt: '2025-01-01T00:00:00.000Z', lastVisitAt: '2026-03-01T00:00:00.000Z', lastVisitClinicId: 'c2', lastCategories: ['implant'], lastCarePathwayUntil: '2026-04-01T00:00:00.000Z',
    });
    expect(summaryAfterMerge(undefined, undefined)).toEqual({ version: 1, visitCount: 0, totalSpendFen: 0 });
    expect(summaryAfterMerge(target, { ...source, lastVisitAt: target.lastVisitAt })).toMatchObject({ lastVisitClinicId: 'c1', lastCategories: ['basic'] });
  });

  it('a writer that puts the whole item back keeps the attributes other writers own', () => {
    const stored = { version: 1, visitCount: 1, totalSpendFen: 5, lastVisitAt: 'x', lastCategories: ['basic' as const], reactivation: { attempts: 1 } };
    expect(keepingOtherAttributes(stored, { version: 2, visitCount: 0, totalSpendFen: 0 })).toEqual({ version: 2, visitCount: 0, totalSpendFen: 0, reactivation: { attempts: 1 } });
  });

  const instants = fc.uniqueArray(fc.integer({ min: Date.parse('2020-01-01'), max: Date.parse('2027-01-01') }), { minLength: 1, maxLength: 8 });
  const visitsAt = (times: number[]) =>
    fc.tuple(...times.map((t) => fc.record({
      visitedAt: fc.constant(new Date(t).toISOString()),
      clinicId: fc.constantFrom('c1', 'c2', 'c3'),
      totalFen: fc.integer({ min: 0, max: 1_000_000 }),
      categories: fc.subarray<ProcedureCategory>(['basic', 'implant', 'ortho', 'restorative']),
      carePathwayUntil: fc.option(fc.constant(new Date(t + 86_400_000).toISOString()), { nil: undefined }),
    })));
  const withoutUndefined = (v: { carePathwayUntil: string | undefined } & Omit<SummaryVisit, 'carePathwayUntil'>): SummaryVisit => {
    const { carePathwayUntil, ...rest } = v;
    return carePathwayUntil ? { ...rest, carePathwayUntil } : rest;
  };

  it('visits applied in any order give the same summary', () => {
    fc.assert(
      fc.property(instants.chain((times) => visitsAt(times)).chain((visits) => fc.tuple(fc.constant(visits), fc.shuffledSubarray(visits, { minLength: visits.length }))), ([visits, shuffled]) => {
        const inOrder = visits.map(withoutUndefined).reduce<PatientSummaryState | undefined>(summaryAfterVisit, undefined);
        const inOtherOrder = shuffled.map(withoutUndefined).reduce<PatientSummaryState | undefined>(summaryAfterVisit, undefined);
        expect(inOtherOrder).toEqual(inOrder);
      }),
    );
  });

  it('a visit then its void gives back the summary’s counts and spend', () => {
    fc.assert(
      fc.property(instants.chain((times) => visitsAt(times)), fc.nat(), (visits, pick) => {
        const recorded = visits.map((v, i) => visit(`v${i}`, v.visitedAt, { clinicId: v.clinicId, totalFen: v.totalFen, lines: v.categories.map(line) }));
        const voided = recorded[pick % recorded.length] as Visit;
        const others = recorded.filter((v) => v !== voided);
        const before = others.reduce<PatientSummaryState | undefined>((s, v) => summaryAfterVisit(s, summaryVisitOf(v)), undefined);
        const after = summaryAfterVoid(summaryAfterVisit(before, summaryVisitOf(voided)), voided, recorded);
        expect({ visitCount: after.visitCount, totalSpendFen: after.totalSpendFen }).toEqual({ visitCount: before?.visitCount ?? 0, totalSpendFen: before?.totalSpendFen ?? 0 });
        expect([after.firstVisitAt, after.lastVisitAt, after.lastVisitClinicId]).toEqual([before?.firstVisitAt, before?.lastVisitAt, before?.lastVisitClinicId]);
      }),
    );
  });
});
