/**
 * Who calls a lead back, and each clinic's senior consultants. Both are changed only at the
 * version they were read at (invariant 11): two people assigning the same lead at once cannot
 * both win, and the loser is told to reload.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { LeadRecord } from '../../../shared/domain/intake.js';
import { documentClient, tableName } from './client.js';
import { toLead } from './engagement-lead-repository.js';
import { leadEntity, leadRoutingEntity } from './entities/lead.js';

/** Leads stored before versions count as version 0. */
const atVersion = (read: number): string => (read === 0 ? '(attribute_not_exists(#version) OR #version = :read)' : '#version = :read');

export type LeadAssignment = { assignee: string | null; at: string; by: string };

/**
 * Sets or clears the lead's consultant if it is still a new lead at the version read.
 * Undefined when that condition failed (converted meanwhile, or changed by someone else).
 */
export const assignLead = async (tenantId: string, leadId: string, assignment: LeadAssignment, versionRead: number): Promise<LeadRecord | undefined> => {
  const set = assignment.assignee === null
    ? 'SET #version = :next REMOVE assignee, assignedAt, assignedBy'
    : 'SET #version = :next, assignee = :assignee, assignedAt = :at, assignedBy = :by';
  try {
    const { Attributes } = await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: leadEntity.key({ tenantId, leadId }),
        UpdateExpression: set,
        ConditionExpression: `attribute_exists(pk) AND #status = :new AND ${atVersion(versionRead)}`,
        ExpressionAttributeNames: { '#status': 'status', '#version': 'version' },
        ExpressionAttributeValues: {
          ':new': 'new', ':read': versionRead, ':next': versionRead + 1,
          ...(assignment.assignee === null ? {} : { ':assignee': assignment.assignee, ':at': assignment.at, ':by': assignment.by }),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toLead(Attributes ?? {});
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
};

export type StoredLeadRouting = { seniorConsultants: string[]; version: number; updatedAt?: string; updatedBy?: string };

export const getLeadRouting = async (tenantId: string, clinicId: string): Promise<StoredLeadRouting> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: leadRoutingEntity.key({ tenantId, clinicId }) }));
  if (!Item) return { seniorConsultants: [], version: 0 };
  return {
    seniorConsultants: Array.isArray(Item.seniorConsultants) ? Item.seniorConsultants.map(String) : [],
    version: Number(Item.version ?? 0),
    ...(typeof Item.updatedAt === 'string' ? { updatedAt: Item.updatedAt } : {}),
    ...(typeof Item.updatedBy === 'string' ? { updatedBy: Item.updatedBy } : {}),
  };
};

/** False when the routing changed since `versionRead` (or was never stored and `versionRead` is not 0). */
export const putLeadRouting = async (tenantId: string, clinicId: string, routing: Required<StoredLeadRouting>, versionRead: number): Promise<boolean> => {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...leadRoutingEntity.key({ tenantId, clinicId }), type: 'lead-routing', tenantId, clinicId, ...routing },
        ConditionExpression: versionRead === 0 ? 'attribute_not_exists(pk) OR #version = :read' : '#version = :read',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':read': versionRead },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};
