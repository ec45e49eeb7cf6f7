/**
 * A conditional write whose condition did not hold is an answer, not a failure: these turn it
 * into `false` and let every other error through.
 */

/** DynamoDB's refusal of a single write's condition (the SDK's errors carry their name). */
export const conditionFailed = (error: unknown): boolean => error instanceof Error && error.name === 'ConditionalCheckFailedException';

/** Sends one conditional write: true when it was written, false when its condition did not hold. */
export const writeIf = async (write: () => Promise<unknown>): Promise<boolean> => {
  try {
    await write();
    return true;
  } catch (error) {
    if (conditionFailed(error)) return false;
    throw error;
  }
};

/** Why each action of a cancelled transaction failed, in order ('None' for those that did not); empty for any other error. */
export const cancellationCodes = (error: unknown): string[] =>
  error instanceof Error && error.name === 'TransactionCanceledException'
    ? ((error as Error & { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map((r) => r.Code ?? 'None')
    : [];

/** A transaction cancelled only by a concurrent one (no condition of its own failed): worth trying again. */
export const transactionConflicted = (error: unknown): boolean => {
  const codes = cancellationCodes(error);
  return codes.includes('TransactionConflict') && !codes.includes('ConditionalCheckFailed');
};
