/**
 * Voids a visit in one transaction: the visit marked, the summary corrected (guarded by its
 * version), the visit's unpaid installment parts cancelled and out of the reminder queue, its
 * pending care messages dropped, membership entitlements it used given back, the KPI rollups
 * corrected, and the audit event. All or nothing.
 */
import { ulid } from 'ulid';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AuditEvent } from '../../../shared/schemas/audit.js';
import type { Visit } from '../../../shared/schemas/visit.js';
import { auditItem } from './audit-repository.js';
import { documentClient, tableName } from './client.js';
import { queryAll } from './query-all.js';
import { summaryItem, type StoredSummary } from './visit-repository.js';
import { patientEntity } from './entities/patient.js';
import { visitEntity } from './entities/visit.js';
import { careMessageEntity } from './entities/care-message.js';
import { installmentEntity } from './entities/installment.js';
import { entitlementReturnItems } from './membership-repository.js';
import type { Counters } from '../../../shared/domain/members/entitlements.js';
import { walletVoidItems } from './wallet-repository.js';
import { couponReturnItem } from './coupon-repository.js';
import { pointsWriteItems, type PointsWrite } from './points-repository.js';
import { packReturnItems } from './pack-repository.js';
import type { Pack } from '../../../shared/schemas/packs.js';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export type VoidWrite = {
  tenantId: string;
  visit: Visit;
  voidedAt: string;
  voidedBy: string;
  reason: string;
  summary: StoredSummary;
  summaryVersionRead: number;
  audit: AuditEvent;
  rollups: TransactItem[];
  /** the counters of the cards the visit used, as read (membership-repository.ts countersOfUses) */
  memberCounters?: ReadonlyMap<string, Counters>;
  /** the visit's points reversed (points-service.ts planVoidPoints); a changed account retries the void */
  points?: PointsWrite;
  /** the referral reward the visit granted, taken back (referral-clawback.ts) */
  referralClawback?: TransactItem[];
  /** the packs the visit used, as read now: each use given back held to the count read (a race retries the void) */
  packsNow?: ReadonlyMap<string, Pack>;
};

/**
 * The stored-value payment given back part by part (principal and bonus as taken), with the
 * debit marked once; `visit.storedValueDebit` holds the negative deltas the checkout wrote.
 */
const storedValueReturn = (write: VoidWrite): TransactItem[] => {
  const debit = write.visit.storedValueDebit;
  if (!debit) return [];
  const entry = { entryId: ulid(Date.parse(write.voidedAt)), kind: 'void' as const, principalFen: -debit.principalFen, bonusFen: -debit.bonusFen, at: write.voidedAt, by: write.voidedBy, reason: write.reason, visitId: write.visit.visitId, refEntryId: debit.entryId };
  return walletVoidItems({ tenantId: write.tenantId, patientId: write.visit.patientId, clinicId: debit.clinicId, entry }, debit);
};

/** The visit's membership uses, given back with it (membership-repository.ts). */
const entitlementReturns = (write: VoidWrite): TransactItem[] => entitlementReturnItems(write.tenantId, write.visit.memberUses ?? [], write.voidedAt, write.memberCounters ?? new Map());

export class VoidConflict extends Error {
  constructor(readonly reason: 'already-voided' | 'summary-changed') {
    super(reason);
  }
}

/** The visit's own items in the patient's partition: installment parts and pending care messages. */
export const visitDependents = async (tenantId: string, patientId: string, visitId: string): Promise<{ installments: { sk: string; status: string }[]; careMessages: { sk: string }[] }> => {
  const pk = patientEntity.key({ tenantId, patientId }).pk;
  const [installments, careMessages] = await Promise.all(
    [installmentEntity.sk.prefix({ visitId }), careMessageEntity.sk.prefix({ visitId })].map((prefix) =>
      queryAll({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': pk, ':p': prefix }, ProjectionExpression: 'sk, #s', ExpressionAttributeNames: { '#s': 'status' }, ConsistentRead: true }),
    ),
  );
  return {
    installments: (installments ?? []).map((i) => ({ sk: String(i.sk), status: String(i.status) })),
    careMessages: (careMessages ?? []).map((i) => ({ sk: String(i.sk) })),
  };
};

export const commitVoid = async (write: VoidWrite): Promise<void> => {
  const { tenantId, visit } = write;
  const pk = patientEntity.key({ tenantId, patientId: visit.patientId }).pk;
  const dependents = await visitDependents(tenantId, visit.patientId, visit.visitId);
  const items: TransactItem[] = [
    {
      Update: {
        TableName: tableName,
        Key: visitEntity.key({ tenantId, patientId: visit.patientId, visitedAt: visit.visitedAt, visitId: visit.visitId }),
        UpdateExpression: 'SET voidedAt = :at, voidedBy = :by, voidReason = :reason',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(voidedAt)',
        ExpressionAttributeValues: { ':at': write.voidedAt, ':by': write.voidedBy, ':reason': write.reason },
      },
    },
    { Put: { TableName: tableName, Item: summaryItem(tenantId, visit.patientId, write.summary), ConditionExpression: 'version = :read', ExpressionAttributeValues: { ':read': write.summaryVersionRead } } },
    { Put: { TableName: tableName, Item: auditItem(tenantId, write.audit) } },
    ...dependents.installments
      .filter((part) => part.status === 'due')
      .map((part): TransactItem => ({
        Update: { TableName: tableName, Key: { pk, sk: part.sk }, UpdateExpression: `SET #s = :void REMOVE ${installmentEntity.indexes.due.removeExpression}, ${installmentEntity.indexes.open.removeExpression}`, ConditionExpression: '#s = :due', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':void': 'void', ':due': 'due' } },
      })),
    ...dependents.careMessages.map((message): TransactItem => ({ Delete: { TableName: tableName, Key: { pk, sk: message.sk } } })),
    ...entitlementReturns(write),
    ...storedValueReturn(write),
    ...(visit.coupon ? [couponReturnItem(tenantId, visit.patientId, visit.coupon.code, visit.visitId)] : []),
    ...(write.points ? pointsWriteItems(write.points) : []),
    ...(write.referralClawback ?? []),
    ...(visit.packUses?.length ? packReturnItems(tenantId, visit.packUses, write.packsNow ?? new Map(), write.voidedAt) : []),
    ...write.rollups,
  ];
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const reasons = error.CancellationReasons ?? [];
    if (reasons[0]?.Code === 'ConditionalCheckFailed') throw new VoidConflict('already-voided');
    throw new VoidConflict('summary-changed');
  }
};
