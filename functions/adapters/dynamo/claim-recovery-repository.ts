/**
 * The writes that resolve a claim abandoned by a crash (functions/services/claim-recovery.ts).
 * Each holds only while the claim is still the one the sweep read (status and claimedAt), so a
 * sweep racing a late writer, or a second sweep, changes nothing twice.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { LedgerDecision } from '../../../shared/schemas/messages.js';
import { documentClient, tableName } from './client.js';
import { sendLedgerEntity } from './entities/send-ledger.js';
import { listedOnce, type LedgerKey } from './send-ledger-repository.js';

type Resolution = {
  claimedAt: string;
  decision: LedgerDecision;
  /** 'deferred': due again at once (the pipeline claims it again); 'unknown': final */
  status: 'deferred' | 'unknown';
  /** the claim's attempt did not reach the channel: it does not count */
  uncount?: boolean;
};

const conditional = async (command: UpdateCommand): Promise<boolean> => {
  try {
    await documentClient.send(command);
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};

/** Moves a stale claim to `deferred` (due now) or `unknown`, with the decision in its history. */
export const resolveClaim = async (k: LedgerKey, r: Resolution): Promise<boolean> => {
  const { retryDue } = sendLedgerEntity.indexes;
  // A claim is listed already; one made before the lists moved to gsi4 enters it here.
  const listed = listedOnce(k, r.decision.at);
  const sets = [...listed.sets, '#status = :status', 'lastReason = :reason', 'updatedAt = :at', 'decisions = list_append(if_not_exists(decisions, :empty), :decision)'];
  const values: Record<string, unknown> = { ...listed.values, ':status': r.status, ':reason': r.decision.reason ?? r.decision.kind, ':at': r.decision.at, ':empty': [], ':decision': [r.decision], ':claimed': 'claimed', ':claimedAt': r.claimedAt };
  let remove = `handingAt, ${listed.remove}`;
  if (r.status === 'deferred') {
    const due = retryDue.set({ pk: retryDue.pk.fill(k), sk: retryDue.sk.fill({ ...k, retryAt: r.decision.at }) });
    sets.push('retryAt = :at', ...due.clauses);
    Object.assign(values, due.values);
  } else {
    remove += `, retryAt, ${retryDue.removeExpression}`;
  }
  if (r.uncount) { sets.push('attempts = attempts - :one'); values[':one'] = 1; }
  return conditional(
    new UpdateCommand({
      TableName: tableName,
      Key: sendLedgerEntity.key(k),
      UpdateExpression: `SET ${sets.join(', ')} REMOVE ${remove}`,
      ConditionExpression: '#status = :claimed AND claimedAt = :claimedAt',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: values,
    }),
  );
};
