/** Family groups: one item per family under the chain, members by patient id, changed with the patients. */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { invalid } from '../../../shared/domain/errors.js';
import type { AuditEvent } from '../../../shared/schemas/audit.js';
import { auditItem } from './audit-repository.js';
import { documentClient, tableName } from './client.js';
import { familyEntity } from './entities/family.js';
import { patientEntity } from './entities/patient.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
export type FamilyMember = { relation: string };
export type Family = { familyId: string; members: Record<string, FamilyMember> };

export const getFamily = async (tenantId: string, familyId: string): Promise<Family | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: familyEntity.key({ tenantId, familyId }), ConsistentRead: true }));
  return Item ? { familyId, members: (Item.members ?? {}) as Record<string, FamilyMember> } : undefined;
};

/**
 * Moves a patient between families in one transaction: out of the old family, into the new one
 * (created when `create`), and the patient's own familyId, with the audit event.
 */
export const changeFamily = async (
  tenantId: string,
  patientId: string,
  from: string | undefined,
  to: { familyId: string; relation: string; create: boolean } | null,
  audit: AuditEvent,
): Promise<void> => {
  const items: TransactItem[] = [];
  if (from && from !== to?.familyId) {
    items.push({ Update: { TableName: tableName, Key: familyEntity.key({ tenantId, familyId: from }), UpdateExpression: 'REMOVE members.#p', ExpressionAttributeNames: { '#p': patientId } } });
  }
  if (to) {
    items.push(
      to.create
        ? { Put: { TableName: tableName, Item: { ...familyEntity.key({ tenantId, familyId: to.familyId }), type: 'family', familyId: to.familyId, members: { [patientId]: { relation: to.relation } } }, ConditionExpression: 'attribute_not_exists(pk)' } }
        : {
            Update: {
              TableName: tableName,
              Key: familyEntity.key({ tenantId, familyId: to.familyId }),
              UpdateExpression: 'SET members.#p = :m',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeNames: { '#p': patientId },
              ExpressionAttributeValues: { ':m': { relation: to.relation } },
            },
          },
    );
  }
  items.push({
    Update: {
      TableName: tableName,
      Key: patientEntity.key({ tenantId, patientId }),
      UpdateExpression: to ? 'SET familyId = :f, familyRelation = :r, updatedAt = :now' : 'REMOVE familyId, familyRelation SET updatedAt = :now',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ...(to ? { ':f': to.familyId, ':r': to.relation } : {}), ':now': audit.at },
    },
  });
  items.push({ Put: { TableName: tableName, Item: auditItem(tenantId, audit) } });
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    if (error instanceof TransactionCanceledException && to && !to.create) throw invalid('familyId', 'is not a family of this chain', { code: 'family.not_found' });
    throw error;
  }
};
