/**
 * Daily 08:00 Shanghai: yesterday's visits, revenue and messages (from the KPI rollups, one small
 * read per clinic) and today's overdue follow-up calls (the open-task index), to the owners on
 * the staff-alerts topic. Claimed per chain and day first, so a redelivered event sends one summary.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { counterNames as n } from '../../shared/domain/kpi/rollup.js';
import { staffSummaryText, type ClinicDaySummary } from '../../shared/domain/messaging/staff-summary.js';
import { chainTimeZone, addDays, localDay } from '../../shared/domain/time.js';
import { documentClient, tableName } from '../adapters/dynamo/client.js';
import { readClinicDays } from '../adapters/dynamo/kpi-repository.js';
import { listClinics } from '../adapters/dynamo/org-repository.js';
import { listPendingTasks } from '../adapters/dynamo/task-repository.js';
import { alertStaff } from '../adapters/notifier.js';
import { createJobHandler } from './lib/job-runner.js';
import { jobCheckpointEntity } from '../adapters/dynamo/entities/job-checkpoint.js';

const claimDay = async (tenantId: string, day: string, at: string): Promise<boolean> => {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: { ...jobCheckpointEntity.key({ tenantId, job: 'staff-summary', runKey: day }), type: 'job-checkpoint', done: true, updatedAt: at, expiresAt: Math.floor(Date.parse(at) / 1000) + 14 * 86_400 },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};

export const runStaffSummary = async (tenantId: string, now: Date): Promise<Record<string, number>> => {
  const clinics = await listClinics(tenantId);
  const yesterday = addDays(localDay(now, chainTimeZone(clinics)), -1);
  const overdueBefore = new Date(now.getTime() - 24 * 3600_000).toISOString();
  const summaries: ClinicDaySummary[] = await Promise.all(
    clinics.map(async (clinic) => {
      const [day] = await readClinicDays(tenantId, clinic.clinicId, yesterday, yesterday);
      const counters = day?.counters ?? {};
      const overdue = (await listPendingTasks(tenantId, clinic.clinicId, 1000, overdueBefore)).length;
      return {
        clinicName: clinic.name,
        visits: counters[n.visits] ?? 0,
        revenueFen: counters[n.revenueFen] ?? 0,
        messagesSent: counters[n.messages('sent')] ?? 0,
        overdueTasks: overdue,
      };
    }),
  );
  if (!(await claimDay(tenantId, yesterday, now.toISOString()))) return { alreadySent: 1 };
  const { subject, text } = staffSummaryText(yesterday, summaries);
  try {
    await alertStaff(tenantId, { subject, text, purpose: 'daily-summary' });
  } catch (error) {
    // Not sent: give the day back so the retried event sends it.
    await documentClient.send(new DeleteCommand({ TableName: tableName, Key: jobCheckpointEntity.key({ tenantId, job: 'staff-summary', runKey: yesterday }) }));
    throw error;
  }
  return { sent: 1, clinics: summaries.length, visits: summaries.reduce((s, c) => s + c.visits, 0) };
};

export const handler = createJobHandler('staff-summary', runStaffSummary);
