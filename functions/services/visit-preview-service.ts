/**
 * The checkout's price before it is taken: the same read-and-price step as the checkout
 * (priceVisitFor), so the page's 结账 total is the server's, with the patient's stored value for
 * a stored-value payment. Writes nothing; a bad coupon or line is the checkout's own 400.
 */
import { roleHasPermission, type Caller } from '../../shared/domain/access.js';
import { totalFen } from '../../shared/domain/wallet/ledger.js';
import type { CheckoutPreview, CheckoutPreviewInput } from '../../shared/schemas/visit.js';
import { getWalletAccount } from '../adapters/dynamo/wallet-repository.js';
import { priceVisitFor, visitContext } from './visit-service.js';

export const previewCheckout = async (caller: Caller, patientId: string, input: CheckoutPreviewInput, now = new Date()): Promise<CheckoutPreview> => {
  const { clinic, visitedAt } = await visitContext(caller, patientId, input, now);
  // Dentists and marketing see no money (issue 11): the balance only for wallet readers.
  const seesMoney = roleHasPermission(caller.role, 'wallet:read');
  const [{ priced }, account] = await Promise.all([
    priceVisitFor(caller, patientId, input, { clinic, visitedAt, now }),
    seesMoney ? getWalletAccount(caller.tenantId, patientId) : undefined,
  ]);
  const { visit } = priced;
  return {
    lines: visit.lines,
    listTotalFen: visit.lines.reduce((sum, l) => sum + l.unitPriceFen * l.quantity, 0),
    subtotalFen: visit.subtotalFen,
    discountFen: visit.discountFen,
    memberDiscountFen: visit.memberDiscountFen ?? 0,
    couponDiscountFen: visit.couponDiscountFen ?? 0,
    totalFen: visit.totalFen,
    ...(visit.coupon ? { coupon: visit.coupon } : {}),
    ...(account ? { storedValue: { principalFen: account.principalFen, bonusFen: account.bonusFen, totalFen: totalFen(account) } } : {}),
  };
};
