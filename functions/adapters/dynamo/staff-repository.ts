/**
 * Changes to a staff row (role, clinics, name, disabled or enabled) at the version read. When the
 * change takes an active owner away, the same transaction checks that another owner is still
 * active: two owners disabling each other at once cannot both succeed (the transactions conflict,
 * or the second finds the first already disabled), so a chain never loses its last owner.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DomainError, staleVersion } from '../../../shared/domain/errors.js';
import type { StaffMember } from '../../../shared/schemas/org.js';
import { documentClient, tableName } from './client.js';
import { staffEntity } from './entities/staff.js';
import { buildUpdate } from './update-expression.js';
import { versionGuard } from './version-guard.js';

export const lastOwner = (): DomainError =>
  new DomainError('conflict', 'status: the chain must keep at least one active owner', [{ path: 'status', message: 'would leave the chain without an active owner', code: 'staff.last_owner' }]);

const rowUpdate = (tenantId: string, before: StaffMember, after: StaffMember, at: string) => {
  const guard = versionGuard(before.version ?? 0);
  const changes = { displayName: after.displayName, role: after.role, clinicIds: after.clinicIds, status: after.status, activatedAt: after.activatedAt, updatedAt: at };
  const update = buildUpdate(changes, [guard.set], guard.values);
  return {
    TableName: tableName,
    Key: staffEntity.key({ tenantId, email: before.email }),
    ...update,
    ExpressionAttributeNames: { ...update.ExpressionAttributeNames, ...guard.names },
    ConditionExpression: `attribute_exists(pk) AND ${guard.condition}`,
  };
};

/** Writes the row; with `otherOwner`, only while that owner is still an active owner. */
export const saveStaffChange = async (
  tenantId: string,
  change: { before: StaffMember; after: StaffMember; otherOwner?: StaffMember; at: string },
): Promise<StaffMember> => {
  const { before, after, otherOwner, at } = change;
  const ownerCheck = otherOwner
    ? [{
        ConditionCheck: {
          TableName: tableName,
          Key: staffEntity.key({ tenantId, email: otherOwner.email }),
          ConditionExpression: '#role = :owner AND #status = :active',
          ExpressionAttributeNames: { '#role': 'role', '#status': 'status' },
          ExpressionAttributeValues: { ':owner': 'owner', ':active': 'active' },
        },
      }]
    : [];
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: [{ Update: rowUpdate(tenantId, before, after, at) }, ...ownerCheck] }));
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const [row, owner] = error.CancellationReasons ?? [];
    if (row?.Code === 'ConditionalCheckFailed') throw staleVersion('the staff member');
    if (owner?.Code === 'ConditionalCheckFailed') throw lastOwner();
    // Another change to one of the two rows at the same moment: as stale, reload and decide again.
    if ([row?.Code, owner?.Code].includes('TransactionConflict')) throw staleVersion('the staff member');
    throw error;
  }
  return { ...after, updatedAt: at, version: (before.version ?? 0) + 1 };
};

/** The first sign-in: invited → active, once (a later sign-in or a disabled row is left alone). */
export const markStaffActive = async (tenantId: string, email: string, at: string): Promise<boolean> => {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: staffEntity.key({ tenantId, email }),
        UpdateExpression: 'SET #status = :active, activatedAt = :at',
        ConditionExpression: '#status = :invited',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':active': 'active', ':invited': 'invited', ':at': at },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
};

