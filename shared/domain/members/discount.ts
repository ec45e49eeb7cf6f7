/**
 * The member discount on the lines a card does not cover: per procedure category, the best
 * percentage of the patient's applying cards, rounded down to the fen per line. A discount that
 * does not combine with the front desk's manual discount is left out when one is given.
 */
import type { MemberDiscount } from '../../schemas/members.js';
import type { VisitLine } from '../../schemas/visit.js';

export type LineDiscount = { lineIndex: number; membershipId: string; percent: number; amountFen: number };

const eligible = (discount: MemberDiscount, line: VisitLine): boolean => discount.categories === 'all' || discount.categories.includes(line.category);

export const memberDiscounts = (
  lines: readonly (VisitLine & { coveredBy?: unknown })[],
  cards: readonly { membershipId: string; discounts: readonly MemberDiscount[] }[],
  request: { manualDiscountFen: number },
): LineDiscount[] =>
  lines.flatMap((line, lineIndex) => {
    if (line.coveredBy || line.amountFen === 0) return [];
    let best: LineDiscount | undefined;
    for (const card of cards) {
      for (const discount of card.discounts) {
        if (!eligible(discount, line)) continue;
        if (request.manualDiscountFen > 0 && discount.notCombinableWith.includes('manual-discount')) continue;
        const amountFen = Math.floor((line.amountFen * discount.percent) / 100);
        if (!best || amountFen > best.amountFen) best = { lineIndex, membershipId: card.membershipId, percent: discount.percent, amountFen };
      }
    }
    return best && best.amountFen > 0 ? [best] : [];
  });
