/** Telling a transaction cancelled by a concurrent one (try again) from one whose own condition failed (an answer). */
import { describe, expect, it } from 'vitest';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { cancellationCodes, transactionConflicted } from '../../functions/adapters/dynamo/conditional-write.js';

const cancelled = (...codes: string[]) => new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

describe('transaction cancellations', () => {
  it('names each action\'s reason in order, and none for other errors', () => {
    expect(cancellationCodes(cancelled('ConditionalCheckFailed', 'None'))).toEqual(['ConditionalCheckFailed', 'None']);
    expect(cancellationCodes(new Error('boom'))).toEqual([]);
  });

  it('retries a conflict only when no condition of the transaction failed', () => {
    expect(transactionConflicted(cancelled('None', 'TransactionConflict'))).toBe(true);
    expect(transactionConflicted(cancelled('ConditionalCheckFailed', 'TransactionConflict'))).toBe(false);
    expect(transactionConflicted(cancelled('ConditionalCheckFailed'))).toBe(false);
    expect(transactionConflicted(new Error('TransactionConflict'))).toBe(false);
  });
});
