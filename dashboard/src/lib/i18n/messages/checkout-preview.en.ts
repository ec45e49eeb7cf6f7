import type { checkoutPreviewZhCN } from './checkout-preview.zh-cn';

/** The checkout page's server-priced preview (English). */
export const checkoutPreviewEn: Record<keyof typeof checkoutPreviewZhCN, string> = {
  'cop.covered': 'Covered by membership',
  'cop.coveredValue': 'List price {amount}, covered by membership',
  'cop.memberDiscount': 'Member discount',
  'cop.coupon': 'Coupon',
  'cop.couponCode': 'Coupon code',
  'cop.couponPlaceholder': 'Enter code',
  'cop.couponApplied': '{amount} off',
  'cop.couponDiscount': 'Coupon',
  'cop.pricing': 'Pricing with membership and coupon…',
  'cop.stale': 'The price is updating; check out in a moment',
  'cop.balance': 'Stored value {amount}',
  'cop.balanceSplit': 'Principal {principal} · bonus {bonus}',
  'cop.overBalance': 'More than the stored value of {amount}',
  'cop.useBalance': 'Pay with stored value',
};
