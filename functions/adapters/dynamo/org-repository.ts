/** Chains (tenants), clinics and staff: the items under `T#<tenantId>`. */
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { Chain, Clinic, StaffMember } from '../../../shared/schemas/org.js';
import { DomainError, notFound, staleVersion } from '../../../shared/domain/errors.js';
import { openingHoursOrDefault } from '../../../shared/domain/clinic-hours.js';
import { documentClient, tableName } from './client.js';
import { queryAll } from './query-all.js';
import { buildUpdate } from './update-expression.js';
import { storedVersion, versionGuard } from './version-guard.js';
import { chainEntity } from './entities/chain.js';
import { clinicEntity } from './entities/clinic.js';
import { staffEntity } from './entities/staff.js';

const strip = <T>(item: Record<string, unknown>, fields: readonly (keyof T)[]): T => {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (item[f as string] !== undefined) out[f as string] = item[f as string];
  return out as T;
};

const chainFields = ['tenantId', 'name', 'brand', 'replyNumber', 'dentistsSeePrices', 'createdAt'] as const;
const clinicFields = ['clinicId', 'name', 'address', 'phone', 'timeZone', 'smsSignature', 'openingHours', 'chairs', 'replyNumber', 'createdAt', 'updatedAt'] as const;
const toChain = (item: Record<string, unknown>): Chain => ({ ...strip<Chain>(item, chainFields), version: storedVersion(item) });
/** A clinic stored before opening hours and chairs existed reads with the defaults. */
const toClinic = (item: Record<string, unknown>): Clinic => ({
  ...strip<Clinic>(item, clinicFields),
  openingHours: openingHoursOrDefault(item.openingHours),
  chairs: Array.isArray(item.chairs) ? (item.chairs as string[]) : [],
  version: storedVersion(item),
});

/**
 * An update that holds only at the version read (invariant 11). On a failed condition the item is
 * read again: gone is a 404, there is a 409 naming `version`.
 */
const versionedUpdate = async (key: Record<string, string>, what: string, changes: Record<string, unknown>, versionRead: number): Promise<Record<string, unknown>> => {
  const guard = versionGuard(versionRead);
  const update = buildUpdate(changes, [guard.set], guard.values);
  try {
    const { Attributes } = await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key,
        ...update,
        ExpressionAttributeNames: { ...update.ExpressionAttributeNames, ...guard.names },
        ConditionExpression: `attribute_exists(pk) AND ${guard.condition}`,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes ?? {};
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
    throw Item ? staleVersion(`the ${what}`) : notFound(what);
  }
};
const staffFields = ['userId', 'email', 'displayName', 'role', 'clinicIds', 'status', 'createdAt', 'activatedAt', 'updatedAt'] as const;
/** A staff row as the API shows it, with its version (0 for a row stored before versions). */
export const toStaff = (item: Record<string, unknown>): StaffMember => ({ ...strip<StaffMember>(item, staffFields), version: storedVersion(item) });

/** Written inactive: scheduled jobs see a chain only once `activateChain` registers it. */
export const createChain = async (chain: Chain): Promise<void> => {
  await documentClient.send(
    new PutCommand({
      TableName: tableName,
      Item: { ...chainEntity.key({ tenantId: chain.tenantId }), type: 'chain', ...chain },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
};

/** The last step of onboarding: the chain joins the registry scheduled jobs work through. */
export const activateChain = async (tenantId: string): Promise<void> => {
  const { registry } = chainEntity.indexes;
  const joined = registry.set({ pk: registry.pk.fill({}), sk: registry.sk.fill({ tenantId }) });
  await documentClient.send(
    new UpdateCommand({
      TableName: tableName,
      Key: chainEntity.key({ tenantId }),
      UpdateExpression: `SET ${joined.clauses.join(', ')}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: joined.values,
    }),
  );
};

export const getChain = async (tenantId: string): Promise<Chain | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: chainEntity.key({ tenantId }) }));
  return Item ? toChain(Item) : undefined;
};

export const updateChain = async (tenantId: string, changes: Partial<Pick<Chain, 'name' | 'brand' | 'replyNumber' | 'dentistsSeePrices'>>, versionRead: number): Promise<Chain> =>
  toChain(await versionedUpdate(chainEntity.key({ tenantId }), 'chain', changes, versionRead));

/** Tenant ids of every chain, for scheduled jobs (the registry index holds nothing else). */
export const listTenantIds = async (): Promise<string[]> =>
  (await queryAll(chainEntity.indexes.registry.query({}))).map((item) => chainEntity.indexes.registry.sortKeyOf(item));

export const createClinic = async (tenantId: string, clinic: Clinic): Promise<void> => {
  await documentClient.send(
    new PutCommand({
      TableName: tableName,
      Item: { ...clinicEntity.key({ tenantId, clinicId: clinic.clinicId }), type: 'clinic', tenantId, ...clinic },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
};

export const getClinic = async (tenantId: string, clinicId: string): Promise<Clinic | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: clinicEntity.key({ tenantId, clinicId }) }));
  return Item ? toClinic(Item) : undefined;
};

export const listClinics = async (tenantId: string): Promise<Clinic[]> => {
  const { pk, skPrefix } = clinicEntity.range({ tenantId });
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
    }),
  );
  return (Items ?? []).map(toClinic);
};

/** `null` removes an optional field (the clinic's own reply number). */
export const updateClinic = async (tenantId: string, clinicId: string, changes: { [K in Exclude<keyof Clinic, 'version'>]?: Clinic[K] | null }, versionRead: number): Promise<Clinic> =>
  toClinic(await versionedUpdate(clinicEntity.key({ tenantId, clinicId }), 'clinic', { ...changes, updatedAt: new Date().toISOString() }, versionRead));

/** Staff are keyed by email so that an invitation is claimed before the identity is created. */
export const claimStaff = async (tenantId: string, staff: StaffMember): Promise<void> => {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...staffEntity.key({ tenantId, email: staff.email }), type: 'staff', tenantId, ...staff },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      throw new DomainError('conflict', 'email: this person is already on the staff', [{ path: 'email', message: 'is already on the staff', code: 'already_exists' }]);
    }
    throw error;
  }
};

export const setStaffUserId = async (tenantId: string, email: string, userId: string): Promise<void> => {
  await documentClient.send(
    new UpdateCommand({
      TableName: tableName,
      Key: staffEntity.key({ tenantId, email }),
      UpdateExpression: 'SET userId = :userId',
      ExpressionAttributeValues: { ':userId': userId },
      ConditionExpression: 'attribute_exists(pk)',
    }),
  );
};

/** Undo a claim whose identity could not be created, so nothing is left half-written. */
export const releaseStaff = async (tenantId: string, email: string): Promise<void> => {
  await documentClient.send(new DeleteCommand({ TableName: tableName, Key: staffEntity.key({ tenantId, email }) }));
};

export const getStaff = async (tenantId: string, email: string): Promise<StaffMember | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: staffEntity.key({ tenantId, email }) }));
  return Item ? toStaff(Item) : undefined;
};

export const listStaff = async (tenantId: string): Promise<StaffMember[]> => {
  const { pk, skPrefix } = staffEntity.range({ tenantId });
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
    }),
  );
  return (Items ?? []).map(toStaff);
};
