/**
 * After a stored-value debit commits, the API asks the members' job to decide the low-balance
 * notice (low-balance-notice.ts). Its own module: the wallet's and checkout's API functions
 * bundle this, never the send pipeline or an SMS publisher.
 */
import { storedValueDebitedEvent, type StoredValueDebitedDetail } from '../../shared/schedules.js';
import { putEvent } from '../adapters/event-bus.js';
import { logger } from '../adapters/logger.js';

/** Any failure is logged (ids only) rather than thrown: the money moved already. */
export const afterDebit = async (debit: StoredValueDebitedDetail): Promise<void> => {
  if (debit.debitedFen <= 0) return;
  try {
    await putEvent({ source: storedValueDebitedEvent.source, detailType: storedValueDebitedEvent.detailType, detail: debit });
  } catch (error) {
    logger.warn('low-balance notice not requested', { tenantId: debit.tenantId, errorName: error instanceof Error ? error.name : 'unknown' });
  }
};
