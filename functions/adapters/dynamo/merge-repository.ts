/**
 * Moving a duplicate patient's history into the patient who stays. Copies are idempotent puts
 * under the target's partition (a retry after a crash just copies again); then one transaction
 * retires the source and writes the combined summary; then the source's copies are deleted.
 */
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Appointment } from '../../../shared/schemas/appointment.js';
import type { AuditEvent } from '../../../shared/schemas/audit.js';
import type { FollowUpTask } from '../../../shared/schemas/task.js';
import type { Visit } from '../../../shared/schemas/visit.js';
import type { MedicalRecord } from '../../../shared/schemas/medical.js';
import { appointmentItem } from './appointment-repository.js';
import { auditItem } from './audit-repository.js';
import { batchDelete, batchPut } from './batch-write.js';
import { careMessageItem, type StoredCareMessage } from './care-message-repository.js';
import { documentClient, tableName } from './client.js';
import { visitNoteEntity } from './entities/visit-note.js';
import { installmentItem, readPatientPartition, recallItem, stripKeys, summaryItem, taskItem, visitItem, type InstallmentPart, type StoredSummary } from './visit-repository.js';
import { medicalEntity } from './entities/medical.js';
import { patientEntity } from './entities/patient.js';
import { patientSummaryEntity } from './entities/patient-summary.js';
import { packLedgerEntity } from './entities/pack.js';
import { packItem } from './pack-repository.js';
import type { Pack } from '../../../shared/schemas/packs.js';

/** A moved visit's pack uses name the packs where they now live, so its void gives the uses back there. */
const withPackUsesOf = (visit: Visit, targetId: string): Visit =>
  visit.packUses ? { ...visit, packUses: visit.packUses.map((u) => ({ ...u, patientId: targetId })) } : visit;

export type MovedHistory = {
  copies: Record<string, unknown>[];
  sourceKeys: { pk: string; sk: string }[];
  summary: StoredSummary | undefined;
  recalls: Record<string, unknown>[];
  /** merged into the target's own record, and only with its health-data consent */
  medical: MedicalRecord | undefined;
  /** treatment notes moved with their visits: health data, so they too need the target's consent */
  visitNotes: number;
};

/** The source's history re-keyed for the target. Profile, summary and key claims stay behind. */
export const rekeyHistory = async (tenantId: string, sourceId: string, targetId: string): Promise<MovedHistory> => {
  const items = await readPatientPartition(tenantId, sourceId);
  const copies: Record<string, unknown>[] = [];
  const sourceKeys: { pk: string; sk: string }[] = [];
  let summary: StoredSummary | undefined;
  let medical: MedicalRecord | undefined;
  const recalls: Record<string, unknown>[] = [];
  let visitNotes = 0;
  for (const item of items) {
    const data = stripKeys<Record<string, unknown>>(item);
    const moved = { ...data, patientId: targetId, mergedFrom: sourceId };
    const key = { pk: String(item.pk), sk: String(item.sk) };
    switch (item.type) {
      case 'visit': copies.push(visitItem(tenantId, withPackUsesOf(moved as unknown as Visit, targetId))); break;
      // Visit packs move with their ledger; where a pack is found by id moves in the merge's transaction (pack-repository.ts packRefMoves).
      case 'pack': copies.push(packItem(tenantId, moved as unknown as Pack)); break;
      case 'pack-ledger': copies.push({ ...packLedgerEntity.key({ tenantId, patientId: targetId, packId: String(data.packId), at: String(data.at), rowId: String(data.rowId) }), type: packLedgerEntity.type, ...data }); break;
      case 'appointment': copies.push(appointmentItem(tenantId, moved as unknown as Appointment)); break;
      case 'task': copies.push(taskItem(tenantId, moved as unknown as FollowUpTask)); break;
      case 'installment': copies.push(installmentItem(tenantId, moved as unknown as InstallmentPart)); break;
      // A care message still to send moves with its visit: re-keyed and re-indexed for the target,
      // whose own consent and ledger then decide. The source's copy is deleted below.
      case 'care-message': copies.push(careMessageItem(tenantId, moved as unknown as StoredCareMessage)); break;
      case 'patient-summary': summary = data as unknown as StoredSummary; continue;
      case 'recall': recalls.push(data); continue;
      case 'medical': medical = data as unknown as MedicalRecord; break;
      case 'visit-note': copies.push({ ...visitNoteEntity.key({ tenantId, patientId: targetId, visitId: String(data.visitId) }), ...data, type: visitNoteEntity.type }); visitNotes += 1; break;
      default: continue;
    }
    sourceKeys.push(key);
  }
  return { copies, sourceKeys, summary, recalls, medical, visitNotes };
};

export const copyHistory = (copies: Record<string, unknown>[]): Promise<void> => batchPut(copies);

/** Retires the source (out of every list, search and the birthday index) and writes the target's combined summary and recalls. */
export const retireSource = async (
  tenantId: string,
  sourceId: string,
  targetId: string,
  summary: StoredSummary,
  targetSummaryVersion: number | undefined,
  recalls: { group: string; dueDate: string; anchorDate: string; clinicId: string; basedOnVisitId: string }[],
  audits: AuditEvent[],
  medical: MedicalRecord | undefined,
  /** the source summary's version as copied: a checkout on the source meanwhile fails the merge */
  sourceSummaryVersion: number | undefined,
  /** the cards and stored value carried over (membership-merge.ts, wallet-repository.ts walletMergeItems), in the same transaction */
  carried: { items: TransactWriteCommandInput['TransactItems'] } = { items: [] },
): Promise<void> => {
  await documentClient.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: tableName,
            Key: patientEntity.key({ tenantId, patientId: sourceId }),
            // Out of every index a profile is in: a merged record is found by id only.
            UpdateExpression: `SET mergedInto = :target REMOVE ${Object.values(patientEntity.indexes).map((index) => index.removeExpression).join(', ')}`,
            ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(mergedInto)',
            ExpressionAttributeValues: { ':target': targetId },
          },
        },
        {
          Put: {
            TableName: tableName,
            Item: summaryItem(tenantId, targetId, summary),
            ...(targetSummaryVersion === undefined ? { ConditionExpression: 'attribute_not_exists(pk)' } : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': targetSummaryVersion } }),
          },
        },
        ...recalls.map((r) => ({
          Put: { TableName: tableName, Item: recallItem(tenantId, targetId, r.clinicId, { group: r.group, dueDate: r.dueDate, anchorDate: r.anchorDate, rule: { kind: 'interval', group: r.group, months: 6 } }, r.basedOnVisitId) },
        })),
        ...audits.map((a) => ({ Put: { TableName: tableName, Item: auditItem(tenantId, a) } })),
        {
          ConditionCheck: {
            TableName: tableName,
            Key: patientSummaryEntity.key({ tenantId, patientId: sourceId }),
            ...(sourceSummaryVersion === undefined
              ? { ConditionExpression: 'attribute_not_exists(pk)' }
              : { ConditionExpression: 'version = :sv', ExpressionAttributeValues: { ':sv': sourceSummaryVersion } }),
          },
        },
        ...(medical
          ? [
              { Put: { TableName: tableName, Item: { ...medicalEntity.key({ tenantId, patientId: targetId }), type: 'medical', ...medical } } },
              { ConditionCheck: { TableName: tableName, Key: patientEntity.key({ tenantId, patientId: targetId }), ConditionExpression: 'consents.healthData.granted = :yes', ExpressionAttributeValues: { ':yes': true } } },
            ]
          : []),
        ...(carried.items ?? []),
      ],
    }),
  );
};

/** Deletes items by key in batches of 25, retrying what DynamoDB hands back. */
export const deleteSourceCopies = (sourceKeys: { pk: string; sk: string }[]): Promise<void> => batchDelete(sourceKeys);
