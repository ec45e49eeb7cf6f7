/**
 * The Segments builder's rows (dashboard) turned into the shared condition schema: blank rows
 * stay out, 元 become fen, typed mistakes are sent as typed so the API names them at the row.
 */
import { describe, expect, it } from 'vitest';
import { newDraft, toCondition } from '../../dashboard/src/lib/features/segments/condition-draft.js';
import { conditionGroupSchema } from '../../shared/domain/segments/conditions.js';

describe('builder rows to conditions', () => {
  it('a blank row is not a condition yet', () => {
    expect(toCondition(newDraft('totalSpend'), { kind: 'range', unit: 'yuan' })).toBeUndefined();
    expect(toCondition(newDraft('activity'), { kind: 'list', values: ['dormant'] })).toBeUndefined();
    expect(toCondition(newDraft('marketingConsent'), { kind: 'flag' })).toBeUndefined();
  });

  it('spend typed in 元 is sent in whole fen; a number input may hold a number', () => {
    const row = { ...newDraft('totalSpend'), min: '2000.5' };
    expect(toCondition(row, { kind: 'range', unit: 'yuan' })).toEqual({ field: 'totalSpend', range: { min: 200_050 } });
    const bound = { ...newDraft('storedValue'), max: 300 as unknown as string };
    expect(toCondition(bound, { kind: 'range', unit: 'yuan' })).toEqual({ field: 'storedValue', range: { max: 30_000 } });
  });

  it('"dormant, high value, consented, no appointment" parses against the shared schema', () => {
    const rows = [
      toCondition({ ...newDraft('activity'), values: ['dormant'] }, { kind: 'list', values: ['dormant'] }),
      toCondition({ ...newDraft('totalSpend'), min: '200' }, { kind: 'range', unit: 'yuan' }),
      toCondition({ ...newDraft('marketingConsent'), flag: 'yes' }, { kind: 'flag' }),
      toCondition({ ...newDraft('upcomingAppointment'), flag: 'no' }, { kind: 'flag' }),
      toCondition({ ...newDraft('referrer'), flag: 'yes' }, { kind: 'flag' }),
      toCondition({ ...newDraft('birthdayMonth'), values: ['3'] }, { kind: 'list', values: ['3'] }),
      toCondition({ ...newDraft('category'), values: ['implant'], had: false }, { kind: 'list', values: ['implant'], had: true }),
      toCondition({ ...newDraft('tags'), tags: '#vip, budget:high', match: 'all' }, { kind: 'tags' }),
      toCondition({ ...newDraft('rfmScore'), rMin: '4' }, { kind: 'rfmScore' }),
      toCondition({ ...newDraft('lastVisit'), to: '2025-12-01' }, { kind: 'dayRange' }),
      toCondition({ ...newDraft('recallDueWithin'), days: '30' }, { kind: 'days' }),
    ];
    const parsed = conditionGroupSchema.safeParse({ op: 'and', conditions: rows });
    expect(parsed.success).toBe(true);
    expect(rows[2]).toEqual({ field: 'marketingConsent', value: true });
    expect(rows[4]).toEqual({ field: 'referrer', present: true });
    expect(rows[5]).toEqual({ field: 'birthdayMonth', in: [3] });
    expect(rows[7]).toEqual({ field: 'tags', match: 'all', in: ['vip', 'budget:high'] });
  });

  it('an impossible range is sent as typed, for the API to name at its row', () => {
    const row = toCondition({ ...newDraft('visitCount'), min: '5', max: '1' }, { kind: 'range', unit: 'visits' });
    const parsed = conditionGroupSchema.safeParse({ op: 'and', conditions: [row] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path.join('.')).toBe('conditions.0.range.max');
  });
});
