/** Applies the chain's price setting to a dentist's answer (shared/domain/price-visibility.ts). */
import type { Caller } from '../../../shared/domain/access.js';
import { hidesPrices, withoutPrices } from '../../../shared/domain/price-visibility.js';
import { getChain } from '../../adapters/dynamo/org-repository.js';
import type { OperationResult } from './router.js';

export const pricesFor = async (caller: Caller, result: OperationResult): Promise<OperationResult> => {
  // Only dentists' answers pay for the chain read; a body-less answer (a file, a 204) has nothing to hide.
  if (caller.role !== 'dentist' || result.body === undefined) return result;
  if (!hidesPrices(caller.role, await getChain(caller.tenantId))) return result;
  return { ...result, body: withoutPrices(result.body) };
};
