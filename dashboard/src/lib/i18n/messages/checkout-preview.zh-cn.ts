/** The checkout page's server-priced preview: card coverage, member discount, coupon, stored value (中文). */
export const checkoutPreviewZhCN = {
  'cop.covered': '会员卡抵扣',
  'cop.coveredValue': '原价 {amount}，会员卡抵扣',
  'cop.memberDiscount': '会员折扣',
  'cop.coupon': '优惠券',
  'cop.couponCode': '优惠券码',
  'cop.couponPlaceholder': '输入券码',
  'cop.couponApplied': '已抵扣 {amount}',
  'cop.couponDiscount': '优惠券抵扣',
  'cop.pricing': '正在按会员与优惠重新计价…',
  'cop.stale': '价格正在更新，请稍候再结账',
  'cop.balance': '储值余额 {amount}',
  'cop.balanceSplit': '本金 {principal} · 赠送 {bonus}',
  'cop.overBalance': '超过储值余额 {amount}',
  'cop.useBalance': '用储值支付',
} as const;
