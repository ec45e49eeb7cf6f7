import { describe, expect, it } from 'vitest';
import { hidesPrices, withoutPrices } from '../../shared/domain/price-visibility.js';

describe('dentists see prices only when the owner allows it', () => {
  it('hides prices from dentists unless the chain turns them on, and never from other roles', () => {
    expect(hidesPrices('dentist', {})).toBe(true);
    expect(hidesPrices('dentist', undefined)).toBe(true);
    expect(hidesPrices('dentist', { dentistsSeePrices: true })).toBe(false);
    expect(hidesPrices('owner', {})).toBe(false);
    expect(hidesPrices('frontdesk', { dentistsSeePrices: false })).toBe(false);
  });

  it('drops every …Fen field at any depth and keeps the rest', () => {
    const visit = { visitId: 'v1', totalFen: 30000, lines: [{ code: 'cleaning', unitPriceFen: 30000, coveredBy: { membershipId: 'm', listValueFen: 1 } }], note: null };
    expect(withoutPrices(visit)).toEqual({ visitId: 'v1', lines: [{ code: 'cleaning', coveredBy: { membershipId: 'm' } }], note: null });
    expect(withoutPrices([1, 'a'])).toEqual([1, 'a']);
  });
});
