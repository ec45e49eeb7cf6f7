/**
 * The automations' holdout decisions (entities/automation-holdout.ts). A decision is claimed with
 * a conditional put on (patient, automation, occasion): of two concurrent runs exactly one
 * records it, so a held-out patient is counted once per occasion whatever EventBridge redelivers.
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { HoldoutAutomation } from '../../../shared/domain/campaigns/automation-holdout.js';
import { documentClient, tableName } from './client.js';
import { conditionFailed } from './conditional-write.js';
import { automationAssignmentEntity } from './entities/automation-holdout.js';
import { queryAll } from './query-all.js';

export type AutomationAssignment = {
  automation: HoldoutAutomation;
  patientId: string;
  occasion: string;
  arm: 'holdout' | 'treated';
  assignedAt: string;
  holdoutPercent: number;
  /** the send pipeline's answer for a treated patient, once known */
  outcome?: string;
};


const keyOf = (tenantId: string, a: Pick<AutomationAssignment, 'automation' | 'patientId' | 'occasion'>) => automationAssignmentEntity.key({ tenantId, ...a });

/** true when this call recorded the decision; false when a run before (or beside) it had. */
export const claimAssignment = async (tenantId: string, assignment: AutomationAssignment): Promise<boolean> => {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...keyOf(tenantId, assignment), ...automationAssignmentEntity.indexes.byAutomation.keys({ tenantId, ...assignment }), type: automationAssignmentEntity.type, ...assignment },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (conditionFailed(error)) return false;
    throw error;
  }
};

/** The arm an occasion was recorded with, if any. */
export const recordedArm = async (tenantId: string, key: Pick<AutomationAssignment, 'automation' | 'patientId' | 'occasion'>): Promise<'holdout' | 'treated' | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: keyOf(tenantId, key), ConsistentRead: true, ProjectionExpression: 'arm' }));
  return Item?.arm as 'holdout' | 'treated' | undefined;
};

/** A treated patient's send outcome; 'sent' is never overwritten by a later duplicate's answer. */
export const recordAssignmentOutcome = async (tenantId: string, key: Pick<AutomationAssignment, 'automation' | 'patientId' | 'occasion'>, outcome: string): Promise<void> => {
  await documentClient
    .send(
      new UpdateCommand({
        TableName: tableName,
        Key: keyOf(tenantId, key),
        UpdateExpression: 'SET outcome = :o',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(outcome) OR outcome <> :sent)',
        ExpressionAttributeValues: { ':o': outcome, ':sent': 'sent' },
      }),
    )
    .catch((error: unknown) => {
      if (!conditionFailed(error)) throw error;
    });
};

const fromItem = (item: Record<string, unknown>): AutomationAssignment => {
  const { automation, patientId, occasion, arm, assignedAt, holdoutPercent, outcome } = item as AutomationAssignment;
  return { automation, patientId, occasion, arm, assignedAt, holdoutPercent, ...(outcome ? { outcome } : {}) };
};

/** Every decision of one automation, oldest first (the results read them all). */
export const listAssignments = async (tenantId: string, automation: HoldoutAutomation): Promise<AutomationAssignment[]> => {
  const items = await queryAll(automationAssignmentEntity.indexes.byAutomation.query({ tenantId, automation }));
  return items.map(fromItem);
};

/** One patient's decisions across automations (the profile's campaign section). */
export const patientAssignments = async (tenantId: string, patientId: string): Promise<AutomationAssignment[]> => {
  const range = automationAssignmentEntity.range({ tenantId, patientId });
  const items = await queryAll({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': range.pk, ':p': range.skPrefix } });
  return items.map(fromItem);
};
