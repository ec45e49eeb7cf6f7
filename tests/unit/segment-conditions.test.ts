import { describe, expect, it } from 'vitest';
import { conditionFields, conditionGroupSchema, type Condition, type ConditionGroup } from '../../shared/domain/segments/conditions.js';
import { matchesSegment, needsRfm } from '../../shared/domain/segments/evaluate.js';
import type { SegmentFacts } from '../../shared/domain/segments/facts.js';
import { rfmMarks } from '../../shared/domain/segments/rfm.js';

const today = '2026-12-04';
const base: SegmentFacts = {
  patientId: 'p1', clinicId: 'c1', householdKey: 'h1', gender: 'female', birthDate: '1990-03-15', channel: 'referral',
  referrerKey: 'patient:p9', tags: ['budget:high', 'vip'], firstVisitDay: '2020-01-10', lastVisitDay: '2025-06-01', visitCount: 6,
  totalSpendFen: 800_000, recentVisitDays: ['2025-01-02', '2025-06-01'], categories: ['implant', 'basic'], procedureIds: ['proc-a'],
  nextRecallDue: '2026-12-20', membership: { status: 'active', planId: 'plan-1', endDay: '2027-01-03' }, storedValueFen: 50_000,
  marketingConsent: true, careConsent: true, openComplaint: false, optedOut: false, deceased: false,
};
const ctx = { todayOf: () => today, now: new Date(`${today}T04:00:00Z`) };
const one = (c: Condition, f: Partial<SegmentFacts> = {}, extra = {}) => matchesSegment({ op: 'and', conditions: [c] }, { ...base, ...f }, { ...ctx, ...extra });

describe('segment conditions against facts', () => {
  const cases: [Condition, Partial<SegmentFacts>][] = [
    [{ field: 'clinic', in: ['c1'] }, { clinicId: 'c2' }],
    [{ field: 'age', range: { min: 30, max: 40 } }, { birthDate: '2000-01-01' }],
    [{ field: 'gender', in: ['female'] }, { gender: 'male' }],
    [{ field: 'channel', in: ['referral'] }, { channel: 'walk-in' as SegmentFacts['channel'] }],
    [{ field: 'referrer', in: ['patient:p9'] }, { referrerKey: 'partner:x' }],
    [{ field: 'referrer', present: true }, { referrerKey: undefined }],
    [{ field: 'tags', match: 'any', in: ['vip', 'x'] }, { tags: ['x2'] }],
    [{ field: 'tags', match: 'all', in: ['vip', 'budget:high'] }, { tags: ['vip'] }],
    [{ field: 'tags', match: 'none', in: ['blocked'] }, { tags: ['blocked'] }],
    [{ field: 'firstVisit', range: { to: '2021-01-01' } }, { firstVisitDay: '2022-01-01' }],
    [{ field: 'lastVisit', range: { from: '2025-01-01', to: '2025-12-31' } }, { lastVisitDay: undefined }],
    [{ field: 'daysSinceLastVisit', range: { min: 365 } }, { lastVisitDay: '2026-11-01' }],
    [{ field: 'visitCount', range: { min: 5 } }, { visitCount: 2 }],
    [{ field: 'totalSpend', range: { min: 500_000 } }, { totalSpendFen: 1000 }],
    [{ field: 'lifecycle', in: ['dormant'] }, { lastVisitDay: '2026-11-01' }],
    [{ field: 'activity', in: ['dormant'] }, { lastVisitDay: '2026-11-01' }],
    [{ field: 'category', in: ['implant'], had: true }, { categories: ['basic'] }],
    [{ field: 'category', in: ['ortho'], had: false }, { categories: ['ortho'] }],
    [{ field: 'procedure', in: ['proc-a'], had: true }, { procedureIds: [] }],
    // `had` left out, as an API client may send it: means had (the dashboard always sends it)
    [{ field: 'category', in: ['implant'] } as Condition, { categories: ['basic'] }],
    [{ field: 'procedure', in: ['proc-a'] } as Condition, { procedureIds: [] }],
    [{ field: 'recallDueWithin', days: 30 }, { nextRecallDue: '2027-03-01' }],
    [{ field: 'upcomingAppointment', value: false }, { nextAppointmentDay: '2026-12-10' }],
    [{ field: 'birthdayMonth', in: [3] }, { birthDate: '1990-04-01' }],
    [{ field: 'membership', in: ['active'] }, { membership: undefined }],
    [{ field: 'membershipPlan', in: ['plan-1'] }, { membership: { status: 'active', planId: 'plan-2', endDay: '2027-01-01' } }],
    [{ field: 'membershipDaysToExpiry', range: { max: 30 } }, { membership: { status: 'active', planId: 'plan-1', endDay: '2027-06-01' } }],
    [{ field: 'storedValue', range: { min: 1 } }, { storedValueFen: 0 }],
    [{ field: 'marketingConsent', value: true }, { marketingConsent: false }],
    [{ field: 'openComplaint', value: false }, { openComplaint: true }],
  ];
  it.each(cases)('%o matches the base patient and not the changed one', (condition, change) => {
    const parsed = conditionGroupSchema.parse({ op: 'and', conditions: [condition] });
    expect(matchesSegment(parsed, base, ctx)).toBe(true);
    expect(matchesSegment(parsed, { ...base, ...change }, ctx)).toBe(false);
  });

  it('at-risk activity for a visit 8 months ago; "none" membership for a patient without one', () => {
    expect(one({ field: 'activity', in: ['at-risk'] }, { lastVisitDay: '2026-04-01' })).toBe(true);
    expect(one({ field: 'activity', in: ['never-visited'] }, { lastVisitDay: undefined })).toBe(true);
    expect(one({ field: 'membership', in: ['none'] }, { membership: undefined })).toBe(true);
  });

  it('RFM cell and named group are scored chain-wide over the facts counted', () => {
    const facts: SegmentFacts[] = Array.from({ length: 10 }, (_, i) => ({
      ...base, patientId: `p${i}`, lastVisitDay: `2026-${String(i + 1).padStart(2, '0')}-01`, recentVisitDays: [`2026-${String(i + 1).padStart(2, '0')}-01`],
      totalSpendFen: (i + 1) * 10_000, visitCount: i + 1,
    }));
    const rfm = rfmMarks(facts, () => today);
    const best = facts[9] as SegmentFacts;
    const worst = facts[0] as SegmentFacts;
    const champions: ConditionGroup = { op: 'and', conditions: [{ field: 'rfmGroup', in: ['champions'] }] };
    expect(needsRfm(champions)).toBe(true);
    expect(matchesSegment(champions, best, { ...ctx, rfm })).toBe(true);
    expect(matchesSegment(champions, worst, { ...ctx, rfm })).toBe(false);
    expect(matchesSegment({ op: 'and', conditions: [{ field: 'rfmScore', r: { max: 1 } }] }, worst, { ...ctx, rfm })).toBe(true);
  });

  it('AND and OR groups nest', () => {
    const g: ConditionGroup = { op: 'or', conditions: [{ field: 'gender', in: ['male'] }, { op: 'and', conditions: [{ field: 'marketingConsent', value: true }, { field: 'clinic', in: ['c1'] }] }] };
    expect(matchesSegment(conditionGroupSchema.parse(g), base, ctx)).toBe(true);
    expect(matchesSegment(g, { ...base, clinicId: 'c2' }, ctx)).toBe(false);
  });

  it('an opt-out (退订) withdraws marketing consent; a card past its end day is lapsed', () => {
    expect(one({ field: 'marketingConsent', value: true }, { optedOut: true })).toBe(false);
    expect(one({ field: 'marketingConsent', value: false }, { optedOut: true })).toBe(true);
    const ended = { membership: { status: 'active' as const, planId: 'plan-1', endDay: '2026-11-30' } };
    expect(one({ field: 'membership', in: ['active'] }, ended)).toBe(false);
    expect(one({ field: 'membership', in: ['lapsed'] }, ended)).toBe(true);
  });

  it('every field of the schema is exercised here', () => {
    const tested = new Set(cases.map(([c]) => c.field).concat(['rfmGroup', 'rfmScore']));
    expect(conditionFields.filter((f) => !tested.has(f))).toEqual([]);
  });
});

describe('bad conditions name the field with a stable code', () => {
  const codeOf = (input: unknown) => {
    const r = conditionGroupSchema.safeParse(input);
    if (r.success) return undefined;
    const issue = r.error.issues[0] as { path: PropertyKey[]; params?: { code?: string }; code: string };
    return { path: issue.path.join('.'), code: issue.params?.code ?? issue.code };
  };
  it('unknown field', () => expect(codeOf({ op: 'and', conditions: [{ field: 'salary', in: ['x'] }] })).toEqual({ path: 'conditions.0.field', code: 'segment.field_unknown' }));
  it('wrong type', () => expect(codeOf({ op: 'and', conditions: [{ field: 'visitCount', range: { min: 'many' } }] })).toEqual({ path: 'conditions.0.range.min', code: 'type.invalid' }));
  it('impossible range', () => expect(codeOf({ op: 'and', conditions: [{ field: 'totalSpend', range: { min: 10, max: 5 } }] })).toEqual({ path: 'conditions.0.range.max', code: 'segment.range' }));
  it('impossible day range, nested', () => expect(codeOf({ op: 'and', conditions: [{ op: 'or', conditions: [{ field: 'lastVisit', range: { from: '2026-02-01', to: '2026-01-01' } }] }] })).toEqual({ path: 'conditions.0.conditions.0.range.to', code: 'segment.range' }));
  it('month out of range', () => expect(codeOf({ op: 'and', conditions: [{ field: 'birthdayMonth', in: [13] }] })?.code).toBe('number.too_big'));
  it('a group nested past three levels', () => expect(codeOf({ op: 'and', conditions: [{ op: 'or', conditions: [{ op: 'and', conditions: [{ op: 'or', conditions: [] }] }] }] })).toEqual({ path: 'conditions.0.conditions.0.conditions.0', code: 'segment.too_deep' }));
  it('three levels are fine', () => expect(codeOf({ op: 'and', conditions: [{ op: 'or', conditions: [{ op: 'and', conditions: [{ field: 'gender', in: ['male'] }] }] }] })).toBeUndefined());
  it('a range with no end', () => expect(codeOf({ op: 'and', conditions: [{ field: 'visitCount', range: {} }] })).toEqual({ path: 'conditions.0.range.min', code: 'segment.range_empty' }));
  it('a day range with no end', () => expect(codeOf({ op: 'and', conditions: [{ field: 'firstVisit', range: {} }] })).toEqual({ path: 'conditions.0.range.from', code: 'segment.range_empty' }));
  it('a day that does not exist', () => {
    for (const from of ['2026-13-45', '2026-02-31', '0000-00-00', '9999-99-99']) expect(codeOf({ op: 'and', conditions: [{ field: 'lastVisit', range: { from } }] })).toEqual({ path: 'conditions.0.range.from', code: 'date.invalid' });
    expect(codeOf({ op: 'and', conditions: [{ field: 'lastVisit', range: { from: '2028-02-29' } }] })).toBeUndefined();
  });
  it('a referrer or RFM condition that says nothing', () => {
    expect(codeOf({ op: 'and', conditions: [{ field: 'referrer' }] })).toEqual({ path: 'conditions.0.in', code: 'segment.range_empty' });
    expect(codeOf({ op: 'and', conditions: [{ field: 'rfmScore' }] })).toEqual({ path: 'conditions.0.r', code: 'segment.range_empty' });
  });
  it('negative days', () => expect(codeOf({ op: 'and', conditions: [{ field: 'daysSinceLastVisit', range: { min: -1 } }] })).toEqual({ path: 'conditions.0.range.min', code: 'number.too_small' }));
  it('negative recall window', () => expect(codeOf({ op: 'and', conditions: [{ field: 'recallDueWithin', days: -5 }] })).toEqual({ path: 'conditions.0.days', code: 'number.too_small' }));
  it('age out of bounds', () => expect(codeOf({ op: 'and', conditions: [{ field: 'age', range: { max: 131 } }] })).toEqual({ path: 'conditions.0.range.max', code: 'number.too_big' }));
  it('visit count beyond reason', () => expect(codeOf({ op: 'and', conditions: [{ field: 'visitCount', range: { min: 1_000_000 } }] })?.code).toBe('number.too_big'));
  it('days to expiry may be negative (lapsed) but bounded', () => {
    expect(codeOf({ op: 'and', conditions: [{ field: 'membershipDaysToExpiry', range: { min: -30, max: 0 } }] })).toBeUndefined();
    expect(codeOf({ op: 'and', conditions: [{ field: 'membershipDaysToExpiry', range: { min: -99_999 } }] })?.code).toBe('number.too_small');
  });
  it('bad enum', () => expect(codeOf({ op: 'and', conditions: [{ field: 'activity', in: ['asleep'] }] })?.code).toBe('enum.invalid'));
});
