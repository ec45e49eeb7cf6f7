/** The chain's procedure catalog: items `PROC#<id>` under the chain, codes claimed once. */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError, notFound, staleVersion } from '../../../shared/domain/errors.js';
import type { Procedure } from '../../../shared/schemas/catalog.js';
import { batchPut } from './batch-write.js';
import { documentClient, tableName } from './client.js';
import { queryAll } from './query-all.js';
import { buildUpdate } from './update-expression.js';
import { storedVersion, versionGuard } from './version-guard.js';
import { procedureCodeEntity, procedureEntity } from './entities/procedure.js';

const fields = ['procedureId', 'code', 'nameZh', 'nameEn', 'category', 'valueTier', 'priceFen', 'clinicPrices', 'carePathway', 'recall', 'active', 'updatedAt'] as const;
const toProcedure = (item: Record<string, unknown>): Procedure => ({ ...(Object.fromEntries(fields.map((f) => [f, item[f]])) as Procedure), version: storedVersion(item) });

const procedureItem = (tenantId: string, p: Procedure) => ({ ...procedureEntity.key({ tenantId, procedureId: p.procedureId }), type: 'procedure', ...p });
const codeItem = (tenantId: string, p: Procedure) => ({ ...procedureCodeEntity.key({ tenantId, code: p.code }), type: 'procedure-code', procedureId: p.procedureId });

/** A new chain's catalog, written in batches (codes are known to be distinct). */
export const seedCatalog = async (tenantId: string, procedures: Procedure[]): Promise<void> => {
  await batchPut(procedures.flatMap((p) => [procedureItem(tenantId, p), codeItem(tenantId, p)]));
};

export const createProcedure = async (tenantId: string, procedure: Procedure): Promise<void> => {
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: tableName, Item: codeItem(tenantId, procedure), ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName: tableName, Item: procedureItem(tenantId, procedure), ConditionExpression: 'attribute_not_exists(pk)' } },
        ],
      }),
    );
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      throw new DomainError('conflict', `code: the chain already has a procedure with code ${procedure.code}`, [{ path: 'code', message: 'is already used', code: 'already_exists' }]);
    }
    throw error;
  }
};

export const listProcedures = async (tenantId: string): Promise<Procedure[]> => {
  const { pk, skPrefix } = procedureEntity.range({ tenantId });
  return (await queryAll({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': pk, ':p': skPrefix } })).map(toProcedure);
};

export const getProcedure = async (tenantId: string, procedureId: string): Promise<Procedure | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: procedureEntity.key({ tenantId, procedureId }) }));
  return Item ? toProcedure(Item) : undefined;
};

/** With `versionRead`, the update holds only at that version (a 409 otherwise) and bumps it. */
const update = async (tenantId: string, procedureId: string, params: ReturnType<typeof buildUpdate>, versionRead?: number): Promise<Procedure> => {
  const guard = versionRead === undefined ? undefined : versionGuard(versionRead);
  const Key = procedureEntity.key({ tenantId, procedureId });
  try {
    const { Attributes } = await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key,
        ...params,
        ...(guard
          ? {
              UpdateExpression: params.UpdateExpression.replace(/^SET /, `SET ${guard.set}, `),
              ExpressionAttributeNames: { ...params.ExpressionAttributeNames, ...guard.names },
              ExpressionAttributeValues: { ...params.ExpressionAttributeValues, ...guard.values },
            }
          : {}),
        ConditionExpression: guard ? `attribute_exists(pk) AND ${guard.condition}` : 'attribute_exists(pk)',
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toProcedure(Attributes ?? {});
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const { Item } = guard ? await documentClient.send(new GetCommand({ TableName: tableName, Key, ConsistentRead: true })) : { Item: undefined };
    throw Item ? staleVersion('the procedure') : notFound('procedure');
  }
};

export const updateProcedure = (tenantId: string, procedureId: string, changes: Omit<Partial<Procedure>, 'version'>, versionRead: number): Promise<Procedure> =>
  update(tenantId, procedureId, buildUpdate({ ...changes, updatedAt: new Date().toISOString() }), versionRead);

/** Sets or (with null) removes one clinic's price, held to the version read (invariant 11). */
export const setClinicPrice = (tenantId: string, procedureId: string, clinicId: string, priceFen: number | null, versionRead: number): Promise<Procedure> => {
  const now = new Date().toISOString();
  // SET first: `update` splices the version guard in after "SET ".
  return update(tenantId, procedureId, {
    UpdateExpression: priceFen === null ? 'SET updatedAt = :now REMOVE clinicPrices.#clinic' : 'SET clinicPrices.#clinic = :price, updatedAt = :now',
    ExpressionAttributeNames: { '#clinic': clinicId },
    ExpressionAttributeValues: priceFen === null ? { ':now': now } : { ':price': priceFen, ':now': now },
  }, versionRead);
};
