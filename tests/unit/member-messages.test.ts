import { describe, expect, it } from 'vitest';
import { defaultPlans } from '../../shared/domain/catalog-defaults.js';
import { crossedBelow, endDatesToRead, formatSaving, hasMonthlyService, remindersDue, unusedBenefits, usedValueKeyOf, valueReceived } from '../../shared/domain/members/member-messages.js';
import type { PlanTerms } from '../../shared/schemas/members.js';

const terms = defaultPlans[0] as PlanTerms;
const card = { terms, holderPatientId: 'H', memberPatientIds: ['H', 'C'] };
const due = { renewalDays: [45, 7], onLapse: true, benefitsDays: 60 };

describe('members’ messages', () => {
  it('money as a patient reads it', () => {
    expect(formatSaving(124_000)).toBe('¥1,240');
    expect(formatSaving(124_050)).toBe('¥1,240.50');
    expect(formatSaving(0)).toBe('¥0');
  });

  it('the reminders due on a day, and the end dates the job reads for them', () => {
    expect(remindersDue('2027-03-31', '2027-02-14', due)).toEqual([{ kind: 'renewal', daysBefore: 45 }]);
    expect(remindersDue('2027-03-31', '2027-03-24', due)).toEqual([{ kind: 'renewal', daysBefore: 7 }]);
    expect(remindersDue('2027-03-31', '2027-03-31', due)).toEqual([{ kind: 'lapsed' }]);
    expect(remindersDue('2027-03-31', '2027-01-30', due)).toEqual([{ kind: 'benefits' }]);
    expect(remindersDue('2027-03-31', '2027-03-25', due)).toEqual([]);
    expect(endDatesToRead('2027-03-01', due)).toEqual(['2027-03-01', '2027-03-08', '2027-04-15', '2027-04-30']);
    expect(endDatesToRead('2027-03-01', { renewalDays: [], onLapse: false, benefitsDays: undefined })).toEqual([]);
  });

  it('unused benefits count per-term allowances only, per person where the plan says so', () => {
    expect(hasMonthlyService(card)).toBe(true);
    // 2 shared periodontal treatments; cleaning is unlimited and the check-up monthly: neither counts.
    expect(unusedBenefits(card, {}, 1, '2027-03-01')).toBe(2);
    expect(unusedBenefits(card, { 'u|1|term|perio|all': 1 }, 1, '2027-03-01')).toBe(1);
    expect(unusedBenefits(card, { 'u|1|term|perio|all': 2 }, 1, '2027-03-01')).toBe(0);
  });

  it('value received is the term’s running sum; a crossing is from at-or-above to below', () => {
    expect(valueReceived({ [usedValueKeyOf(2)]: 31_000 }, 2)).toBe(31_000);
    expect(valueReceived({ [usedValueKeyOf(1)]: 31_000 }, 2)).toBe(0);
    expect(crossedBelow(20_000, 19_999, 20_000)).toBe(true);
    expect(crossedBelow(19_999, 10_000, 20_000)).toBe(false);
    expect(crossedBelow(30_000, 20_000, 20_000)).toBe(false);
  });
});
