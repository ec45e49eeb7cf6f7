/** Per-clinic patient counts written by the nightly job. */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.js';
import { queryAll } from './query-all.js';
import { patientEntity } from './entities/patient.js';
import { patientStatsEntity } from './entities/patient-stats.js';

export type PatientCounts = { clinicId: string; localDay: string; total: number; byChannel: Record<string, number>; computedAt: string };

/** Reads only the `channel` attribute of each patient of a clinic, page by page. */
export const countPatientsByChannel = async (tenantId: string, clinicId: string): Promise<Record<string, number>> => {
  const counts: Record<string, number> = {};
  const items = await queryAll({ ...patientEntity.indexes.byClinic.query({ tenantId, clinicId }), ProjectionExpression: 'channel' });
  for (const item of items) {
    const channel = String(item.channel ?? 'other');
    counts[channel] = (counts[channel] ?? 0) + 1;
  }
  return counts;
};

export const putPatientCounts = async (tenantId: string, counts: PatientCounts): Promise<void> => {
  await documentClient.send(new PutCommand({ TableName: tableName, Item: { ...patientStatsEntity.key({ tenantId, clinicId: counts.clinicId }), type: 'patient-stats', ...counts } }));
};

export const listPatientCounts = async (tenantId: string): Promise<PatientCounts[]> => {
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': patientStatsEntity.pk.fill({ tenantId }), ':prefix': patientStatsEntity.sk.prefix() },
    }),
  );
  return (Items ?? []).map((item) => patientStatsEntity.fromItem<PatientCounts>(item));
};
