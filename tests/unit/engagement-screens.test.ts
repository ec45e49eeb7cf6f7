/**
 * The pure rules behind the engagement screens: which leads are high-value (seed 000: 预算2万以上 +
 * 关注隐私/技术), whom a lead is suggested to, who takes a clinic's leads, and the id of a reply
 * from an unknown number.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { consultantsOf, leadTierOf, presentLead, suggestConsultant, type LeadRecord } from '../../shared/domain/intake.js';
import { parseUnmatchedReplyId, unmatchedReplyIdOf } from '../../shared/domain/messaging/unmatched-reply-id.js';
import { budgetRanges, intakePriorities, type Consultant } from '../../shared/schemas/engagement.js';

const lead = (over: Partial<LeadRecord> = {}): LeadRecord => ({
  leadId: '01JLEAD0000000000000000001', clinicId: 'c1', linkId: 'l1', name: '线索', phone: '+8613800138000',
  budget: 'over-20000', priority: 'privacy', interests: ['implant'], channel: 'dianping', contactConsent: true, marketingConsent: false,
  status: 'new', createdAt: '2026-05-01T00:00:00.000Z', ...over,
});

const senior: Consultant = { userId: 'u-senior', displayName: '资深', role: 'manager', senior: true };
const desk: Consultant = { userId: 'u-desk', displayName: '前台', role: 'frontdesk', senior: false };
const owner: Consultant = { userId: 'u-owner', displayName: '院长', role: 'owner', senior: false };

describe('lead tier', () => {
  it('is high-value only for 2 万元以上 with privacy or technology in mind', () => {
    for (const budget of budgetRanges) {
      for (const priority of intakePriorities) {
        const expected = budget === 'over-20000' && priority !== 'price' ? 'high-value' : 'standard';
        expect(leadTierOf({ budget, priority }), `${budget}/${priority}`).toBe(expected);
      }
    }
  });
});

describe('suggested consultant', () => {
  it('sends high-value leads only to senior consultants, and to nobody when the clinic named none', () => {
    expect(suggestConsultant(lead(), [desk, senior, owner])).toEqual(senior);
    expect(suggestConsultant(lead({ priority: 'technology' }), [desk, owner])).toBeUndefined();
  });

  it('keeps seniors free for standard leads while the clinic has others, and the owner last', () => {
    expect(suggestConsultant(lead({ budget: 'under-5000' }), [desk, senior, owner])).toEqual(desk);
    expect(suggestConsultant(lead({ priority: 'price' }), [senior, owner])).toEqual(senior);
    expect(suggestConsultant(lead({ priority: 'price' }), [owner])).toEqual(owner);
    expect(suggestConsultant(lead({ priority: 'price' }), [])).toBeUndefined();
  });

  it('spreads leads over the pool, always suggesting the same person for the same lead', () => {
    const seniors = ['a', 'b', 'c'].map((id): Consultant => ({ ...senior, userId: id }));
    const picks = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const id = `01JLEAD${String(i).padStart(19, '0')}`;
      const first = suggestConsultant(lead({ leadId: id }), seniors);
      expect(suggestConsultant(lead({ leadId: id }), [...seniors].reverse())).toEqual(first);
      picks.set(first?.userId ?? '', (picks.get(first?.userId ?? '') ?? 0) + 1);
    }
    expect([...picks.keys()].sort()).toEqual(['a', 'b', 'c']);
    for (const count of picks.values()) expect(count).toBeGreaterThan(60);
  });
});

describe('consultants of a clinic', () => {
  const staff = [
    { userId: 'o', displayName: '院长', role: 'owner' as const, clinicIds: [], status: 'active' as const },
    { userId: 'm', displayName: '店长', role: 'manager' as const, clinicIds: ['c1'], status: 'invited' as const },
    { userId: 'f', displayName: '前台', role: 'frontdesk' as const, clinicIds: ['c1'], status: 'active' as const },
    { userId: 'f2', displayName: '别店前台', role: 'frontdesk' as const, clinicIds: ['c2'], status: 'active' as const },
    { userId: 'gone', displayName: '离职', role: 'frontdesk' as const, clinicIds: ['c1'], status: 'disabled' as const },
    { userId: 'd', displayName: '医生', role: 'dentist' as const, clinicIds: ['c1'], status: 'active' as const },
    { userId: 'mk', displayName: '市场', role: 'marketing' as const, clinicIds: ['c1'], status: 'active' as const },
  ];
  it('are the owner and the clinic’s managers and desk staff still working, never marketing (masked phones)', () => {
    expect(consultantsOf(staff, 'c1', ['m', 'gone']).map((c) => [c.userId, c.senior])).toEqual([['o', false], ['m', true], ['f', false]]);
  });
});

describe('a lead as shown', () => {
  it('carries its tier, version, consultant name and, while unassigned, a suggestion; marketing sees the phone masked', () => {
    const context = { staffNames: new Map([['u-desk', '前台']]), consultants: [senior, desk] };
    const open = presentLead(lead(), 'frontdesk', context);
    expect(open).toMatchObject({ tier: 'high-value', version: 0, status: 'new', suggestedAssignee: { userId: 'u-senior', displayName: '资深' }, phone: '+8613800138000' });
    const taken = presentLead(lead({ assignee: 'u-desk', version: 2 }), 'marketing', context);
    expect(taken).toMatchObject({ assigneeName: '前台', version: 2, phone: '138****8000' });
    expect(taken).not.toHaveProperty('suggestedAssignee');
    expect(presentLead(lead({ status: 'converted', patientId: 'p' }), 'owner', context)).not.toHaveProperty('suggestedAssignee');
  });
});

describe('unmatched reply id', () => {
  it('is URL-safe, names the receipt time back, and differs for replies of the same millisecond', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }), fc.string({ minLength: 1, maxLength: 200 }), (a, b) => {
        const receivedAt = '2026-05-01T08:00:00.123Z';
        const id = unmatchedReplyIdOf({ receivedAt, inboundMessageId: a });
        expect(id).toMatch(/^[A-Za-z0-9._~-]{1,200}$/);
        expect(parseUnmatchedReplyId(id)?.receivedAt).toBe(receivedAt);
        if (a !== b) expect(unmatchedReplyIdOf({ receivedAt, inboundMessageId: b })).not.toBe(id);
      }),
    );
  });

  it('round-trips any receipt time text and refuses what is not such an id', () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 30 }), (receivedAt) => {
      expect(parseUnmatchedReplyId(unmatchedReplyIdOf({ receivedAt, inboundMessageId: 'x' }))?.receivedAt).toBe(receivedAt);
    }));
    for (const bad of ['', 'abc', '01ARZ3NDEKTSV4RRFFQ69G5FAV', '2026~zz', '_ZZ~0123456789abcdef', '_C3~0123456789abcdef']) expect(parseUnmatchedReplyId(bad)).toBeUndefined();
  });
});
