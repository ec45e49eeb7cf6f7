/**
 * Planning reads and writes (issue 13): a month's targets per clinic (changed only at the version
 * read, invariant 11), the clinic fields staffing uses when the clinic record has them (opening
 * hours, chairs), and the newest nightly snapshot of a scope within a month (the return rate).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { targetMeasures, type Targets } from '../../../shared/domain/plan/targets.js';
import type { PatientBaseView } from '../../../shared/schemas/kpi.js';
import { documentClient, tableName } from './client.js';
import { clinicEntity } from './entities/clinic.js';
import { kpiBaseEntity } from './entities/kpi.js';
import { clinicTargetEntity } from './entities/plan.js';

export type StoredTargets = { targets: Targets; version: number; updatedAt?: string; updatedBy?: string };

const targetsOf = (item: Record<string, unknown>): Targets => {
  const out: Targets = {};
  for (const m of targetMeasures) if (typeof item[m] === 'number') out[m] = item[m] as number;
  return out;
};

/** Every clinic's targets for the month, by clinic id (one query). */
export const readMonthTargets = async (tenantId: string, month: string): Promise<Map<string, StoredTargets>> => {
  const out = new Map<string, StoredTargets>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': clinicTargetEntity.pk.fill({ tenantId, month }) },
      ExclusiveStartKey: start,
    }));
    for (const item of page.Items ?? []) {
      out.set(String(item.clinicId), {
        targets: targetsOf(item),
        version: Number(item.version ?? 0),
        ...(typeof item.updatedAt === 'string' ? { updatedAt: item.updatedAt } : {}),
        ...(typeof item.updatedBy === 'string' ? { updatedBy: item.updatedBy } : {}),
      });
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
};

/** Replaces the clinic's targets for the month if still at `versionRead` (0: none stored); false when changed meanwhile. */
export const putClinicTargets = async (tenantId: string, input: { clinicId: string; month: string; targets: Targets; versionRead: number; by: string; at: string }): Promise<boolean> => {
  try {
    await documentClient.send(new PutCommand({
      TableName: tableName,
      Item: {
        ...clinicTargetEntity.key({ tenantId, month: input.month, clinicId: input.clinicId }), type: clinicTargetEntity.type, tenantId,
        clinicId: input.clinicId, month: input.month, ...input.targets, version: input.versionRead + 1, updatedAt: input.at, updatedBy: input.by,
      },
      ConditionExpression: input.versionRead === 0 ? 'attribute_not_exists(pk) OR #version = :read' : '#version = :read',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':read': input.versionRead },
    }));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};

/**
 * Opening hours and chairs as the clinic record holds them, raw (the clinic screens own their
 * shape); undefined where the record has none, and the service assumes and says so.
 */
export const readClinicCapacity = async (tenantId: string, clinicId: string): Promise<{ openingHours?: unknown; chairs?: unknown }> => {
  const { Item } = await documentClient.send(new GetCommand({
    TableName: tableName,
    Key: clinicEntity.key({ tenantId, clinicId }),
    ProjectionExpression: 'openingHours, chairs',
  }));
  return { ...(Item?.openingHours !== undefined ? { openingHours: Item.openingHours } : {}), ...(Item?.chairs !== undefined ? { chairs: Item.chairs } : {}) };
};

/** The newest nightly snapshot of a scope taken on a day in [first, last], or undefined (snapshots are kept 40 days). */
export const snapshotWithin = async (tenantId: string, scope: string, first: string, last: string): Promise<PatientBaseView | undefined> => {
  const { Items } = await documentClient.send(new QueryCommand({
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
    ExpressionAttributeValues: {
      ':pk': kpiBaseEntity.pk.fill({ tenantId }),
      ':first': kpiBaseEntity.sk.fill({ scope, asOfDay: first }),
      ':last': kpiBaseEntity.sk.fill({ scope, asOfDay: last }),
    },
    ScanIndexForward: false,
    Limit: 1,
  }));
  const view = Items?.[0]?.view;
  return view ? (view as PatientBaseView) : undefined;
};
