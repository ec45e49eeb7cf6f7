/**
 * Complaints: one item each, indexed per clinic (all, and open/resolved). Opening one and
 * resolving one change the patient's open-complaint count in the same transaction, so the
 * marketing block (invariant 6) is never out of step with the complaint queue.
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { complaintBucket, type ComplaintStatus, type ComplaintStatusFilter } from '../../../shared/domain/complaint.js';
import { DomainError, invalid } from '../../../shared/domain/errors.js';
import type { Complaint } from '../../../shared/schemas/engagement.js';
import { documentClient, tableName } from './client.js';
import { pick, queryIndexPage, transactWrite, TransactionConditionFailed } from './engagement-dynamo.js';
import { openComplaintsUpdate } from './patient-repository.js';
import { complaintEntity } from './entities/complaint.js';

const complaintFields = [
  'complaintId', 'clinicId', 'patientId', 'category', 'severity', 'description', 'status', 'source', 'surveyId',
  'owner', 'resolution', 'createdAt', 'createdBy', 'updatedAt', 'resolvedAt', 'resolvedBy',
] as const;

const toComplaint = (item: Record<string, unknown>): Complaint => pick<Complaint>(item, complaintFields);

const indexKeys = (tenantId: string, c: Pick<Complaint, 'clinicId' | 'complaintId' | 'createdAt' | 'status'>) => ({
  ...complaintEntity.indexes.byClinic.keys({ tenantId, clinicId: c.clinicId, createdAt: c.createdAt, complaintId: c.complaintId }),
  ...complaintEntity.indexes.byStatus.keys({ tenantId, clinicId: c.clinicId, bucket: complaintBucket(c.status), createdAt: c.createdAt, complaintId: c.complaintId }),
});

/** The two writes that open a complaint, for this module and for a survey answer's transaction. */
export const openComplaintWrites = (tenantId: string, complaint: Complaint) => [
  {
    Put: {
      TableName: tableName,
      Item: { ...complaintEntity.key({ tenantId, complaintId: complaint.complaintId }), type: 'complaint', tenantId, ...complaint, ...indexKeys(tenantId, complaint) },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  },
  { Update: openComplaintsUpdate(tenantId, complaint.patientId, 1) },
];

export const putNewComplaint = async (tenantId: string, complaint: Complaint): Promise<void> => {
  try {
    await transactWrite(openComplaintWrites(tenantId, complaint));
  } catch (error) {
    // The patient update's condition is that the patient exists.
    if (error instanceof TransactionConditionFailed && error.failed[1]) throw invalid('patientId', 'is not a patient of this chain', { code: 'patient.not_found' });
    throw error;
  }
};

export const getComplaint = async (tenantId: string, complaintId: string): Promise<Complaint | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: complaintEntity.key({ tenantId, complaintId }), ConsistentRead: true }));
  return Item ? toComplaint(Item) : undefined;
};

export type ComplaintChanges = {
  status: ComplaintStatus;
  owner?: string | null;
  resolution?: string;
  updatedAt: string;
  resolvedAt?: string;
  resolvedBy?: string;
};

const changedMeanwhile = () =>
  new DomainError('conflict', 'status: someone changed this complaint meanwhile; reload and try again', [{ path: 'status', message: 'changed meanwhile', code: 'conflict.changed' }]);

/**
 * Writes a change only if the complaint is still in the status it was read in, so two people
 * resolving at once cannot both decrement the patient's count. `closes` adds the −1.
 */
export const updateComplaint = async (tenantId: string, current: Complaint, changes: ComplaintChanges, closes: boolean): Promise<Complaint> => {
  const { owner: ownerChange, ...rest } = changes;
  const next: Complaint = { ...current, ...rest };
  if (ownerChange === null) delete next.owner;
  else if (ownerChange !== undefined) next.owner = ownerChange;
  const listed = complaintEntity.indexes.byStatus.set({ pk: complaintEntity.indexes.byStatus.pk.fill({ tenantId, clinicId: current.clinicId, bucket: complaintBucket(next.status) }) });
  const sets: string[] = ['#status = :status', 'updatedAt = :updatedAt', ...listed.clauses];
  const values: Record<string, unknown> = {
    ':status': next.status,
    ':updatedAt': next.updatedAt,
    ...listed.values,
    ':current': current.status,
  };
  if (ownerChange !== undefined && ownerChange !== null) {
    sets.push('#owner = :owner');
    values[':owner'] = ownerChange;
  }
  for (const field of ['resolution', 'resolvedAt', 'resolvedBy'] as const) {
    const value = changes[field];
    if (value === undefined) continue;
    sets.push(`${field} = :${field}`);
    values[`:${field}`] = value;
  }
  const update = {
    TableName: tableName,
    Key: complaintEntity.key({ tenantId, complaintId: current.complaintId }),
    UpdateExpression: `SET ${sets.join(', ')}${ownerChange === null ? ' REMOVE #owner' : ''}`,
    ConditionExpression: '#status = :current',
    ExpressionAttributeNames: { '#status': 'status', ...(ownerChange !== undefined ? { '#owner': 'owner' } : {}) },
    ExpressionAttributeValues: values,
  };
  try {
    if (closes) await transactWrite([{ Update: update }, { Update: openComplaintsUpdate(tenantId, current.patientId, -1) }]);
    else await documentClient.send(new UpdateCommand(update));
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw changedMeanwhile();
    if (error instanceof TransactionConditionFailed) {
      if (error.failed[0]) throw changedMeanwhile();
      // The patient's count is already 0: never take it below zero.
      throw new DomainError('conflict', 'status: the patient has no open complaint to close; reload and try again', [{ path: 'status', message: 'no open complaint on the patient', code: 'status.transition' }]);
    }
    throw error;
  }
  return next;
};

export const queryComplaints = async (
  tenantId: string,
  clinicId: string,
  status: ComplaintStatusFilter | undefined,
  limit: number,
  cursor?: string,
): Promise<{ items: Complaint[]; cursor?: string }> => {
  const page = status === undefined
    ? await queryIndexPage(tenantId, complaintEntity.indexes.byClinic, { tenantId, clinicId }, { limit, cursor })
    : await queryIndexPage(tenantId, complaintEntity.indexes.byStatus, { tenantId, clinicId, bucket: status }, { limit, cursor });
  return { items: page.items.map(toComplaint), ...(page.cursor ? { cursor: page.cursor } : {}) };
};
