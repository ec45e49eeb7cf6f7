/** Chain settings: name, brand, and the reply number that routes patients' SMS replies to the chain. */
import { DomainError, notFound, staleVersion } from '../../shared/domain/errors.js';
import type { Chain, ChainUpdate } from '../../shared/schemas/org.js';
import { registerInboundNumber, releaseInboundNumber } from '../adapters/dynamo/inbound-number-repository.js';
import { getChain, updateChain } from '../adapters/dynamo/org-repository.js';
import { releaseIfUnused } from './reply-number-release.js';

/**
 * A new reply number is claimed first (a 409 if another chain has it, and nothing changes),
 * then recorded on the chain, then the old one is freed. Each step is idempotent, so a retry
 * after a failure in between finishes the change instead of leaving two chains on one number.
 */
export const changeChain = async (tenantId: string, { version, ...changes }: ChainUpdate): Promise<Chain> => {
  const current = await getChain(tenantId);
  if (!current) throw notFound('chain');
  if (version !== (current.version ?? 0)) throw staleVersion('the chain');
  const { replyNumber } = changes;
  const moves = replyNumber !== undefined && replyNumber !== current.replyNumber;
  if (moves) await registerInboundNumber(tenantId, replyNumber);
  const updated = await updateChain(tenantId, changes, version).catch(async (error: unknown) => {
    // Someone changed the chain in between: the number claimed for this change is not kept.
    if (moves && error instanceof DomainError && error.kind === 'conflict') await releaseInboundNumber(tenantId, replyNumber);
    throw error;
  });
  // A clinic may answer on the old number too: it stays routed to the chain until none does.
  if (moves && current.replyNumber) await releaseIfUnused(tenantId, current.replyNumber);
  return updated;
};
