import { describe, expect, it } from 'vitest';
import { aimedByTreatment, learnsTreatmentAudiences, senderOfOccasion } from '../../shared/domain/campaigns/treatment-aim.js';
import { batchOccasion, triggerOccasion } from '../../shared/domain/campaigns/triggers.js';
import type { ConditionGroup } from '../../shared/domain/segments/conditions.js';

const group = (...conditions: ConditionGroup['conditions']): ConditionGroup => ({ op: 'and', conditions });

describe('campaigns aimed by treatment', () => {
  it('reads the campaign of a run’s or a trigger’s occasion, the event of an event’s notice, and nothing of other occasions', () => {
    expect(senderOfOccasion(batchOccasion('C1', 'once'))).toEqual({ kind: 'campaign', id: 'C1' });
    expect(senderOfOccasion(triggerOccasion('C2', 'V9'))).toEqual({ kind: 'campaign', id: 'C2' });
    expect(senderOfOccasion('event.E1.invite')).toEqual({ kind: 'event', id: 'E1' });
    expect(senderOfOccasion('recall.cleaning.2026-05-01.d14')).toBeUndefined();
    expect(senderOfOccasion('campaign')).toBeUndefined();
  });

  it('a segment by procedure, category or treatment tag marks its campaigns and events, as does the stored mark; other segments and none do not', () => {
    const segments = new Map<string, { conditions: ConditionGroup }>([
      ['implant', { conditions: group({ field: 'category', in: ['implant'], had: true }) }],
      ['tagged', { conditions: { op: 'or', conditions: [{ field: 'marketingConsent', value: true }, { op: 'and', conditions: [{ field: 'tags', in: ['正畸咨询'] }] }] } as ConditionGroup }],
      ['consented', { conditions: group({ field: 'marketingConsent', value: true }) }],
    ]);
    const aimed = aimedByTreatment(
      [
        { id: 'A', segmentId: 'implant' },
        { id: 'B', segmentId: 'tagged' },
        { id: 'C', segmentId: 'consented' },
        { id: 'D', segmentId: 'consented', aimedByTreatment: true },
        { id: 'E', segmentId: 'gone' },
        { id: 'F' },
      ],
      segments,
    );
    expect([...aimed].sort()).toEqual(['A', 'B', 'D']);
  });

  it('only marketing is not told who a treatment campaign reached', () => {
    expect(learnsTreatmentAudiences('marketing')).toBe(false);
    for (const role of ['owner', 'manager', 'frontdesk', 'dentist'] as const) expect(learnsTreatmentAudiences(role)).toBe(true);
  });
});
