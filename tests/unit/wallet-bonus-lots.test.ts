/**
 * Bonus expiry's lots, replayed from the ledger: spent soonest-to-lapse first, given back by a void
 * to the lots its debit took from, forfeited by a refund, and always adding up to the bonus held.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bonusExpiryDay, bonusLotsOf, expiringLots, lapsedBonusFen, type LotEntry } from '../../shared/domain/wallet/bonus-lots.js';

const topUp = (entryId: string, bonusFen: number, bonusExpiresOn?: string): LotEntry => ({ entryId, kind: 'top-up', bonusFen, ...(bonusExpiresOn ? { bonusExpiresOn } : {}) });
const debit = (entryId: string, bonusFen: number): LotEntry => ({ entryId, kind: 'debit', bonusFen: -bonusFen });
const sum = (lots: { fen: number }[]) => lots.reduce((s, l) => s + l.fen, 0);

describe('bonus lots', () => {
  it('spend the bonus that lapses soonest first, and bonus without a date last', () => {
    const lots = bonusLotsOf([topUp('a', 500, '2027-06-30'), { entryId: 'm', kind: 'merge-in', bonusFen: 300 }, topUp('b', 500, '2027-03-31'), debit('d', 600)]);
    expect(lots).toEqual([{ lotId: 'a', expiresOn: '2027-06-30', fen: 400 }, { lotId: 'm', fen: 300 }]);
  });

  it('lapse only what is past its last valid day, and the front desk sees what still runs', () => {
    const lots = bonusLotsOf([topUp('a', 500, '2027-03-31'), topUp('b', 200, '2027-06-30'), debit('d', 100)]);
    expect(lapsedBonusFen(lots, '2027-03-31')).toBe(0);
    expect(lapsedBonusFen(lots, '2027-04-01')).toBe(400);
    expect(expiringLots(lots, '2027-04-01')).toEqual([{ expiresOn: '2027-06-30', fen: 200 }]);
  });

  it('a void gives back to the very lots its debit took from; a refund forfeits every lot', () => {
    const entries: LotEntry[] = [topUp('a', 500, '2027-03-31'), topUp('b', 500, '2027-06-30'), debit('d', 700)];
    const voided = bonusLotsOf([...entries, { entryId: 'v', kind: 'void', bonusFen: 700, refEntryId: 'd' }]);
    expect(voided).toEqual([{ lotId: 'a', expiresOn: '2027-03-31', fen: 500 }, { lotId: 'b', expiresOn: '2027-06-30', fen: 500 }]);
    expect(bonusLotsOf([...entries, { entryId: 'r', kind: 'refund', bonusFen: -300 }])).toEqual([]);
  });

  it('a lapse entry takes the lapsed lots, so the next run finds nothing more to lapse', () => {
    const entries: LotEntry[] = [topUp('a', 500, '2027-03-31'), topUp('b', 200, '2027-06-30')];
    const lapsed = lapsedBonusFen(bonusLotsOf(entries), '2027-04-01');
    const after = bonusLotsOf([...entries, { entryId: 'x', kind: 'bonus-expiry', bonusFen: -lapsed }]);
    expect(lapsedBonusFen(after, '2027-04-01')).toBe(0);
    expect(sum(after)).toBe(200);
  });

  it('the last valid day is the same day months later, or that month’s last day', () => {
    expect(bonusExpiryDay('2026-12-04', 12)).toBe('2027-12-04');
    expect(bonusExpiryDay('2027-01-31', 1)).toBe('2027-02-28');
    expect(bonusExpiryDay('2027-11-30', 3)).toBe('2028-02-29');
  });

  it('property: the lots always add up to the bonus the ledger holds, never below zero', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('top-up' as const), fen: fc.integer({ min: 1, max: 5_000 }), months: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }) }),
      fc.record({ kind: fc.constant('debit' as const), fen: fc.integer({ min: 1, max: 5_000 }) }),
      fc.record({ kind: fc.constant('void' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('refund' as const) }),
    );
    fc.assert(fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
      const entries: LotEntry[] = [];
      const open: { entryId: string; fen: number }[] = [];
      let held = 0;
      steps.forEach((s, i) => {
        const entryId = `e${String(i).padStart(3, '0')}`;
        if (s.kind === 'top-up') {
          entries.push(topUp(entryId, s.fen, s.months ? bonusExpiryDay('2027-01-15', s.months) : undefined));
          held += s.fen;
        } else if (s.kind === 'debit' && held > 0) {
          const fen = Math.min(s.fen, held);
          entries.push(debit(entryId, fen));
          open.push({ entryId, fen });
          held -= fen;
        } else if (s.kind === 'void' && open.length) {
          const [undone] = open.splice(s.pick % open.length, 1);
          if (!undone) return;
          entries.push({ entryId, kind: 'void', bonusFen: undone.fen, refEntryId: undone.entryId });
          held += undone.fen;
        } else if (s.kind === 'refund' && held > 0) {
          entries.push({ entryId, kind: 'refund', bonusFen: -held });
          held = 0;
          open.length = 0;
        }
      });
      const lots = bonusLotsOf(entries);
      expect(sum(lots)).toBe(held);
      expect(lots.every((l) => l.fen > 0)).toBe(true);
      expect(lapsedBonusFen(lots, '2099-01-01')).toBeLessThanOrEqual(held);
    }));
  });
});
