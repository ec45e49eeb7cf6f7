import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { earningFen, newLot, pointsBalance, pointsEarned, pointsOwnerOf, pruneLots, restoreLots, takeBackEarned, takeFifo } from '../../shared/domain/points/points.js';

const rules = { earnPointsPerYuan: 2, spendPointsPerYuan: 100, maxSharePercent: 50 };

describe('points', () => {
  it('earns on money paid now, not on stored value or installments, per whole yuan', () => {
    const paid = earningFen([{ method: 'wechat', amountFen: 12_880 }, { method: 'stored-value', amountFen: 50_000 }, { method: 'installment', amountFen: 10_000, schedule: [] }]);
    expect(paid).toBe(12_880);
    expect(pointsEarned(rules, paid)).toBe(256);
  });

  it('expires 12 months after the earn day, computed from the lots', () => {
    const lot = newLot('L1', '2025-03-10', 500);
    expect(lot.expiresOn).toBe('2026-03-10');
    expect(pointsBalance([lot], '2026-03-09')).toBe(500);
    expect(pointsBalance([lot], '2026-03-10')).toBe(0);
    expect(pruneLots([lot], '2026-03-10')).toEqual({ lots: [], expired: 500 });
  });

  it('spends oldest first and refuses more than the active balance', () => {
    const lots = [newLot('L2', '2026-02-01', 300), newLot('L1', '2026-01-01', 200), newLot('L0', '2024-01-01', 999)];
    const spent = takeFifo(lots, 350, '2026-03-01');
    expect(spent.ok && spent.taken).toEqual([{ ...lots[1], points: 200 }, { ...lots[0], points: 150 }]);
    expect(takeFifo(lots, 501, '2026-03-01')).toEqual({ ok: false, balance: 500 });
  });

  it('a void restores spends and takes back earns exactly (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 500 }), (amounts, spend, earn) => {
        const day = '2026-03-01';
        const lots = amounts.map((p, i) => newLot(`L${i}`, `2026-01-0${i + 1}`, p));
        const before = pointsBalance(lots, day);
        const spent = takeFifo(lots, Math.min(spend, before), day);
        if (!spent.ok) throw new Error('within balance');
        const earned = earn ? newLot('LE', day, earn) : undefined;
        const after = [...spent.lots, ...(earned ? [earned] : [])];
        const restored = restoreLots(after, spent.taken);
        const back = earned ? takeBackEarned(restored, earned, day) : { lots: restored, unrecovered: 0 };
        expect(back.unrecovered).toBe(0);
        expect(pointsBalance(back.lots, day)).toBe(before);
      }),
    );
  });

  it('pools a family card member into the holder’s account', () => {
    const cards = [{ membershipId: 'M1', holderPatientId: 'h', memberPatientIds: ['h', 'k'], active: true }];
    expect(pointsOwnerOf(cards, 'k')).toBe('h');
    expect(pointsOwnerOf([{ ...cards[0]!, active: false }], 'k')).toBe('k');
    expect(pointsOwnerOf(cards, 'x')).toBe('x');
  });
});
