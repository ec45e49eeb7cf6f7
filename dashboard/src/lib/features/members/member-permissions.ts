import { roleHasPermission, type Role } from '$shared/domain/access';

/** The member screens offer only what the API grants the role (shared/domain/access.ts). */
export const canReadMembers = (role: Role): boolean => roleHasPermission(role, 'members:read');
export const canSellMembers = (role: Role): boolean => roleHasPermission(role, 'members:sell');
/** cancelling with a refund: owner and manager */
export const canRefundMembers = (role: Role): boolean => roleHasPermission(role, 'members:refund');
export const canWritePlans = (role: Role): boolean => roleHasPermission(role, 'plans:write');
/** balances and their ledger: owner, manager and front desk; never marketing or dentists */
export const canReadWallet = (role: Role): boolean => roleHasPermission(role, 'wallet:read');
export const canTopUp = (role: Role): boolean => roleHasPermission(role, 'wallet:topup');
export const canRefundWallet = (role: Role): boolean => roleHasPermission(role, 'wallet:refund');
export const canTransferWallet = (role: Role): boolean => roleHasPermission(role, 'wallet:transfer');
/** coupons on the card: the desk, managers, owners and marketing read and issue (codes masked for marketing by the API) */
export const canReadCoupons = (role: Role): boolean => roleHasPermission(role, 'coupons:read');
export const canIssueCoupons = (role: Role): boolean => roleHasPermission(role, 'coupons:issue');
/** coupon definitions and points rules (the settings page): owner and manager; points rules the owner's */
export const canDefineCoupons = (role: Role): boolean => roleHasPermission(role, 'coupons:define');
export const canSetPointsRules = (role: Role): boolean => roleHasPermission(role, 'wallet:rules');
