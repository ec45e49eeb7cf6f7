import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bonusFor, checkTiers, type DebitOrder } from '../../shared/domain/wallet/bonus-rules.js';
import { applyDelta, emptyBalance, isValidBalance, ledgerSum, type WalletBalance, type WalletDelta } from '../../shared/domain/wallet/ledger.js';
import { planDebit, planMerge, planRefund, planTopUp, planTransfer, planVoid } from '../../shared/domain/wallet/operations.js';
import { splitDebit } from '../../shared/domain/wallet/split.js';

const rules = { tiers: [{ thresholdFen: 100_000, bonusFen: 5_000 }, { thresholdFen: 500_000, bonusFen: 50_000 }] };

describe('bonus rules', () => {
  it('applies the highest tier the top-up reaches', () => {
    expect(bonusFor(rules, 99_999)).toBe(0);
    expect(bonusFor(rules, 100_000)).toBe(5_000);
    expect(bonusFor(rules, 499_999)).toBe(5_000);
    expect(bonusFor(rules, 600_000)).toBe(50_000);
  });
  it('refuses repeated thresholds and a bonus as large as its threshold', () => {
    expect(checkTiers([{ thresholdFen: 100, bonusFen: 10 }, { thresholdFen: 100, bonusFen: 100 }]).map((p) => p.path)).toEqual(['tiers.1.thresholdFen', 'tiers.1.bonusFen']);
  });
});

describe('debit split', () => {
  it('takes principal first, then bonus', () => {
    expect(splitDebit({ principalFen: 300, bonusFen: 50 }, 320, 'principal-first')).toEqual({ principalFen: 300, bonusFen: 20 });
  });
  it('proportional: the odd fen falls on principal and the parts add up', () => {
    expect(splitDebit({ principalFen: 2, bonusFen: 1 }, 1, 'proportional')).toEqual({ principalFen: 1, bonusFen: 0 });
    expect(splitDebit({ principalFen: 500_000, bonusFen: 50_000 }, 11_000, 'proportional')).toEqual({ principalFen: 10_000, bonusFen: 1_000 });
  });
  it('never splits more than a part holds, never loses or makes a fen', () => {
    fc.assert(
      fc.property(fc.nat(10 ** 12), fc.nat(10 ** 12), fc.nat(2 * 10 ** 12), fc.constantFrom<DebitOrder>('principal-first', 'proportional'), (p, b, amount, order) => {
        const split = splitDebit({ principalFen: p, bonusFen: b }, amount, order);
        if (amount <= 0 || amount > p + b) return split === undefined;
        return split !== undefined && split.principalFen + split.bonusFen === amount && split.principalFen >= 0 && split.bonusFen >= 0 && split.principalFen <= p && split.bonusFen <= b;
      }),
    );
  });
});

describe('operations', () => {
  it('refund pays back principal only and forfeits the bonus', () => {
    const planned = planRefund({ principalFen: 1000, bonusFen: 100 }, undefined);
    expect(planned).toEqual({ ok: true, value: { kind: 'refund', principalFen: -1000, bonusFen: -100 } });
    expect(planRefund({ principalFen: 1000, bonusFen: 100 }, 1001)).toMatchObject({ ok: false, problem: { path: 'amountFen' } });
    expect(planRefund(emptyBalance, undefined)).toMatchObject({ ok: false });
  });
  it('a void gives back exactly what the debit took', () => {
    expect(planVoid({ kind: 'debit', principalFen: -70, bonusFen: -30 })).toEqual({ ok: true, value: { kind: 'void', principalFen: 70, bonusFen: 30 } });
    expect(planVoid({ kind: 'top-up', principalFen: 70, bonusFen: 0 }).ok).toBe(false);
  });
  it('a debit above the balance is refused naming amountFen', () => {
    expect(planDebit({ principalFen: 100, bonusFen: 0 }, 101, 'principal-first')).toMatchObject({ ok: false, problem: { path: 'amountFen' } });
  });
});

type Op =
  | { op: 'top-up'; who: number; amount: number }
  | { op: 'debit'; who: number; amount: number }
  | { op: 'refund'; who: number; amount: number | undefined }
  | { op: 'transfer'; who: number; to: number; amount: number }
  | { op: 'void'; pick: number }
  | { op: 'merge'; who: number; to: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('top-up' as const), who: fc.nat(2), amount: fc.integer({ min: 1, max: 700_000 }) }),
  fc.record({ op: fc.constant('debit' as const), who: fc.nat(2), amount: fc.integer({ min: 1, max: 300_000 }) }),
  fc.record({ op: fc.constant('refund' as const), who: fc.nat(2), amount: fc.option(fc.integer({ min: 1, max: 300_000 }), { nil: undefined }) }),
  fc.record({ op: fc.constant('transfer' as const), who: fc.nat(2), to: fc.nat(2), amount: fc.integer({ min: 1, max: 300_000 }) }),
  fc.record({ op: fc.constant('void' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('merge' as const), who: fc.nat(2), to: fc.nat(2) }),
);

/** Runs a sequence against three family accounts the way the service would: refused steps write nothing. */
const run = (ops: Op[], order: DebitOrder) => {
  const balances: WalletBalance[] = [emptyBalance, emptyBalance, emptyBalance];
  const ledgers: WalletDelta[][] = [[], [], []];
  const debits: { who: number; delta: WalletDelta; voided: boolean }[] = [];
  // A merged-away record answers 404: nothing is written to it after its merge.
  const retired = new Set<number>();
  const write = (who: number, delta: WalletDelta) => {
    balances[who] = applyDelta(balances[who]!, delta);
    ledgers[who]!.push(delta);
  };
  for (const step of ops) {
    if ('who' in step && retired.has(step.who)) continue;
    if ((step.op === 'transfer' || step.op === 'merge') && retired.has(step.to)) continue;
    if (step.op === 'merge' && step.to !== step.who) {
      const planned = planMerge(balances[step.who]!);
      write(step.who, planned.out);
      write(step.to, planned.in);
      retired.add(step.who);
    }
    if (step.op === 'top-up') write(step.who, planTopUp(rules, step.amount));
    if (step.op === 'debit') {
      const planned = planDebit(balances[step.who]!, step.amount, order);
      if (planned.ok) { write(step.who, planned.value); debits.push({ who: step.who, delta: planned.value, voided: false }); }
    }
    if (step.op === 'refund') {
      const planned = planRefund(balances[step.who]!, step.amount);
      if (planned.ok) write(step.who, planned.value);
    }
    if (step.op === 'transfer' && step.to !== step.who) {
      const planned = planTransfer(balances[step.who]!, step.amount, order);
      if (planned.ok) { write(step.who, planned.value.out); write(step.to, planned.value.in); }
    }
    if (step.op === 'void' && debits.length) {
      const debit = debits[step.pick % debits.length]!;
      if (retired.has(debit.who)) continue;
      const planned = planVoid(debit.delta);
      if (planned.ok && !debit.voided) { write(debit.who, planned.value); debit.voided = true; }
    }
    if (!balances.every(isValidBalance)) return { balances, ledgers, retired, ok: false };
  }
  return { balances, ledgers, retired, ok: true };
};

describe('property: any sequence of top-ups, debits, refunds, transfers, voids and merges', () => {
  it('keeps balance = ledger sum, principal and bonus never negative, and value only enters by top-up', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), fc.constantFrom<DebitOrder>('principal-first', 'proportional'), (ops, order) => {
        const { balances, ledgers, retired, ok } = run(ops, order);
        expect(ok).toBe(true);
        retired.forEach((who) => expect(balances[who]).toEqual(emptyBalance));
        balances.forEach((balance, who) => expect(ledgerSum(ledgers[who]!)).toEqual(balance));
        // Transfers and merges only move value: their rows cancel out across the family.
        const moved = ledgers.flat().filter((d) => ['transfer-in', 'transfer-out', 'merge-in', 'merge-out'].includes(d.kind));
        expect(ledgerSum(moved)).toEqual(emptyBalance);
      }),
      { numRuns: 300 },
    );
  });
});
