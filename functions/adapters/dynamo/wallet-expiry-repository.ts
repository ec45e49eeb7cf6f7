/**
 * Bonus expiry in DynamoDB: the chain's due markers (entities/wallet.ts) read by day, a patient's
 * whole ledger read oldest first (the lots are replayed from it: bonus-lots.ts), and the lapse
 * written like any wallet change — account, ledger row and the owner's numbers — with the markers
 * it settles deleted in the same transaction, conditioned on the account version read, so a debit
 * racing the run makes the run plan again rather than lapse bonus the debit already spent.
 */
import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { WalletEntry } from '../../../shared/schemas/wallet.js';
import { documentClient, tableName } from './client.js';
import { walletBonusExpiryEntity, walletLedgerEntity } from './entities/wallet.js';
import { walletNumberItems, walletWriteItems, type TransactItem, type WalletWrite } from './wallet-repository.js';

export type BonusExpiryMarker = { key: Record<string, unknown>; patientId: string; day: string };
export type MarkerPage = { markers: BonusExpiryMarker[]; lastKey?: Record<string, unknown>; read: number };

/** Markers whose day is before `today` (a lot is valid through its day), oldest first. */
export const dueBonusExpiryMarkers = async (tenantId: string, today: string, start?: Record<string, unknown>): Promise<MarkerPage> => {
  const range = walletBonusExpiryEntity.range({ tenantId });
  const result = await documentClient.send(new QueryCommand({
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': range.pk, ':from': range.skPrefix, ':to': `${range.skPrefix}${today}` },
    Limit: 200,
    ...(start ? { ExclusiveStartKey: start } : {}),
  }));
  const markers = (result.Items ?? []).map((item) => ({
    key: { pk: item.pk, sk: item.sk },
    patientId: String(item.patientId),
    day: String(item.sk).slice(range.skPrefix.length, range.skPrefix.length + 10),
  }));
  return { markers, read: result.Items?.length ?? 0, ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey } : {}) };
};

/** Every ledger row of a patient, oldest first: the order the lots are replayed in. */
export const allWalletEntries = async (tenantId: string, patientId: string): Promise<WalletEntry[]> => {
  const range = walletLedgerEntity.range({ tenantId, patientId });
  const entries: WalletEntry[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': range.pk, ':prefix': range.skPrefix },
      ConsistentRead: true,
      ...(start ? { ExclusiveStartKey: start } : {}),
    }));
    entries.push(...(page.Items ?? []).map((item) => walletLedgerEntity.fromItem<WalletEntry>(item)));
    start = page.LastEvaluatedKey;
  } while (start);
  return entries;
};

const deleteMarker = (marker: BonusExpiryMarker): TransactItem => ({ Delete: { TableName: tableName, Key: marker.key } });

/** The lapse (when there is one, guarded by its expectedVersion) and the settled markers, together. */
export const commitBonusExpiry = async (input: { lapse?: WalletWrite; markers: readonly BonusExpiryMarker[] }): Promise<void> => {
  const lapse = input.lapse ? [...walletWriteItems(input.lapse), ...walletNumberItems([input.lapse])] : [];
  await documentClient.send(new TransactWriteCommand({ TransactItems: [...lapse, ...input.markers.map(deleteMarker)] }));
};
