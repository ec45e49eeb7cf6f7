import { describe, expect, it } from 'vitest';
import { campaignOfOccasion, campaignsAimedByTreatment, learnsTreatmentAudiences } from '../../shared/domain/campaigns/treatment-aim.js';
import { batchOccasion, triggerOccasion } from '../../shared/domain/campaigns/triggers.js';
import type { ConditionGroup } from '../../shared/domain/segments/conditions.js';

const group = (...conditions: ConditionGroup['conditions']): ConditionGroup => ({ op: 'and', conditions });

describe('campaigns aimed by treatment', () => {
  it('reads the campaign of a run’s or a trigger’s occasion, and none of other occasions', () => {
    expect(campaignOfOccasion(batchOccasion('C1', 'once'))).toBe('C1');
    expect(campaignOfOccasion(triggerOccasion('C2', 'V9'))).toBe('C2');
    expect(campaignOfOccasion('recall.cleaning.2026-05-01.d14')).toBeUndefined();
    expect(campaignOfOccasion('campaign')).toBeUndefined();
  });

  it('a segment by procedure, category or treatment tag marks its campaigns, as does the stored mark; other segments do not', () => {
    const segments = new Map<string, { conditions: ConditionGroup }>([
      ['implant', { conditions: group({ field: 'category', in: ['implant'], had: true }) }],
      ['tagged', { conditions: { op: 'or', conditions: [{ field: 'marketingConsent', value: true }, { op: 'and', conditions: [{ field: 'tags', in: ['正畸咨询'] }] }] } as ConditionGroup }],
      ['consented', { conditions: group({ field: 'marketingConsent', value: true }) }],
    ]);
    const aimed = campaignsAimedByTreatment(
      [
        { campaignId: 'A', segmentId: 'implant' },
        { campaignId: 'B', segmentId: 'tagged' },
        { campaignId: 'C', segmentId: 'consented' },
        { campaignId: 'D', segmentId: 'consented', aimedByTreatment: true },
        { campaignId: 'E', segmentId: 'gone' },
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
