/**
 * Who a greeting goes to, read through indexes only: the day's birthdays from the sparse
 * birthday index (keys only), a holiday's audience from the clinic's patient list
 * a page at a time, so a run over a whole chain can stop and resume between pages.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.js';
import { queryAll } from './query-all.js';
import { patientEntity } from './entities/patient.js';

/** Patient ids of the clinic born on `monthDay` (MM-DD). */
export const birthdayPatientIds = async (tenantId: string, clinicId: string, monthDay: string): Promise<string[]> => {
  const { byBirthday } = patientEntity.indexes;
  const items = await queryAll(byBirthday.query({ tenantId, monthDay }, { beginsWith: byBirthday.sk.prefix({ clinicId }) }));
  return items.map((item) => byBirthday.sortKeyOf(item).slice(clinicId.length + 1));
};

/**
 * One page of the clinic's patients who have granted marketing consent. The filter only saves
 * the pipeline's work for patients who could not get the message anyway: the pipeline checks
 * consent again at the moment of sending (invariant 6). A page may hold fewer than `limit`
 * (DynamoDB filters after reading `limit` items); `lastKey` is where the next page starts.
 */
export const marketingAudiencePage = async (tenantId: string, clinicId: string, startKey: Record<string, unknown> | undefined, limit: number): Promise<{ items: string[]; lastKey?: Record<string, unknown> }> => {
  const query = patientEntity.indexes.byClinic.query({ tenantId, clinicId });
  const page = await documentClient.send(
    new QueryCommand({
      TableName: tableName,
      ...query,
      FilterExpression: 'consents.marketing.granted = :yes',
      ProjectionExpression: 'patientId',
      ExpressionAttributeValues: { ...query.ExpressionAttributeValues, ':yes': true },
      Limit: limit,
      ExclusiveStartKey: startKey,
    }),
  );
  return { items: (page.Items ?? []).map((item) => String(item.patientId)), ...(page.LastEvaluatedKey ? { lastKey: page.LastEvaluatedKey } : {}) };
};
