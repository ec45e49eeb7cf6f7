/** The quarter-end pack balances (entities/pack.ts packQuarterEntity): written once, read by the liability report. */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.js';
import { packQuarterEntity } from './entities/pack.js';

export type PackQuarter = { month: string; unearnedFenByClinic: Record<string, number> };

const clinicKey = (clinicId: string) => `c.${clinicId}`;

/** Records the quarter once: a second run (or a racing one) leaves the first record as it is. */
export const recordPackQuarter = async (tenantId: string, quarter: PackQuarter, at: string): Promise<boolean> => {
  const clinics = Object.fromEntries(Object.entries(quarter.unearnedFenByClinic).map(([clinicId, fen]) => [clinicKey(clinicId), fen]));
  try {
    await documentClient.send(new PutCommand({
      TableName: tableName,
      Item: { ...packQuarterEntity.key({ tenantId, month: quarter.month }), type: packQuarterEntity.type, month: quarter.month, recordedAt: at, ...clinics },
      ConditionExpression: 'attribute_not_exists(pk)',
    }));
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
};

export const readPackQuarter = async (tenantId: string, month: string): Promise<PackQuarter | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: packQuarterEntity.key({ tenantId, month }) }));
  if (!Item) return undefined;
  const unearnedFenByClinic = Object.fromEntries(Object.entries(Item).filter(([name, n]) => name.startsWith('c.') && typeof n === 'number').map(([name, n]) => [name.slice(2), Number(n)]));
  return { month, unearnedFenByClinic };
};
