/**
 * Saved segments in the chain's partition; a frozen segment's members in pages of their own
 * partition; exports on record. Changes are conditional on the version read (invariant 11).
 */
import { BatchWriteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { staleVersion } from '../../../shared/domain/errors.js';
import type { Segment } from '../../../shared/schemas/segments.js';
import { documentClient, tableName } from './client.js';
import { queryAll } from './query-all.js';
import { segmentEntity, segmentExportEntity, segmentMembersEntity } from './entities/segment.js';

const membersPerPage = 8000;
const isConditionFailure = (error: unknown): boolean => error instanceof Error && error.name === 'ConditionalCheckFailedException';

export const putNewSegment = async (tenantId: string, segment: Segment): Promise<void> => {
  await documentClient.send(new PutCommand({ TableName: tableName, Item: { ...segmentEntity.key({ tenantId, segmentId: segment.segmentId }), type: segmentEntity.type, ...segment }, ConditionExpression: 'attribute_not_exists(pk)' }));
};

/** The segment as stored, deleted or not: only the soft-delete checks need the deleted ones. */
export const getSegmentRecord = async (tenantId: string, segmentId: string): Promise<Segment | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: segmentEntity.key({ tenantId, segmentId }) }));
  return Item ? segmentEntity.fromItem<Segment>(Item) : undefined;
};

/** A deleted segment is gone for every reader: not listed, not counted, not an audience. */
export const getSegment = async (tenantId: string, segmentId: string): Promise<Segment | undefined> => {
  const segment = await getSegmentRecord(tenantId, segmentId);
  return segment && !segment.deletedAt ? segment : undefined;
};

export const listSegments = async (tenantId: string): Promise<Segment[]> => {
  const range = segmentEntity.range({ tenantId });
  const items = await queryAll({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': range.pk, ':p': range.skPrefix } });
  return items.map((i) => segmentEntity.fromItem<Segment>(i)).filter((s) => !s.deletedAt);
};

/** Replaces the segment if it is still at `versionRead`; 409 otherwise. */
export const replaceSegment = async (tenantId: string, segment: Segment, versionRead: number): Promise<void> => {
  try {
    await documentClient.send(new PutCommand({
      TableName: tableName, Item: { ...segmentEntity.key({ tenantId, segmentId: segment.segmentId }), type: segmentEntity.type, ...segment },
      ConditionExpression: 'attribute_exists(pk) AND #ver = :ver', ExpressionAttributeNames: { '#ver': 'version' }, ExpressionAttributeValues: { ':ver': versionRead },
    }));
  } catch (error) {
    if (isConditionFailure(error)) throw staleVersion('This segment');
    throw error;
  }
};

/**
 * Soft delete: the item stays (who deleted it and when, its exports' audit trail keeps naming
 * it, a campaign that names it can say why it cannot launch), marked deleted at `at`, if still
 * at `versionRead`. The frozen list stays too: it is what a past campaign sent to.
 */
export const deleteSegment = async (tenantId: string, segmentId: string, change: { at: string; by: string; versionRead: number }): Promise<void> => {
  try {
    await documentClient.send(new UpdateCommand({
      TableName: tableName, Key: segmentEntity.key({ tenantId, segmentId }),
      UpdateExpression: 'SET deletedAt = :at, deletedBy = :by, updatedAt = :at, #ver = :next',
      ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(deletedAt) AND #ver = :ver',
      ExpressionAttributeNames: { '#ver': 'version' },
      ExpressionAttributeValues: { ':at': change.at, ':by': change.by, ':ver': change.versionRead, ':next': change.versionRead + 1 },
    }));
  } catch (error) {
    if (isConditionFailure(error)) throw staleVersion('This segment');
    throw error;
  }
};

const memberPages = async (tenantId: string, segmentId: string): Promise<Record<string, unknown>[]> => {
  const range = segmentMembersEntity.range({ tenantId, segmentId });
  return queryAll({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': range.pk, ':p': range.skPrefix } });
};

/** Writes the frozen members page by page, dropping pages a previous, larger freeze left. */
export const writeSegmentMembers = async (tenantId: string, segmentId: string, patientIds: readonly string[]): Promise<void> => {
  const old = await memberPages(tenantId, segmentId);
  const pages: string[][] = [];
  for (let i = 0; i < patientIds.length; i += membersPerPage) pages.push(patientIds.slice(i, i + membersPerPage));
  for (const [n, ids] of pages.entries())
    await documentClient.send(new PutCommand({ TableName: tableName, Item: { ...segmentMembersEntity.key({ tenantId, segmentId, page: String(n).padStart(4, '0') }), type: segmentMembersEntity.type, ids: ids.join(',') } }));
  const stale = old.slice(pages.length).map((i) => ({ DeleteRequest: { Key: { pk: i.pk, sk: i.sk } } }));
  for (let i = 0; i < stale.length; i += 25) await documentClient.send(new BatchWriteCommand({ RequestItems: { [tableName]: stale.slice(i, i + 25) } }));
};

export const readSegmentMembers = async (tenantId: string, segmentId: string): Promise<string[]> =>
  (await memberPages(tenantId, segmentId)).flatMap((i) => (typeof i.ids === 'string' && i.ids ? i.ids.split(',') : []));

export type SegmentExportRecord = { exportId: string; segmentId: string; at: string; actorId: string; role: string; rows: number };

export const recordSegmentExport = async (tenantId: string, record: SegmentExportRecord): Promise<void> => {
  await documentClient.send(new PutCommand({ TableName: tableName, Item: { ...segmentExportEntity.key({ tenantId, at: record.at, exportId: record.exportId }), type: segmentExportEntity.type, ...record } }));
};

export const listSegmentExports = async (tenantId: string, segmentId?: string): Promise<SegmentExportRecord[]> => {
  const range = segmentExportEntity.range({ tenantId });
  const items = await queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': range.pk } });
  return items.map((i) => segmentExportEntity.fromItem<SegmentExportRecord>(i)).filter((r) => segmentId === undefined || r.segmentId === segmentId);
};
