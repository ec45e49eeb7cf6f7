/**
 * Dormant patients from the last-visit index (patient summaries under `LASTVISIT`, sorted
 * by the day of the last visit), and each patient's reactivation attempts kept on the summary.
 * A checkout rewrites the summary without them: a new visit starts the count over, as it should.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DormantCandidate, PlannedReactivation, ReactivationState } from '../../../shared/domain/messaging/reactivation.js';
import { documentClient, tableName } from './client.js';
import { queryAll } from './query-all.js';
import { reactivationPlanEntity } from './entities/job-checkpoint.js';
import { patientSummaryEntity } from './entities/patient-summary.js';

export const dormantCandidates = async (tenantId: string, fromDay: string, toDay: string): Promise<DormantCandidate[]> =>
  (
    await queryAll({
      ...patientSummaryEntity.indexes.byLastVisit.query({ tenantId }, { between: [fromDay, `${toDay}~`] }),
      ProjectionExpression: 'patientId, lastVisitClinicId, lastVisitAt, totalSpendFen, reactivation',
    })
  ).map((i) => ({
    patientId: String(i.patientId),
    clinicId: String(i.lastVisitClinicId ?? ''),
    lastVisitAt: String(i.lastVisitAt),
    totalSpendFen: Number(i.totalSpendFen ?? 0),
    ...(i.reactivation ? { reactivation: i.reactivation as ReactivationState } : {}),
  }));

/** Counts one attempt, once per occasion, and only while no visit has happened since. */
export const recordReactivationAttempt = async (tenantId: string, planned: PlannedReactivation, at: string): Promise<boolean> => {
  const state: ReactivationState = { basedOn: planned.lastVisitAt, attempts: planned.attempt, lastAt: at, lastOccasion: planned.occasion };
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: patientSummaryEntity.key({ tenantId, patientId: planned.patientId }),
        UpdateExpression: 'SET reactivation = :state',
        ConditionExpression: 'lastVisitAt = :lv AND (attribute_not_exists(reactivation) OR reactivation.lastOccasion <> :occasion)',
        ExpressionAttributeValues: { ':state': state, ':lv': planned.lastVisitAt, ':occasion': planned.occasion },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};

/**
 * The day's list is written once and then followed: a run that resumes after a failure works
 * through the same patients with the same occasions, so nobody is skipped or messaged twice.
 */
export const claimDailyPlan = async (tenantId: string, day: string, plan: PlannedReactivation[]): Promise<PlannedReactivation[]> => {
  const key = reactivationPlanEntity.key({ tenantId, day });
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...key, type: 'job-plan', plan, createdAt: new Date().toISOString(), expiresAt: Math.floor(Date.now() / 1000) + 14 * 86_400 },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return plan;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
    return (Item?.plan ?? []) as PlannedReactivation[];
  }
};

export const dailyPlanExists = async (tenantId: string, day: string): Promise<PlannedReactivation[] | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: reactivationPlanEntity.key({ tenantId, day }), ConsistentRead: true }));
  return Item ? ((Item.plan ?? []) as PlannedReactivation[]) : undefined;
};
