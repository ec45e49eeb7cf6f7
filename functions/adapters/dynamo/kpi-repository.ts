/**
 * KPI rollups: one item per (clinic, local day) holding integer counters, ADDed to in the same
 * transaction as the record change they count (ADD is not idempotent, so never from a replayed
 * event), plus the set of patients who visited that day (the list behind the day's visits).
 * Message counts are the exception: the ledger's change stream adds them a batch at a time,
 * with a marker per batch in the same transaction, so a redelivered batch counts once
 * (message-counts-writer.ts).
 * The dashboard reads a date range of a few clinics: its cost follows the range, not the chain.
 */
import { QueryCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { countersFromItem, mergeDayCounters, toAddUpdate, type DayCounters, dayKeyOf } from '../../../shared/domain/kpi/rollup.js';
import { documentClient, tableName } from './client.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Who visited (or newly registered) on the day; patient ids only. */
export type DayPatients = { visitors?: { add?: string[]; remove?: string[] } };

/** The Update actions that apply `deltas` (one per clinic day), for a write transaction. */
export const rollupUpdates = (tenantId: string, deltas: readonly DayCounters[], patients: Map<string, DayPatients> = new Map()): TransactItem[] =>
  deltas.flatMap((delta): TransactItem[] => {
    const add = toAddUpdate(delta.counters);
    const people = patients.get(dayKeyOf(delta));
    const adds = people?.visitors?.add?.length ? people.visitors.add : undefined;
    const removes = people?.visitors?.remove?.length ? people.visitors.remove : undefined;
    if (!add && !adds && !removes) return [];
    const names: Record<string, string> = { ...(add?.ExpressionAttributeNames ?? {}), '#type': 'type', '#clinic': 'clinicId', '#day': 'day' };
    const values: Record<string, unknown> = { ...(add?.ExpressionAttributeValues ?? {}), ':type': 'kpi-day', ':clinic': delta.clinicId, ':day': delta.day };
    const addClauses = add ? [add.UpdateExpression.replace(/^ADD /, '')] : [];
    if (adds) {
      addClauses.push('visitors :visitorsAdd');
      values[':visitorsAdd'] = new Set(adds);
    }
    const expression = [`SET #type = :type, #clinic = :clinic, #day = :day`, addClauses.length ? `ADD ${addClauses.join(', ')}` : '', removes ? 'DELETE visitors :visitorsRemove' : ''].filter(Boolean).join(' ');
    if (removes) values[':visitorsRemove'] = new Set(removes);
    return [{ Update: { TableName: tableName, Key: kpiDayEntity.key({ tenantId, clinicId: delta.clinicId, day: delta.day }), UpdateExpression: expression, ExpressionAttributeNames: names, ExpressionAttributeValues: values } }];
  });

export type StoredDay = DayCounters & { visitors: string[] };

/** The rollups of one clinic from `fromDay` to `toDay`, both inclusive. */
export const readClinicDays = async (tenantId: string, clinicId: string, fromDay: string, toDay: string): Promise<StoredDay[]> => {
  const out: StoredDay[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': kpiDayEntity.pk.fill({ tenantId, clinicId }), ':from': kpiDayEntity.sk.fill({ day: fromDay }), ':to': kpiDayEntity.sk.fill({ day: toDay }) },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const visitors = item.visitors instanceof Set ? [...(item.visitors as Set<string>)] : [];
      out.push({ clinicId, day: String(item.sk).slice(4), counters: countersFromItem(item), visitors });
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
};

export const readRollups = async (tenantId: string, clinicIds: readonly string[], fromDay: string, toDay: string): Promise<StoredDay[]> =>
  (await Promise.all(clinicIds.map((clinicId) => readClinicDays(tenantId, clinicId, fromDay, toDay)))).flat();

// Appended for the demo history (functions/local/demo-history-writer.ts); kept below the lead's code.
import { toAttributeName } from '../../../shared/domain/kpi/rollup.js';
import { kpiDayEntity } from './entities/kpi.js';

/**
 * A whole rollup item, for bulk writers that computed a day from scratch (recomputeRollups):
 * the same attributes `rollupUpdates` leaves behind after its ADDs (type, clinic, day, one
 * attribute per counter, the visitors set), written with one put instead of an update per day.
 * DynamoDB stores no empty sets, so a day nobody visited has no `visitors` attribute, as after ADD.
 */
export const rollupItem = (tenantId: string, day: DayCounters, visitors: readonly string[] = []): Record<string, unknown> => ({
  ...kpiDayEntity.key({ tenantId, clinicId: day.clinicId, day: day.day }),
  type: 'kpi-day',
  clinicId: day.clinicId,
  day: day.day,
  ...Object.fromEntries(Object.entries(day.counters).filter(([, v]) => v !== 0).map(([name, value]) => [toAttributeName(name), value])),
  ...(visitors.length ? { visitors: new Set(visitors) } : {}),
});

