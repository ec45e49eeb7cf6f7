import { describe, expect, it } from 'vitest';
import { decideContactClaim, type MarketingContact } from '../../shared/domain/messaging/marketing-contacts.js';

const now = new Date('2026-12-05T02:00:00.000Z');
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000).toISOString();
const contact = (over: Partial<MarketingContact>): MarketingContact => ({ at: daysAgo(1), patientId: 'P1', purpose: 'marketing-campaign', occasion: 'c1', day: 'marketing-campaign.2026-12-04', ...over });
const ask = { patientId: 'P1', purpose: 'marketing-campaign', occasion: 'c2', day: 'marketing-campaign.2026-12-05', onePerPhone: true, budget: 2, now };

describe('a number’s marketing contacts', () => {
  it('takes a place, dropping contacts older than the budget’s 30 days', () => {
    const decision = decideContactClaim([contact({ at: daysAgo(31), occasion: 'old' }), contact({})], ask);
    expect(decision.kind).toBe('claim');
    if (decision.kind !== 'claim') return;
    expect(decision.contacts.map((c) => c.occasion)).toEqual(['c1', 'c2']);
    expect(decision.contacts[1]).toEqual({ at: now.toISOString(), patientId: 'P1', purpose: 'marketing-campaign', occasion: 'c2', day: 'marketing-campaign.2026-12-05' });
  });

  it('lets the same message through again (a redelivery finds its own place)', () => {
    expect(decideContactClaim([contact({ occasion: 'c2', day: ask.day })], ask)).toEqual({ kind: 'mine' });
  });

  it('gives a shared number one promotion a day, whoever of the family it is for', () => {
    expect(decideContactClaim([contact({ patientId: 'P2', day: ask.day })], ask)).toEqual({ kind: 'skip', reason: 'shared-phone' });
    // A birthday (not one per number) is each family member's own.
    expect(decideContactClaim([contact({ patientId: 'P2', day: ask.day })], { ...ask, onePerPhone: false }).kind).toBe('claim');
  });

  it('counts the budget per patient within 30 days', () => {
    const two = [contact({ at: daysAgo(3) }), contact({ at: daysAgo(20), occasion: 'c0' })];
    expect(decideContactClaim(two, ask)).toEqual({ kind: 'skip', reason: 'budget' });
    expect(decideContactClaim(two.map((c) => ({ ...c, patientId: 'P2' })), ask).kind).toBe('claim');
    expect(decideContactClaim([contact({ at: daysAgo(3) }), contact({ at: daysAgo(30.5), occasion: 'c0' })], ask).kind).toBe('claim');
  });
});
