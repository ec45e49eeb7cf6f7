/**
 * Freeing a reply number: the chain and each of its clinics may answer on one, possibly the same
 * one, so a number leaves the inbound registry only when none of them still uses it.
 */
import { releaseInboundNumber } from '../adapters/dynamo/inbound-number-repository.js';
import { getChain, listClinics } from '../adapters/dynamo/org-repository.js';

export const releaseIfUnused = async (tenantId: string, number: string): Promise<void> => {
  const [chain, clinics] = await Promise.all([getChain(tenantId), listClinics(tenantId)]);
  if (chain?.replyNumber === number || clinics.some((c) => c.replyNumber === number)) return;
  await releaseInboundNumber(tenantId, number);
};
