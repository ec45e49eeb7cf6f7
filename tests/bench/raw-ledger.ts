/**
 * The baseline of the send ratios: writing ledger items directly, as the table stores them (with
 * their place in the purpose's list, gsi4 keys only), one conditional put each at the given
 * concurrency. Returns the milliseconds the writes took (building the items is not timed).
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { MessagePurpose } from '../../shared/domain/messaging/purposes.js';

export const rawLedgerWrites = async (options: { count: number; purpose: MessagePurpose; occasionOf: (i: number) => string; concurrency: number }): Promise<number> => {
  const { documentClient, tableName } = await import('../../functions/adapters/dynamo/client.js');
  const { sendLedgerEntity } = await import('../../functions/adapters/dynamo/entities/send-ledger.js');
  const { mapLimit } = await import('../../functions/lib/concurrency.js');
  const tenantId = `RAW${ulid()}`;
  const createdAt = new Date().toISOString();
  const { purpose } = options;
  const ledger = Array.from({ length: options.count }, (_, i) => {
    const patientId = ulid();
    const occasion = options.occasionOf(i);
    return {
      ...sendLedgerEntity.key({ tenantId, patientId, purpose, occasion }),
      status: 'sent', purpose, occasion, patientId, attempts: 1, decisions: [{ at: createdAt, kind: 'send' }], sentAt: createdAt,
      ...sendLedgerEntity.indexes.byPurpose.keys({ tenantId, purpose, at: createdAt, patientId, occasion }),
    };
  });
  const t = performance.now();
  await mapLimit(ledger, { limit: options.concurrency, onError: 'continue' }, async (item) => {
    await documentClient.send(new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }));
  });
  return performance.now() - t;
};
