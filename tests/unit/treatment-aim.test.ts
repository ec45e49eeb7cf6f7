import { describe, expect, it } from 'vitest';
import { learnsTreatmentAudiences, senderOfOccasion } from '../../shared/domain/campaigns/treatment-aim.js';
import { batchOccasion, triggerOccasion } from '../../shared/domain/campaigns/triggers.js';
import { usesClinicalFacts, type ConditionGroup } from '../../shared/domain/segments/conditions.js';


describe('campaigns aimed by treatment', () => {
  it('reads the campaign of a run’s or a trigger’s occasion, the event of an event’s notice, and nothing of other occasions', () => {
    expect(senderOfOccasion(batchOccasion('C1', 'once'))).toEqual({ kind: 'campaign', id: 'C1' });
    expect(senderOfOccasion(triggerOccasion('C2', 'V9'))).toEqual({ kind: 'campaign', id: 'C2' });
    expect(senderOfOccasion('event.E1.invite')).toEqual({ kind: 'event', id: 'E1' });
    expect(senderOfOccasion('recall.cleaning.2026-05-01.d14')).toBeUndefined();
    expect(senderOfOccasion('campaign')).toBeUndefined();
  });

  it('a segment by procedure, category or treatment tag selects by treatment; other segments do not', () => {
    const selects = (conditions: ConditionGroup['conditions']) => usesClinicalFacts({ op: 'and', conditions });
    expect(selects([{ field: 'category', in: ['implant'], had: true }])).toBe(true);
    expect(selects([{ field: 'marketingConsent', value: true }, { op: 'or', conditions: [{ field: 'tags', match: 'any', in: ['正畸咨询'] }] } as ConditionGroup])).toBe(true);
    expect(selects([{ field: 'marketingConsent', value: true }])).toBe(false);
  });

  it('only marketing is not told who a treatment campaign reached', () => {
    expect(learnsTreatmentAudiences('marketing')).toBe(false);
    for (const role of ['owner', 'manager', 'frontdesk', 'dentist'] as const) expect(learnsTreatmentAudiences(role)).toBe(true);
  });
});
