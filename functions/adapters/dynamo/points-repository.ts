/**
 * Points (积分) in DynamoDB: the account item (lots and version) and its ledger rows in the
 * owner's partition. Every change is the account put back whole, conditioned on the version read
 * (the lots are a FIFO list, not a counter, so a delta cannot express a spend), with its ledger
 * row, inside the transaction of the checkout or void that caused it. A lost race fails the
 * condition; the caller reads again and plans again, so two spends never take the same points.
 */
import { GetCommand, PutCommand, QueryCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { defaultPointsRules } from '../../../shared/domain/points/points.js';
import type { PointsEntry, PointsLot, PointsRulesView } from '../../../shared/schemas/points.js';
import { documentClient, tableName } from './client.js';
import { pointsAccountEntity, pointsLedgerEntity, pointsRulesEntity } from './entities/points.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export type PointsAccount = { lots: PointsLot[]; version: number };

/** The account after a change, the version it was planned from, and the change's ledger row. */
export type PointsWrite = { tenantId: string; ownerPatientId: string; lots: PointsLot[]; versionRead: number; entry: PointsEntry };

export const getPointsAccount = async (tenantId: string, ownerPatientId: string): Promise<PointsAccount> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: pointsAccountEntity.key({ tenantId, patientId: ownerPatientId }), ConsistentRead: true }));
  if (!Item) return { lots: [], version: 0 };
  return { lots: (Item.lots as PointsLot[] | undefined) ?? [], version: Number(Item.version ?? 0) };
};

/** The account first (its condition is the version read: index 0 of these), then the ledger row. */
export const pointsWriteItems = (write: PointsWrite): TransactItem[] => {
  const { tenantId, ownerPatientId, entry } = write;
  return [
    {
      Put: {
        TableName: tableName,
        Item: { ...pointsAccountEntity.key({ tenantId, patientId: ownerPatientId }), type: pointsAccountEntity.type, ownerPatientId, lots: write.lots, version: write.versionRead + 1, updatedAt: entry.at },
        ...(write.versionRead === 0 ? { ConditionExpression: 'attribute_not_exists(pk)' } : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': write.versionRead } }),
      },
    },
    { Put: { TableName: tableName, Item: { ...pointsLedgerEntity.key({ tenantId, patientId: ownerPatientId, at: entry.at, entryId: entry.entryId }), type: pointsLedgerEntity.type, ...entry }, ConditionExpression: 'attribute_not_exists(pk)' } },
  ];
};

/** The newest ledger rows first. */
export const listPointsEntries = async (tenantId: string, ownerPatientId: string, limit: number): Promise<PointsEntry[]> => {
  const range = pointsLedgerEntity.range({ tenantId, patientId: ownerPatientId });
  const result = await documentClient.send(
    new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', ExpressionAttributeValues: { ':pk': range.pk, ':prefix': range.skPrefix }, ScanIndexForward: false, Limit: limit }),
  );
  return (result.Items ?? []).map((item) => pointsLedgerEntity.fromItem<PointsEntry>(item));
};

export const getPointsRules = async (tenantId: string): Promise<PointsRulesView> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: pointsRulesEntity.key({ tenantId }), ConsistentRead: true }));
  return Item ? pointsRulesEntity.fromItem<PointsRulesView>(Item) : { ...defaultPointsRules, version: 0 };
};

/** Writes the chain's rules if still at `expectedVersion`; false when someone changed them meanwhile. */
export const putPointsRules = async (tenantId: string, rules: PointsRulesView, expectedVersion: number): Promise<boolean> => {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...pointsRulesEntity.key({ tenantId }), type: pointsRulesEntity.type, ...rules },
        ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
        ...(expectedVersion === 0 ? {} : { ExpressionAttributeValues: { ':v': expectedVersion } }),
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
};
