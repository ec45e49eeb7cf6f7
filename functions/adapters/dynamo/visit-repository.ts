/**
 * Visits and what a checkout changes with them, in one transaction: the visit, the patient's
 * summary (guarded by its version), the appointment it completes, recall due dates, follow-up
 * call tasks, care messages to send and installment parts. Either all of it is written or none
 * of it (invariant 10).
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { RecallDue } from '../../../shared/domain/recall.js';
import { initialQueueDay } from '../../../shared/domain/messaging/recall-outreach.js';
import type { InstallmentPart } from '../../../shared/domain/checkout/payments.js';
import type { PatientSummaryState } from '../../../shared/domain/patient-summary.js';
import type { Visit } from '../../../shared/schemas/visit.js';
import type { FollowUpTask } from '../../../shared/schemas/task.js';
import { auditItem } from './audit-repository.js';
import { careMessageItem, type StoredCareMessage } from './care-message-repository.js';
import type { AuditEvent } from '../../../shared/schemas/audit.js';
import { documentClient, tableName } from './client.js';
import { queryAll } from './query-all.js';
import { appointmentEntity } from './entities/appointment.js';
import { installmentEntity, installmentPartLabel } from './entities/installment.js';
import { patientEntity } from './entities/patient.js';
import { patientSummaryEntity } from './entities/patient-summary.js';
import { recallEntity } from './entities/recall.js';
import { taskEntity } from './entities/task.js';
import { checkoutKeyEntity, visitEntity } from './entities/visit.js';
import { entitlementUseItems, referralGrantItems } from './membership-repository.js';
import type { ReferralGrant } from '../../../shared/domain/members/referral.js';
import type { EntitlementUse } from '../../../shared/domain/members/entitlements.js';
import { walletNumberItems, walletWriteItems, type WalletWrite } from './wallet-repository.js';
import { couponRedeemItem } from './coupon-repository.js';
import { pointsWriteItems, type PointsWrite } from './points-repository.js';
import { packUseItems } from './pack-repository.js';
import type { PackUse } from '../../../shared/schemas/packs.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The summary as stored; patient-summary.ts keeps its rule. */
export type StoredSummary = PatientSummaryState;
export type { InstallmentPart };

export type CheckoutWrite = {
  tenantId: string;
  visit: Visit;
  idempotencyKey?: string;
  /** what the key was used for: the same key with another request is refused */
  requestHash?: string;
  summary: StoredSummary;
  /** the version read; the write holds only if nobody changed the summary since */
  summaryVersionRead: number | undefined;
  appointment?: { appointmentId: string };
  recalls: RecallDue[];
  tasks: FollowUpTask[];
  /** the care pathway's messages, each waiting in the due index until the care-messages job sends it */
  careMessages: StoredCareMessage[];
  installments: InstallmentPart[];
  /** membership entitlements the visit uses: conditional counter updates and ledger rows (membership-repository.ts) */
  entitlementUses?: EntitlementUse[];
  /** the referrer's reward when this is the referred patient's first paid visit */
  referralGrant?: ReferralGrant;
  /** the stored-value payment: the account update conditioned on the balance, and its ledger row */
  walletDebit?: WalletWrite;
  /** the coupon redeemed: marked used only if still unused and unexpired on the clinic's `day` */
  couponRedeem?: { code: string; day: string };
  /** points spent and earned: the account put back conditioned on the version read, and its ledger row */
  pointsWrite?: PointsWrite;
  /** visit-pack uses: each pack's remaining count held to the count read, on the visit's day (pack-repository.ts) */
  packUses?: { uses: PackUse[]; day: string };
  audit: AuditEvent;
  /** KPI rollup updates (kpi-repository.ts rollupUpdates): counted in the same transaction, never twice */
  rollups?: TransactItem[];
  /** consumables used (stock-checkout.ts): each level held to the version read, with its ledger row */
  stockItems?: TransactItem[];
};

/** DynamoDB's limit of actions in one transaction. */
export const maxTransactionActions = 100;

/** The checkout would change more items than one transaction may; nothing was written. */
export class CheckoutTooLarge extends Error {
  constructor(readonly actions: number) {
    super(`checkout of ${actions} actions exceeds ${maxTransactionActions}`);
  }
}

export class CheckoutConflict extends Error {
  constructor(readonly reason: 'visit-exists' | 'summary-changed' | 'appointment-not-open' | 'task-exists' | 'entitlement-used' | 'balance-short' | 'coupon-used' | 'pack-used' | 'stock-changed') {
    super(reason);
  }
}

const patientPk = (tenantId: string, patientId: string) => patientEntity.key({ tenantId, patientId }).pk;

export const visitItem = (tenantId: string, visit: Visit) => ({ ...visitEntity.key({ tenantId, patientId: visit.patientId, visitedAt: visit.visitedAt, visitId: visit.visitId }), type: 'visit', ...visit });

export const summaryItem = (tenantId: string, patientId: string, summary: StoredSummary) => ({
  ...patientSummaryEntity.key({ tenantId, patientId }),
  type: 'patient-summary',
  patientId,
  ...summary,
  // Patients by last visit: the reactivation job finds dormant patients here, not by scanning.
  ...(summary.lastVisitAt ? patientSummaryEntity.indexes.byLastVisit.keys({ tenantId, lastVisitDay: summary.lastVisitAt.slice(0, 10), patientId }) : {}),
});

export const taskItem = (tenantId: string, task: FollowUpTask) => ({
  ...taskEntity.key({ tenantId, patientId: task.patientId, taskId: task.taskId }),
  type: 'task',
  ...task,
  // Pending tasks only (open or escalated): a sparse index of what is due per clinic.
  ...(task.status !== 'done' ? taskEntity.indexes.openByClinic.keys({ tenantId, clinicId: task.clinicId, dueAt: task.dueAt, taskId: task.taskId }) : {}),
});

export const recallItem = (tenantId: string, patientId: string, clinicId: string, recall: RecallDue, visitId: string) => ({
  ...recallEntity.key({ tenantId, patientId, group: recall.group }),
  type: 'recall',
  patientId,
  clinicId,
  group: recall.group,
  dueDate: recall.dueDate,
  anchorDate: recall.anchorDate,
  basedOnVisitId: visitId,
  contacts: 0,
  stepsDone: [],
  // The outreach queue: the recall comes up on the day something may be due for it (recall-outreach.ts).
  ...recallEntity.indexes.due.keys({ tenantId, queueDay: initialQueueDay(recall.dueDate), patientId, group: recall.group }),
});

export const installmentItem = (tenantId: string, part: InstallmentPart) => ({
  ...installmentEntity.key({ tenantId, patientId: part.patientId, visitId: part.visitId, part: installmentPartLabel(part.n) }),
  type: 'installment',
  ...part,
  // The reminder queue (installment-reminders.ts), sorted by due date: only unpaid parts not yet reminded, so a merge
  // that copies a reminded part does not queue it again. Whatever marks a part paid must also
  // REMOVE the due index's keys (the job also drops a paid part it meets).
  ...(part.status === 'due' && !part.remindedAt ? installmentEntity.indexes.due.keys({ ...part, tenantId }) : {}),
  // The open list (installment-repository.ts): every unpaid part, so the overdue list needs no scan.
  ...(part.status === 'due' ? installmentEntity.indexes.open.keys({ ...part, tenantId }) : {}),
});

export const commitCheckout = async (write: CheckoutWrite): Promise<void> => {
  const { tenantId, visit } = write;
  const visitKey = visitEntity.key({ tenantId, patientId: visit.patientId, visitedAt: visit.visitedAt, visitId: visit.visitId });
  // The key claim goes first and names the visit, whose sort key depends on when it was made.
  const claim: TransactItem[] = write.idempotencyKey
    ? [{ Put: { TableName: tableName, Item: { ...checkoutKeyEntity.key({ tenantId, patientId: visit.patientId, key: write.idempotencyKey }), type: 'checkout-key', visitSk: visitKey.sk, requestHash: write.requestHash }, ConditionExpression: 'attribute_not_exists(pk)' } }]
    : [];
  const items: TransactItem[] = [
    ...claim,
    { Put: { TableName: tableName, Item: visitItem(tenantId, visit), ConditionExpression: 'attribute_not_exists(pk)' } },
    {
      Put: {
        TableName: tableName,
        Item: summaryItem(tenantId, visit.patientId, write.summary),
        ...(write.summaryVersionRead === undefined
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : { ConditionExpression: 'version = :read', ExpressionAttributeValues: { ':read': write.summaryVersionRead } }),
      },
    },
  ];
  if (write.appointment) {
    items.push({
      Update: {
        TableName: tableName,
        Key: appointmentEntity.key({ tenantId, patientId: visit.patientId, appointmentId: write.appointment.appointmentId }),
        // A new version, so a cancel or move decided on the old one fails; out of the reminder index.
        UpdateExpression: `SET #status = :completed, visitId = :visitId, updatedAt = :now, version = version + :one REMOVE ${appointmentEntity.indexes.openByStart.removeExpression}, ${appointmentEntity.indexes.openOfPatient.removeExpression}`,
        ConditionExpression: '#status IN (:booked, :checkedIn)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':completed': 'completed', ':visitId': visit.visitId, ':now': visit.createdAt, ':booked': 'booked', ':checkedIn': 'checked-in', ':one': 1 },
      },
    });
  }
  for (const recall of write.recalls) items.push({ Put: { TableName: tableName, Item: recallItem(tenantId, visit.patientId, visit.clinicId, recall, visit.visitId) } });
  for (const task of write.tasks) items.push({ Put: { TableName: tableName, Item: taskItem(tenantId, task), ConditionExpression: 'attribute_not_exists(pk)' } });
  items.push({ Put: { TableName: tableName, Item: auditItem(tenantId, write.audit) } });
  for (const part of write.installments) items.push({ Put: { TableName: tableName, Item: installmentItem(tenantId, part), ConditionExpression: 'attribute_not_exists(pk)' } });
  const entitlementsFrom = items.length;
  items.push(...entitlementUseItems(tenantId, write.entitlementUses ?? [], visit.createdAt));
  const entitlementsTo = items.length;
  if (write.referralGrant) items.push(...referralGrantItems(tenantId, write.referralGrant, visit.createdAt));
  // The account update comes first of the wallet's items: its condition is the balance.
  const walletAt = items.length;
  if (write.walletDebit) items.push(...walletWriteItems(write.walletDebit));
  const couponAt = items.length;
  if (write.couponRedeem) items.push(couponRedeemItem(tenantId, visit.patientId, { ...write.couponRedeem, visitId: visit.visitId, at: visit.createdAt }));
  const pointsAt = items.length;
  if (write.pointsWrite) items.push(...pointsWriteItems(write.pointsWrite));
  // The packs' remaining-count updates first of their items; the rest (ledger rows, liability) never refuse.
  const packsAt = items.length;
  const packCount = write.packUses?.uses.length ?? 0;
  if (write.packUses) items.push(...packUseItems(tenantId, write.packUses.uses, visit.createdAt, write.packUses.day));
  // The stock levels the visit's consumables come off, each held to the version read.
  const stockAt = items.length;
  const stockCount = write.stockItems?.length ?? 0;
  items.push(...(write.stockItems ?? []));
  // Unconditional ADDs, last: they never cancel the transaction, so the positions above stay meaningful.
  items.push(...(write.rollups ?? []));
  // The owner's stored-value numbers (liability per clinic) move with the debit, like every wallet write.
  if (write.walletDebit) items.push(...walletNumberItems([write.walletDebit]));
  // No condition of their own: keyed by the visit, whose conditional put already makes this write once-only.
  for (const message of write.careMessages) items.push({ Put: { TableName: tableName, Item: careMessageItem(tenantId, message) } });
  // Counted from what was built, not estimated: the transaction holds everything or nothing.
  if (items.length > maxTransactionActions) throw new CheckoutTooLarge(items.length);
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const reasons = error.CancellationReasons ?? [];
    const failed = reasons.map((r) => r.Code === 'ConditionalCheckFailed');
    const at = (i: number) => failed[i + claim.length] === true;
    if ((claim.length && failed[0]) || at(0)) throw new CheckoutConflict('visit-exists');
    if (at(1)) throw new CheckoutConflict('summary-changed');
    // A card's allowance ran out (or the card was cancelled) meanwhile: pricing it again would charge the line.
    if (failed.slice(entitlementsFrom, entitlementsTo).some(Boolean)) throw new CheckoutConflict('entitlement-used');
    if (write.walletDebit && failed[walletAt]) throw new CheckoutConflict('balance-short');
    if (write.couponRedeem && failed[couponAt]) throw new CheckoutConflict('coupon-used');
    // The points account changed since it was read: plan again from a fresh read (409 if now short).
    if (write.pointsWrite && failed[pointsAt]) throw new CheckoutConflict('balance-short');
    // A pack's count changed since it was read (another desk used it), or it expired or was cancelled.
    if (failed.slice(packsAt, packsAt + packCount).some(Boolean)) throw new CheckoutConflict('pack-used');
    // A movement changed a stock level since it was read: plan the checkout again from a fresh read.
    if (failed.slice(stockAt, stockAt + stockCount).some(Boolean)) throw new CheckoutConflict('stock-changed');
    // Another transaction touching the same items at the same moment: like a changed summary, retry.
    if (reasons.some((r) => r.Code === 'TransactionConflict')) throw new CheckoutConflict('summary-changed');
    if (write.appointment && at(2)) throw new CheckoutConflict('appointment-not-open');
    if (failed.some(Boolean)) throw new CheckoutConflict('task-exists');
    throw error;
  }
};

/** Everything in a patient's partition whose sort key starts with one of `prefixes`, one query per prefix. */
const queryPrefix = (tenantId: string, patientId: string, prefix: string, newestFirst = false, limit?: number) =>
  queryAll(
    { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)', ExpressionAttributeValues: { ':pk': patientPk(tenantId, patientId), ':prefix': prefix }, ScanIndexForward: !newestFirst },
    limit,
  );

/**
 * Storage attributes never leave the repository: index keys hold phones and names (gsi2sk,
 * gsi3sk). Of the items in a patient's partition only the profile has internal attributes of its
 * own (the consent history); every other entity's record is the item less its storage.
 */
const strip = <T>(item: Record<string, unknown>): T => (item.type === patientEntity.type ? patientEntity : visitEntity).fromItem<T>(item);

export const getSummary = async (tenantId: string, patientId: string): Promise<StoredSummary | undefined> => {
  const [item] = await queryPrefix(tenantId, patientId, patientSummaryEntity.sk.prefix());
  return item ? strip<StoredSummary>(item) : undefined;
};

export const recallAnchors = async (tenantId: string, patientId: string): Promise<Map<string, string>> =>
  new Map((await queryPrefix(tenantId, patientId, recallEntity.sk.prefix())).map((r) => [String(r.group), String(r.anchorDate)]));

/** The visit a checkout key already made, if any. */
export const findVisitByKey = async (tenantId: string, patientId: string, key: string): Promise<{ visit: Visit; requestHash?: string } | undefined> => {
  const claim = await documentClient.send(new GetCommand({ TableName: tableName, Key: checkoutKeyEntity.key({ tenantId, patientId, key }), ConsistentRead: true }));
  const visitSk = claim.Item?.visitSk;
  if (typeof visitSk !== 'string') return undefined;
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: { pk: patientEntity.key({ tenantId, patientId }).pk, sk: visitSk }, ConsistentRead: true }));
  const requestHash = typeof claim.Item?.requestHash === 'string' ? claim.Item.requestHash : undefined;
  return Item ? { visit: strip<Visit>(Item), ...(requestHash ? { requestHash } : {}) } : undefined;
};

/** One of the patient's own visits, or undefined: what a survey or a debit may name (never another chain's). */
export const findPatientVisit = async (tenantId: string, patientId: string, visitId: string): Promise<Visit | undefined> =>
  (await listVisits(tenantId, patientId)).find((v) => v.visitId === visitId);

export const listVisits = async (tenantId: string, patientId: string, limit?: number): Promise<Visit[]> =>
  (await queryPrefix(tenantId, patientId, visitEntity.sk.prefix(), true, limit)).map((item) => strip<Visit>(item));

/**
 * The whole partition for the profile page: profile, summary, recalls, tasks, appointments,
 * installments and visits in one query (a patient's partition holds only their own items).
 */
export const readPatientPartition = (tenantId: string, patientId: string): Promise<Record<string, unknown>[]> =>
  queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': patientPk(tenantId, patientId) } });

export { strip as stripKeys };

/** The patient's visits with visitedAt in [fromIso, toIso] (UTC instants), oldest first: one query of the partition. */
export const visitsBetween = async (tenantId: string, patientId: string, fromIso: string, toIso: string): Promise<Visit[]> =>
  (
    await queryAll({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': patientPk(tenantId, patientId), ':from': `${visitEntity.sk.prefix()}${fromIso}`, ':to': `${visitEntity.sk.prefix()}${toIso}~` },
    })
  ).map((item) => strip<Visit>(item));
