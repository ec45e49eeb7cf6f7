import { route, type RouteDefinition } from './route-definition.js';

/** Stored value (储值, issue 11 item 4): balances and ledger, top-ups, debits, refunds, transfers, voids, the chain's bonus rules. */
export const walletRoutes: RouteDefinition[] = [
  route('GET', '/patients/{patientId}/wallet', 'wallet', 'wallet:read'),
  route('POST', '/patients/{patientId}/wallet/top-ups', 'wallet', 'wallet:topup'),
  route('POST', '/patients/{patientId}/wallet/debits', 'wallet', 'wallet:debit'),
  route('POST', '/patients/{patientId}/wallet/debits/{entryId}/void', 'wallet', 'wallet:void'),
  route('POST', '/patients/{patientId}/wallet/refunds', 'wallet', 'wallet:refund'),
  route('POST', '/patients/{patientId}/wallet/transfers', 'wallet', 'wallet:transfer'),
  route('GET', '/wallet/bonus-rules', 'wallet', 'wallet:read'),
  route('PUT', '/wallet/bonus-rules', 'wallet', 'wallet:rules'),
  // Points (积分, item 7): a patient's (pooled) account with its ledger — money's audience, never marketing or dentists; the owner's rules.
  route('GET', '/patients/{patientId}/points', 'wallet', 'wallet:read'),
  route('GET', '/points/rules', 'wallet', 'wallet:read'),
  route('PUT', '/points/rules', 'wallet', 'wallet:rules'),
];
