/**
 * Reads the records one patient's SegmentFacts are computed from, in their partition: the
 * profile, recalls and summary in one range (PROFILE < RECALL# < SUMMARY), the visits, the
 * appointments, the memberships held and the cards that cover them, and the stored-value
 * account. Medical records, tasks and messages in the same partition are never read.
 * Eventually consistent except where `consistent` asks (a refresh right after a write).
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.js';
import { patientEntity } from './entities/patient.js';
import { patientSummaryEntity } from './entities/patient-summary.js';
import { recallEntity } from './entities/recall.js';
import { visitEntity } from './entities/visit.js';
import { appointmentEntity } from './entities/appointment.js';
import { memberOfEntity, membershipEntity } from './entities/membership.js';
import { walletAccountEntity } from './entities/wallet.js';
import { patientRecordFrom } from './patient-repository.js';
import type { PatientRecord } from '../../../shared/domain/patient.js';
import type { RawMembership, PatientRecords } from '../../services/segment-facts-of.js';
import type { RawSummary, RawVisit } from './patient-facts-reader.js';

type Item = Record<string, unknown>;

const range = async (pk: string, from: string, to: string, consistent: boolean): Promise<Item[]> => {
  const out: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to', ExpressionAttributeValues: { ':pk': pk, ':from': from, ':to': to }, ConsistentRead: consistent, ExclusiveStartKey: start }),
    );
    out.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return out;
};

const visitOf = (item: Item): RawVisit | undefined => {
  if (item.voidedAt !== undefined) return undefined;
  const lines = Array.isArray(item.lines) ? (item.lines as { procedureId?: unknown }[]) : [];
  return {
    visitedAt: String(item.visitedAt),
    totalFen: typeof item.totalFen === 'number' ? item.totalFen : 0,
    ...(typeof item.clinicId === 'string' ? { clinicId: item.clinicId } : {}),
    procedureIds: lines.map((l) => l.procedureId).filter((id): id is string => typeof id === 'string'),
  };
};

const summaryOf = (item: Item | undefined): RawSummary | undefined =>
  item
    ? {
        visitCount: Number(item.visitCount ?? 0),
        totalSpendFen: Number(item.totalSpendFen ?? 0),
        ...(typeof item.firstVisitAt === 'string' ? { firstVisitAt: item.firstVisitAt } : {}),
        ...(typeof item.lastVisitAt === 'string' ? { lastVisitAt: item.lastVisitAt } : {}),
        ...(Array.isArray(item.lastCategories) ? { lastCategories: item.lastCategories.map(String) } : {}),
        ...(typeof item.lastCarePathwayUntil === 'string' ? { lastCarePathwayUntil: item.lastCarePathwayUntil } : {}),
      }
    : undefined;

const membershipOf = (item: Item): RawMembership => ({ status: String(item.status), planId: String(item.planId ?? ''), anchorDate: String(item.anchorDate ?? ''), endDate: String(item.endDate ?? '') });

/** The cards covering the patient as a family member live in the holder's partition. */
const coveringCards = async (tenantId: string, links: Item[], consistent: boolean): Promise<RawMembership[]> => {
  const cards = await Promise.all(
    links.map(async (l) => {
      const key = membershipEntity.key({ tenantId, patientId: String(l.holderPatientId), membershipId: String(l.membershipId) });
      const { Item: card } = await documentClient.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: consistent }));
      return card ? membershipOf(card) : undefined;
    }),
  );
  return cards.filter((c): c is RawMembership => c !== undefined);
};

/** A patient's records from the profile already read (the rebuild pages profiles by clinic). */
export const readRecordsOf = async (tenantId: string, profile: PatientRecord, consistent = false): Promise<PatientRecords> => {
  const pk = patientEntity.key({ tenantId, patientId: profile.patientId }).pk;
  const [head, visits, appointments, cards, wallet] = await Promise.all([
    range(pk, recallEntity.sk.prefix(), patientSummaryEntity.sk.prefix(), consistent),
    range(pk, visitEntity.sk.prefix(), `${visitEntity.sk.prefix()}~`, consistent),
    range(pk, appointmentEntity.sk.prefix(), `${appointmentEntity.sk.prefix()}~`, consistent),
    range(pk, memberOfEntity.sk.prefix(), `${membershipEntity.sk.prefix()}~`, consistent),
    documentClient.send(new GetCommand({ TableName: tableName, Key: walletAccountEntity.key({ tenantId, patientId: profile.patientId }), ConsistentRead: consistent })),
  ]);
  const summary = summaryOf(head.find((i) => i.sk === patientSummaryEntity.sk.prefix()));
  const held = cards.filter((i) => String(i.sk).startsWith(membershipEntity.sk.prefix())).map(membershipOf);
  const links = cards.filter((i) => String(i.sk).startsWith(memberOfEntity.sk.prefix()));
  return {
    profile,
    ...(summary ? { summary } : {}),
    visits: visits.map(visitOf).filter((v): v is RawVisit => v !== undefined),
    recalls: head.filter((i) => String(i.sk).startsWith(recallEntity.sk.prefix()) && typeof i.dueDate === 'string').map((i) => ({ group: String(i.group), dueDate: String(i.dueDate) })),
    appointments: appointments.map((a) => ({ status: String(a.status), startAt: String(a.startAt), ...(typeof a.localDay === 'string' ? { localDay: a.localDay } : {}) })),
    memberships: [...held, ...(await coveringCards(tenantId, links, consistent))],
    storedValueFen: Number(wallet.Item?.principalFen ?? 0) + Number(wallet.Item?.bonusFen ?? 0),
  };
};

/** undefined when there is no such patient, or it was merged into another. */
export const readPatientRecords = async (tenantId: string, patientId: string): Promise<PatientRecords | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: patientEntity.key({ tenantId, patientId }), ConsistentRead: true }));
  if (!Item) return undefined;
  const profile = patientRecordFrom(Item);
  return profile.mergedInto === undefined ? readRecordsOf(tenantId, profile, true) : undefined;
};

/**
 * A new patient's records from the items about to be written (an import's new patients: no
 * appointment, card or stored value yet), so their facts need no read back.
 */
export const recordsFromItems = (profile: PatientRecord, items: readonly Item[]): PatientRecords => {
  const summary = summaryOf(items.find((i) => i.sk === patientSummaryEntity.sk.prefix()));
  return {
    profile,
    ...(summary ? { summary } : {}),
    visits: items.filter((i) => String(i.sk).startsWith(visitEntity.sk.prefix())).map(visitOf).filter((v): v is RawVisit => v !== undefined),
    recalls: items.filter((i) => String(i.sk).startsWith(recallEntity.sk.prefix()) && typeof i.dueDate === 'string').map((i) => ({ group: String(i.group), dueDate: String(i.dueDate) })),
    appointments: [],
    memberships: [],
    storedValueFen: 0,
  };
};
