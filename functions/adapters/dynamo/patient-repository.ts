/**
 * Patients: one profile item per patient in the patient's own partition, indexed three ways
 * per clinic: newest first, phone prefix, folded-name prefix (patientEntity's indexes).
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { notFound, staleVersion } from '../../../shared/domain/errors.js';
import { foldName } from '../../../shared/domain/names.js';
import { namePinyin, pinyinMatches } from '../../../shared/domain/name-pinyin.js';
import { batchGetAll } from './import-batch.js';
import type { ConsentPurpose, ConsentRecord } from '../../../shared/schemas/patient.js';
import type { PatientRecord } from '../../../shared/domain/patient.js';
import { encodeCursor } from './cursor.js';
import { resolveIndexCursor } from './index-cursor.js';
import { documentClient, tableName } from './client.js';
import { auditItem } from './audit-repository.js';
import { eraseMedicalAction } from './medical-repository.js';
import { eraseVisitNoteActions } from './visit-note-repository.js';
import type { AuditEvent } from '../../../shared/schemas/audit.js';
import { buildUpdate } from './update-expression.js';
import { storedVersion, versionGuard } from './version-guard.js';
import { tenantPrefix } from './entities/partitions.js';
import { patientEntity } from './entities/patient.js';

/** Every stored field but storage and the consent history: a new schema field cannot vanish on read. */
const toRecord = (item: Record<string, unknown>): PatientRecord => ({ ...patientEntity.fromItem<PatientRecord>(item), version: storedVersion(item) });

/**
 * The birthday index (sparse, keys only): greetings find the day's patients here instead of reading
 * every patient. Written wherever a profile is written: create, import, birth-date change.
 */
export const birthdayIndexKeys = (tenantId: string, p: Pick<PatientRecord, 'clinicId' | 'patientId' | 'birthDate'>): ReturnType<typeof patientEntity.indexes.byBirthday.keys> | Record<string, never> =>
  p.birthDate ? patientEntity.indexes.byBirthday.keys({ tenantId, monthDay: p.birthDate.slice(5, 10), clinicId: p.clinicId, patientId: p.patientId }) : {};

/** The pinyin index (sparse): only a name written in Chinese characters has a reading. */
export const pinyinIndexKeys = (tenantId: string, p: Pick<PatientRecord, 'clinicId' | 'patientId' | 'name'>): ReturnType<typeof patientEntity.indexes.byPinyin.keys> | Record<string, never> => {
  const reading = namePinyin(p.name);
  return reading ? patientEntity.indexes.byPinyin.keys({ tenantId, clinicId: p.clinicId, initials: reading.initials, reading: reading.full, patientId: p.patientId }) : {};
};

/** Every index a profile is in, as written by create, import and edits. */
export const patientIndexKeys = (tenantId: string, p: Pick<PatientRecord, 'clinicId' | 'patientId' | 'phone' | 'name' | 'createdAt' | 'birthDate'>) => ({
  ...patientEntity.indexes.byClinic.keys({ tenantId, clinicId: p.clinicId, createdAt: p.createdAt, patientId: p.patientId }),
  ...patientEntity.indexes.byPhone.keys({ tenantId, clinicId: p.clinicId, phone: p.phone, patientId: p.patientId }),
  ...patientEntity.indexes.byName.keys({ tenantId, clinicId: p.clinicId, foldedName: foldName(p.name), patientId: p.patientId }),
  ...birthdayIndexKeys(tenantId, p),
  ...pinyinIndexKeys(tenantId, p),
});

/** Field changes; `birthDate: null` removes a birth date entered by mistake. */
export type PatientChanges = Partial<Omit<PatientRecord, 'consents' | 'birthDate' | 'referrer' | 'patientId' | 'clinicId' | 'createdAt' | 'openComplaintCount'>> & {
  birthDate?: string | null;
  referrer?: PatientRecord['referrer'] | null;
};

export type ConsentLogEntry = { purpose: ConsentPurpose } & ConsentRecord;

/**
 * The new patient and its audit event: the audit entry first, then the profile, each a plain
 * write. A transaction would charge every index copy of the profile twice (patient_create_wcu 20
 * instead of 10); in this order a crash in between leaves an audit entry of a create that did not
 * happen (ids are random, so the caller's retry makes a new one), never a patient created unaudited.
 */
export const putNewPatient = async (tenantId: string, patient: PatientRecord, audit: AuditEvent): Promise<void> => {
  await documentClient.send(new PutCommand({ TableName: tableName, Item: auditItem(tenantId, audit) }));
  await documentClient.send(
    new PutCommand({
      TableName: tableName,
      Item: { ...patientEntity.key({ tenantId, patientId: patient.patientId }), type: patientEntity.type, tenantId, ...patient, ...patientIndexKeys(tenantId, patient) },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
};

export const getPatient = async (tenantId: string, patientId: string): Promise<PatientRecord | undefined> => {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName, Key: patientEntity.key({ tenantId, patientId }), ConsistentRead: true }),
  );
  return Item ? toRecord(Item) : undefined;
};

/**
 * Applies the changed fields in one conditional write. Consents are set per purpose and the
 * records they replace are appended to the consent log in the same write; the write holds only
 * if each replaced consent is still the one read, so concurrent changes cannot lose history, and
 * only at the version `current` was read at (invariant 11): a concurrent change makes it a 409.
 */
export const updatePatient = async (
  tenantId: string,
  current: PatientRecord,
  changes: PatientChanges,
  consentChanges: Partial<Record<ConsentPurpose, ConsentRecord>>,
  consentLog: ConsentLogEntry[],
  audit: AuditEvent,
): Promise<PatientRecord> => {
  const { version: _version, ...fieldsChanged } = changes;
  const next = { ...current, ...fieldsChanged, birthDate: undefined };
  const reindexed = patientIndexKeys(tenantId, next);
  const fieldChanges: Record<string, unknown> = { ...fieldsChanged };
  const { byPhone, byName, byBirthday, byPinyin } = patientEntity.indexes;
  if (changes.phone !== undefined) fieldChanges[byPhone.skAttribute] = reindexed[byPhone.skAttribute];
  if (changes.name !== undefined) fieldChanges[byName.skAttribute] = reindexed[byName.skAttribute];
  if (changes.name !== undefined) {
    const pinyinKeys: Record<string, unknown> = pinyinIndexKeys(tenantId, next);
    // A name no longer in Chinese characters leaves the pinyin index (null removes the keys).
    Object.assign(fieldChanges, { [byPinyin.pkAttribute]: pinyinKeys[byPinyin.pkAttribute] ?? null, [byPinyin.skAttribute]: pinyinKeys[byPinyin.skAttribute] ?? null });
  }
  if (changes.birthDate === null) Object.assign(fieldChanges, { [byBirthday.pkAttribute]: null, [byBirthday.skAttribute]: null });
  else if (changes.birthDate !== undefined) Object.assign(fieldChanges, birthdayIndexKeys(tenantId, { ...current, birthDate: changes.birthDate }));
  const guard = versionGuard(current.version ?? 0);
  const extraSet: string[] = [guard.set];
  const extraValues: Record<string, unknown> = { ...guard.values };
  const extraNames: Record<string, string> = { ...guard.names };
  const conditions = ['attribute_exists(pk)', guard.condition];
  Object.entries(consentChanges).forEach(([purpose, record], i) => {
    extraNames[`#consents`] = 'consents';
    extraNames[`#cp${i}`] = purpose;
    extraValues[`:cp${i}`] = record;
    extraSet.push(`#consents.#cp${i} = :cp${i}`);
  });
  if (Object.keys(consentChanges).length) {
    // The server's own counter, not a time a client sends: concurrent changes cannot both apply.
    extraNames['#cv'] = 'consentVersion';
    extraValues[':nextConsentVersion'] = (current.consentVersion ?? 0) + 1;
    extraSet.push('#cv = :nextConsentVersion');
    if (current.consentVersion === undefined) conditions.push('attribute_not_exists(#cv)');
    else {
      extraValues[':consentVersion'] = current.consentVersion;
      conditions.push('#cv = :consentVersion');
    }
  }
  if (consentLog.length) {
    extraNames['#consentLog'] = 'consentLog';
    extraValues[':consentLog'] = consentLog;
    extraValues[':emptyLog'] = [];
    extraSet.push('#consentLog = list_append(if_not_exists(#consentLog, :emptyLog), :consentLog)');
  }
  const update = buildUpdate(fieldChanges, extraSet, extraValues);
  // Treatment notes are health data too: withdrawn consent erases them in the same transaction.
  const noteErasures = consentChanges.healthData?.granted === false ? await eraseVisitNoteActions(tenantId, current.patientId) : [];
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: tableName,
              Key: patientEntity.key({ tenantId, patientId: current.patientId }),
              UpdateExpression: update.UpdateExpression,
              ExpressionAttributeNames: { ...update.ExpressionAttributeNames, ...extraNames },
              ExpressionAttributeValues: update.ExpressionAttributeValues,
              ConditionExpression: conditions.join(' AND '),
            },
          },
          { Put: { TableName: tableName, Item: auditItem(tenantId, audit) } },
          // PIPL: health data is kept only while its consent holds; withdrawing it erases the record.
          ...(consentChanges.healthData?.granted === false
            ? [eraseMedicalAction(tenantId, current.patientId), ...noteErasures, { Put: { TableName: tableName, Item: auditItem(tenantId, { ...audit, auditId: `${audit.auditId}E`, action: 'medical.erase' as const }) } }]
            : []),
        ],
      }),
    );
  } catch (error) {
    if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') {
      throw staleVersion('the patient');
    }
    throw error;
  }
  const updated = await getPatient(tenantId, current.patientId);
  if (!updated) throw notFound('patient');
  return updated;
};

export type PatientQuery =
  | { kind: 'recent'; clinicId: string }
  | { kind: 'phone'; clinicId: string; prefix: string }
  | { kind: 'name'; clinicId: string; prefix: string };

const indexFor = (query: PatientQuery) => {
  if (query.kind === 'recent') return { index: patientEntity.indexes.byClinic, prefix: undefined };
  if (query.kind === 'phone') return { index: patientEntity.indexes.byPhone, prefix: query.prefix };
  return { index: patientEntity.indexes.byName, prefix: foldName(query.prefix) };
};

export const queryPatients = async (
  tenantId: string,
  query: PatientQuery,
  limit: number,
  cursor?: string,
): Promise<{ items: PatientRecord[]; cursor?: string }> => {
  const { index, prefix } = indexFor(query);
  const partition = { tenantId, clinicId: query.clinicId };
  const start = await resolveIndexCursor(cursor, index, index.pk.fill(partition), tenantPrefix(tenantId), prefix ?? '');
  const page = await documentClient.send(
    new QueryCommand({
      TableName: tableName,
      ...index.query(partition, prefix === undefined ? undefined : { beginsWith: prefix }),
      ScanIndexForward: query.kind !== 'recent',
      Limit: limit,
      ExclusiveStartKey: start,
    }),
  );
  const next = encodeCursor(page.LastEvaluatedKey);
  return { items: (page.Items ?? []).map(toRecord), ...(next ? { cursor: next } : {}) };
};

/** Pages of keys read before a pinyin search gives up on finding `limit` matches (and says so). */
const maxPinyinPages = 4;

/**
 * Profiles whose name reads as `query` in pinyin (initials or the start of the full reading), in
 * one clinic. The key condition narrows to the first letter; the rest is compared on the sort
 * key itself (keys only, ~100 bytes an entry), then only the matches are read.
 */
export const queryPatientsByPinyin = async (tenantId: string, clinicId: string, query: string, limit: number): Promise<{ items: PatientRecord[]; truncated: boolean }> => {
  const index = patientEntity.indexes.byPinyin;
  const ids: string[] = [];
  let start: Record<string, unknown> | undefined;
  for (let page = 0; page < maxPinyinPages && ids.length <= limit; page += 1) {
    const result = await documentClient.send(new QueryCommand({ TableName: tableName, ...index.query({ tenantId, clinicId }, { beginsWith: query.slice(0, 1) }), ExclusiveStartKey: start }));
    for (const item of result.Items ?? []) {
      const [initials = '', full = '', patientId = ''] = index.sortKeyOf(item).split('#');
      if (pinyinMatches({ initials, full }, query)) ids.push(patientId);
    }
    start = result.LastEvaluatedKey;
    if (!start) break;
  }
  const found = await batchGetAll(ids.slice(0, limit).map((patientId) => patientEntity.key({ tenantId, patientId })));
  const items = [...found.values()].map(toRecord).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  return { items, truncated: ids.length > limit || start !== undefined };
};

/**
 * The update that opens (+1) or closes (-1) a complaint against the patient's count, as plain
 * params so a complaint write can carry it in the same transaction. The count never goes
 * below zero: closing needs a count of at least one.
 */
export const openComplaintsUpdate = (tenantId: string, patientId: string, delta: 1 | -1) => ({
  TableName: tableName,
  Key: patientEntity.key({ tenantId, patientId }),
  UpdateExpression: 'SET openComplaintCount = if_not_exists(openComplaintCount, :zero) + :delta',
  ConditionExpression: delta < 0 ? 'attribute_exists(pk) AND openComplaintCount >= :one' : 'attribute_exists(pk)',
  ExpressionAttributeValues: { ':zero': 0, ':delta': delta, ...(delta < 0 ? { ':one': 1 } : {}) },
});

/**
 * Opens (+1) or closes (-1) a complaint against the patient's count; while any is open the
 * patient gets no marketing. A count, not a flag, so two complaints need two closings.
 */
export const adjustOpenComplaints = async (tenantId: string, patientId: string, delta: 1 | -1): Promise<void> => {
  try {
    await documentClient.send(new UpdateCommand(openComplaintsUpdate(tenantId, patientId, delta)));
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw notFound('patient');
    throw error;
  }
};

/**
 * The patient subscribed to the chain's Official Account notices (the account's subscribe event,
 * or the demo): recall and other routed messages may then go by WeChat. Not part of the profile's
 * version: it is the patient's act on WeChat, not an edit at the desk.
 */
export const recordWechatSubscription = async (tenantId: string, patientId: string, openId: string): Promise<void> => {
  await documentClient.send(
    new UpdateCommand({
      TableName: tableName,
      Key: patientEntity.key({ tenantId, patientId }),
      UpdateExpression: 'SET wechatOpenId = :openId',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':openId': openId },
    }),
  );
};

/** Records an opt-out (an SMS reply T/TD/退订, or a request at the desk) once; the first time stands. */
export const markOptedOut = async (tenantId: string, patientId: string, at: string): Promise<void> => {
  await documentClient.send(
    new UpdateCommand({
      TableName: tableName,
      Key: patientEntity.key({ tenantId, patientId }),
      UpdateExpression: 'SET optedOutAt = if_not_exists(optedOutAt, :at)',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':at': at },
    }),
  );
};

/** A stored profile item as a patient record (for batch reads elsewhere). */
export { toRecord as patientRecordFrom };
