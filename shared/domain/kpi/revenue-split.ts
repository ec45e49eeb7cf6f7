/**
 * Splitting a visit's revenue into categories and payment methods so each family adds up to
 * the visit total exactly, in integer fen (invariant 3): the visit-level discount is spread over
 * the lines by the largest-remainder method, never by float rounding.
 */
import type { Fen } from '../money.js';

export type CategoryAmount = { category: string; amountFen: Fen };
export type MethodAmount = { method: string; amountFen: Fen };

/** Taken when a visit has no priced line to carry its total (e.g. an imported lump sum). */
export const uncategorized = 'uncategorized';
/** Total minus what the payments add up to: imported visits may carry no payments. */
export const unrecordedMethod = 'unrecorded';

/**
 * Spreads `reduction` (lines' sum − visit total) over the lines in proportion to their amounts.
 * Remainders go to the largest fractional parts, ties to the earlier line, so the split is
 * deterministic and sums to the total exactly.
 */
const spread = (amounts: readonly Fen[], reduction: Fen): Fen[] => {
  const sum = amounts.reduce((a, b) => a + b, 0);
  if (sum === 0 || reduction === 0) return amounts.map(() => 0);
  const sign = reduction < 0 ? -1 : 1;
  const r = Math.abs(reduction);
  // BigInt: amount × reduction can pass 2^53 for large visits (¥1,000,000 × 30 lines).
  const shares = amounts.map((a, i) => {
    const exact = BigInt(a) * BigInt(r);
    return { i, floor: Number(exact / BigInt(sum)), rest: exact % BigInt(sum) };
  });
  let left = r - shares.reduce((a, s) => a + s.floor, 0);
  const order = [...shares].sort((a, b) => (a.rest === b.rest ? a.i - b.i : a.rest > b.rest ? -1 : 1));
  for (const share of order) {
    if (left <= 0) break;
    share.floor += 1;
    left -= 1;
  }
  return shares.map((s) => sign * s.floor);
};

export const revenueByCategory = (lines: readonly { category: string; amountFen: Fen }[], totalFen: Fen): CategoryAmount[] => {
  const linesSum = lines.reduce((a, l) => a + l.amountFen, 0);
  if (linesSum === 0) return totalFen === 0 ? [] : [{ category: lines[0]?.category ?? uncategorized, amountFen: totalFen }];
  const cut = spread(lines.map((l) => l.amountFen), linesSum - totalFen);
  return lines.map((l, i) => ({ category: l.category, amountFen: l.amountFen - (cut[i] ?? 0) }));
};

export const revenueByMethod = (payments: readonly { method: string; amountFen: Fen }[], totalFen: Fen): MethodAmount[] => {
  const paid = payments.reduce((a, p) => a + p.amountFen, 0);
  const out: MethodAmount[] = payments.map((p) => ({ method: p.method, amountFen: p.amountFen }));
  if (paid !== totalFen) out.push({ method: unrecordedMethod, amountFen: totalFen - paid });
  return out;
};
