/** Insurance claims: one item each, listed per patient and, while submitted, per clinic. */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { InsuranceClaim } from '../../../shared/schemas/insurance-claims.js';
import { documentClient, tableName } from './client.js';
import { queryAll } from './query-all.js';
import { insuranceClaimEntity } from './entities/insurance-claim.js';
import { versionGuard } from './version-guard.js';

const strip = (item: Record<string, unknown>): InsuranceClaim => insuranceClaimEntity.fromItem<InsuranceClaim>(item);

export const putClaim = async (tenantId: string, claim: InsuranceClaim): Promise<void> => {
  const { byPatient, open } = insuranceClaimEntity.indexes;
  await documentClient.send(
    new PutCommand({
      TableName: tableName,
      Item: { ...insuranceClaimEntity.key({ tenantId, claimId: claim.claimId }), type: insuranceClaimEntity.type, ...claim, ...byPatient.keys({ ...claim, tenantId }), ...open.keys({ ...claim, tenantId }) },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
};

export const getClaim = async (tenantId: string, claimId: string): Promise<InsuranceClaim | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: insuranceClaimEntity.key({ tenantId, claimId }), ConsistentRead: true }));
  return Item ? strip(Item) : undefined;
};

/** Closes a submitted claim at the version read; false when it changed meanwhile. */
export const closeClaim = async (tenantId: string, claim: InsuranceClaim, versionRead: number): Promise<boolean> => {
  const guard = versionGuard(versionRead);
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: insuranceClaimEntity.key({ tenantId, claimId: claim.claimId }),
        UpdateExpression: `SET #s = :s, closedAt = :at, closedBy = :by${claim.paidFen !== undefined ? ', paidFen = :paid' : ''}, ${guard.set} REMOVE ${insuranceClaimEntity.indexes.open.removeExpression}`,
        ConditionExpression: `attribute_exists(pk) AND #s = :submitted AND ${guard.condition}`,
        ExpressionAttributeNames: { '#s': 'status', ...guard.names },
        ExpressionAttributeValues: {
          ':s': claim.status, ':at': claim.closedAt, ':by': claim.closedBy, ':submitted': 'submitted', ...guard.values, ...(claim.paidFen !== undefined ? { ':paid': claim.paidFen } : {}),
        },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};

export const claimsOfPatient = async (tenantId: string, patientId: string): Promise<InsuranceClaim[]> =>
  (await queryAll({ ...insuranceClaimEntity.indexes.byPatient.query({ tenantId, patientId }), ScanIndexForward: false }, 100)).map(strip);

export const openClaimsOfClinic = async (tenantId: string, clinicId: string, limit: number): Promise<InsuranceClaim[]> =>
  (await queryAll(insuranceClaimEntity.indexes.open.query({ tenantId, clinicId }), limit)).map(strip);
