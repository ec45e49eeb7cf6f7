/**
 * Reads what the nightly patient-base metrics need, one clinic page at a time: the profile
 * (from the clinic's patient index, which projects the whole item), then per patient two small
 * queries of their partition: recalls + summary (RECALL#… sorts just before SUMMARY) and the
 * visits since a cut-off (VISIT#<visitedAt>#… sorts by time). Tasks, messages and the medical
 * record in the same partition are never read.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.js';
import { mapLimit } from '../../lib/concurrency.js';
import { patientRecordFrom } from './patient-repository.js';
import type { PatientRecord } from '../../../shared/domain/patient.js';
import { patientEntity } from './entities/patient.js';
import { patientSummaryEntity } from './entities/patient-summary.js';
import { recallEntity } from './entities/recall.js';
import { visitEntity } from './entities/visit.js';

export type RawVisit = { visitedAt: string; totalFen: number; clinicId?: string; procedureIds: string[] };
export type RawRecall = { group: string; dueDate: string };
export type RawSummary = { firstVisitAt?: string; lastVisitAt?: string; visitCount: number; totalSpendFen: number; lastCategories?: string[]; lastCarePathwayUntil?: string };
export type RawPatient = { profile: PatientRecord; summary?: RawSummary; visits: RawVisit[]; recalls: RawRecall[] };

const pageSize = 200;
const concurrency = 8;

const queryAllOf = async (pk: string, from: string, to: string, projection?: string[]): Promise<Record<string, unknown>[]> => {
  const out: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  const names = projection ? Object.fromEntries(projection.map((f, i) => [`#f${i}`, f])) : undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': to },
        ...(names ? { ProjectionExpression: ['pk', 'sk', ...Object.keys(names)].join(', '), ExpressionAttributeNames: names } : {}),
        ExclusiveStartKey: start,
      }),
    );
    out.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
};

const visitOf = (item: Record<string, unknown>): RawVisit | undefined => {
  // A voided visit (红冲) stays stored but counts for nothing.
  if (item.voidedAt !== undefined) return undefined;
  const lines = Array.isArray(item.lines) ? (item.lines as { procedureId?: unknown }[]) : [];
  return {
    visitedAt: String(item.visitedAt),
    totalFen: typeof item.totalFen === 'number' ? item.totalFen : 0,
    ...(typeof item.clinicId === 'string' ? { clinicId: item.clinicId } : {}),
    procedureIds: lines.map((l) => l.procedureId).filter((id): id is string => typeof id === 'string'),
  };
};

const readPatient = async (tenantId: string, profile: PatientRecord, visitsSince: string): Promise<RawPatient> => {
  const pk = patientEntity.key({ tenantId, patientId: profile.patientId }).pk;
  const [head, visitItems] = await Promise.all([
    queryAllOf(pk, recallEntity.sk.prefix(), patientSummaryEntity.sk.prefix()),
    queryAllOf(pk, visitEntity.sk.prefix({ visitedAt: visitsSince }), `${visitEntity.sk.prefix()}~`, ['visitedAt', 'totalFen', 'clinicId', 'lines', 'voidedAt']),
  ]);
  const summaryItem = head.find((i) => i.sk === patientSummaryEntity.sk.prefix());
  const recalls = head.filter((i) => String(i.sk).startsWith(recallEntity.sk.prefix()) && typeof i.dueDate === 'string').map((i) => ({ group: String(i.group), dueDate: String(i.dueDate) }));
  const summary: RawSummary | undefined = summaryItem
    ? {
        visitCount: Number(summaryItem.visitCount ?? 0),
        totalSpendFen: Number(summaryItem.totalSpendFen ?? 0),
        ...(typeof summaryItem.firstVisitAt === 'string' ? { firstVisitAt: summaryItem.firstVisitAt } : {}),
        ...(typeof summaryItem.lastVisitAt === 'string' ? { lastVisitAt: summaryItem.lastVisitAt } : {}),
        ...(Array.isArray(summaryItem.lastCategories) ? { lastCategories: summaryItem.lastCategories as string[] } : {}),
        ...(typeof summaryItem.lastCarePathwayUntil === 'string' ? { lastCarePathwayUntil: summaryItem.lastCarePathwayUntil } : {}),
      }
    : undefined;
  const visits = visitItems.map(visitOf).filter((v): v is RawVisit => v !== undefined);
  return { profile, ...(summary ? { summary } : {}), visits, recalls };
};

/**
 * Calls `onPage` with each page of a clinic's patients, fully read, so the caller can reduce a
 * page to small facts before the next is read (memory follows the facts, not the raw items).
 * `visitsSince` is a UTC ISO instant: older visits are not read.
 */
export const forEachPatientPage = async (tenantId: string, clinicId: string, visitsSince: string, onPage: (patients: RawPatient[]) => void): Promise<void> => {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: tableName,
        ...patientEntity.indexes.byClinic.query({ tenantId, clinicId }),
        Limit: pageSize,
        ExclusiveStartKey: start,
      }),
    );
    const profiles = (page.Items ?? []).map(patientRecordFrom).filter((p) => p.mergedInto === undefined);
    onPage(await mapLimit(profiles, { limit: concurrency }, (profile) => readPatient(tenantId, profile, visitsSince)));
    start = page.LastEvaluatedKey;
  } while (start);
};
