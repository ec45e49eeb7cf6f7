import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonthsTo, earnedIn, monthRange, recognisedIn, unearnedAtEndOf } from '../../shared/domain/members/recognition.js';
import { lastQuarterEnd } from '../../shared/domain/members/overview.js';

describe('membership revenue recognition', () => {
  it('spreads a fee over its term to the fen, and what is earned plus what is owed is what was paid', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 70 }), (fen, termMonths, at) => {
        const spread = { startMonth: '2024-03', termMonths, fen, soldMonth: '2024-03' };
        const months = monthRange('2024-03', addMonthsTo('2024-03', termMonths - 1));
        expect(months.reduce((s, m) => s + earnedIn(spread, m), 0)).toBe(fen);
        const month = addMonthsTo('2024-03', at);
        const earned = monthRange('2024-03', month).reduce((s, m) => s + recognisedIn([spread], [], m), 0);
        expect(earned + unearnedAtEndOf([spread], [], month)).toBe(fen);
      }),
    );
  });

  it('a cancellation earns what was left less the refund, and nothing after', () => {
    const spread = { startMonth: '2025-01', termMonths: 12, fen: 120_000, soldMonth: '2025-01' };
    const settlement = { month: '2025-04', withdrawn: [spread], refundFen: 50_000 };
    expect(recognisedIn([spread], [settlement], '2025-03')).toBe(10_000);
    expect(recognisedIn([spread], [settlement], '2025-04')).toBe(10_000 + 80_000 - 50_000);
    expect(recognisedIn([spread], [settlement], '2025-05')).toBe(0);
    expect(unearnedAtEndOf([spread], [settlement], '2025-04')).toBe(0);
  });

  it('last quarter ends on the month before this quarter began', () => {
    expect(lastQuarterEnd('2025-05-10')).toBe('2025-03');
    expect(lastQuarterEnd('2025-01-01')).toBe('2024-12');
  });
});
