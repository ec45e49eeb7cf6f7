/**
 * Plans (versioned, under the chain), memberships (in the holder's partition, indexed by end
 * date), family links, and the entitlement counters and ledger. Every change to a counter is a
 * conditional update written in the same transaction as its ledger row (invariants 8, 13).
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { DomainError } from '../../../shared/domain/errors.js';
import { grantKeyOf, type Counters, type EntitlementUse, type MemberCard } from '../../../shared/domain/members/entitlements.js';
import type { ReferralGrant } from '../../../shared/domain/members/referral.js';
import { usedValueKeyOf } from '../../../shared/domain/members/member-messages.js';
import type { Membership, Plan } from '../../../shared/schemas/members.js';
import type { AuditEvent } from '../../../shared/schemas/audit.js';
import type { BalanceDelta, MonthDelta } from '../../../shared/domain/members/numbers.js';
import { auditItem } from './audit-repository.js';
import { memberBalanceUpdates, memberMonthUpdates } from './member-numbers-repository.js';
import { markedMembers, onCardPut } from './on-card-markers.js';
import { batchPut } from './batch-write.js';
import { walletNumberDeltas, walletWriteItems, type WalletWrite } from './wallet-repository.js';
import { documentClient, tableName } from './client.js';
import { queryAll } from './query-all.js';
import {
  entitlementCounterEntity, entitlementUseEntity, memberOfEntity, membershipEntity, membershipRefEntity, planCurrentEntity, planVersionEntity,
} from './entities/membership.js';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const versionLabel = (version: number): string => String(version).padStart(4, '0');

const planVersionItem = (tenantId: string, plan: Plan) => ({ ...planVersionEntity.key({ tenantId, planId: plan.planId, version: versionLabel(plan.version) }), type: 'plan-version', ...plan });
const planCurrentItem = (tenantId: string, plan: Plan) => ({ ...planCurrentEntity.key({ tenantId, planId: plan.planId }), type: 'plan-current', ...plan });

/** A new chain's plans, written in batches (fresh ids). */
export const seedPlans = (tenantId: string, plans: Plan[]): Promise<void> => batchPut(plans.flatMap((p) => [planVersionItem(tenantId, p), planCurrentItem(tenantId, p)]));

export const listPlans = async (tenantId: string): Promise<Plan[]> => {
  const { pk, skPrefix } = planCurrentEntity.range({ tenantId });
  return (await queryAll({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': pk, ':p': skPrefix } })).map((i) => planCurrentEntity.fromItem<Plan>(i));
};

export const getPlan = async (tenantId: string, planId: string): Promise<Plan | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: planCurrentEntity.key({ tenantId, planId }), ConsistentRead: true }));
  return Item ? planCurrentEntity.fromItem<Plan>(Item) : undefined;
};

/** A new version of a plan, or its first: the current pointer moves only from the version read (409 otherwise). */
export const putPlanVersion = async (tenantId: string, plan: Plan, versionRead: number | undefined): Promise<void> => {
  try {
    await documentClient.send(new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: tableName, Item: planVersionItem(tenantId, plan), ConditionExpression: 'attribute_not_exists(pk)' } },
        {
          Put: {
            TableName: tableName,
            Item: planCurrentItem(tenantId, plan),
            ...(versionRead === undefined ? { ConditionExpression: 'attribute_not_exists(pk)' } : { ConditionExpression: 'version = :read', ExpressionAttributeValues: { ':read': versionRead } }),
          },
        },
      ],
    }));
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    throw new DomainError('conflict', 'version: the plan was changed meanwhile; reload it and edit the newest version', [{ path: 'version', message: 'is not the current version', code: 'conflict.changed' }]);
  }
};

/** A membership as stored, with its place in the end-date index (also what the bench seeds). */
export const membershipItem = (tenantId: string, m: Membership) => ({
  ...membershipEntity.key({ tenantId, patientId: m.holderPatientId, membershipId: m.membershipId }),
  type: 'membership',
  ...m,
  ...membershipEntity.indexes.byEnd.keys({ tenantId, endDate: m.endDate, membershipId: m.membershipId }),
});

export const counterKey = (tenantId: string, m: Pick<Membership, 'holderPatientId' | 'membershipId'>) => entitlementCounterEntity.key({ tenantId, patientId: m.holderPatientId, membershipId: m.membershipId });

/** A membership with this id exists already (a sale retried with its idempotency key). */
export class MembershipExists extends Error {}

/** The owner's numbers a membership change moves (shared/domain/members/numbers.ts), written in its transaction. */
export type MemberNumbers = { months: MonthDelta[]; balances?: BalanceDelta[] };

/** The card's numbers and the wallet's (a sale paid by stored value) merged: one transaction may touch an item once. */
const numberItems = (tenantId: string, numbers: MemberNumbers, wallet?: WalletWrite): TransactItem[] => {
  const walletDeltas = wallet ? walletNumberDeltas([wallet]) : [];
  return [
    ...memberMonthUpdates(tenantId, [...numbers.months, ...walletDeltas.map((d) => d.month)]),
    ...memberBalanceUpdates(tenantId, [...(numbers.balances ?? []), ...walletDeltas.map((d) => d.balance)]),
  ];
};

/** The stored value no longer covers what the sale or renewal takes from it (another debit won). */
export class MembershipWalletShort extends Error {}

/** The wallet's items last: their first (the account update, conditioned on the balance) is at the returned index. */
const withWallet = (items: TransactItem[], wallet: WalletWrite | undefined): { items: TransactItem[]; walletAt: number } =>
  ({ items: [...items, ...(wallet ? walletWriteItems(wallet) : [])], walletAt: wallet ? items.length : -1 });

/**
 * What a sale puts, the membership first: the card, where to find it by id, its (empty)
 * counters and the family links. The demo history writes the same items for its cards.
 */
export const saleItems = (tenantId: string, m: Membership): Record<string, unknown>[] => [
  membershipItem(tenantId, m),
  { ...membershipRefEntity.key({ tenantId, membershipId: m.membershipId }), type: 'membership-ref', membershipId: m.membershipId, holderPatientId: m.holderPatientId },
  { ...counterKey(tenantId, m), type: 'entitlement-counter', membershipId: m.membershipId, updatedAt: m.createdAt },
  ...m.memberPatientIds.filter((id) => id !== m.holderPatientId).map((patientId) => ({
    ...memberOfEntity.key({ tenantId, patientId, membershipId: m.membershipId }), type: 'member-of', patientId, membershipId: m.membershipId, holderPatientId: m.holderPatientId,
  })),
];

/** A family member is on another active card (or being put on one by a concurrent sale right now). */
export class FamilyOnOtherCard extends Error {
  constructor(readonly patientId: string) {
    super('family member on another active card');
  }
}

/** Which item of a cancelled transaction failed, by the code DynamoDB gave it. */
const failedAt = (error: TransactionCanceledException): { index: number; code: string } | undefined => {
  const reasons = error.CancellationReasons ?? [];
  const index = reasons.findIndex((r) => r.Code && r.Code !== 'None');
  return index >= 0 ? { index, code: String(reasons[index]?.Code) } : undefined;
};

/**
 * The sale: the membership, where to find it by id, its (empty) counters, the family links and
 * their "on card" markers (on-card-markers.ts: none of them on another active card), the owner's
 * numbers and the audit entry, all or nothing.
 */
export const commitSale = async (tenantId: string, m: Membership, audit: AuditEvent, numbers: MemberNumbers, wallet?: WalletWrite): Promise<void> => {
  const [, ...rest] = saleItems(tenantId, m);
  const members = markedMembers(m);
  const today = m.periods[0]?.startDate ?? m.anchorDate;
  const markers = members.map((patientId) => onCardPut(tenantId, m, patientId, today));
  const { items, walletAt } = withWallet([
    { Put: { TableName: tableName, Item: membershipItem(tenantId, m), ConditionExpression: 'attribute_not_exists(pk)' } },
    ...rest.map((Item): TransactItem => ({ Put: { TableName: tableName, Item } })),
    ...markers,
    { Put: { TableName: tableName, Item: auditItem(tenantId, audit) } },
    ...numberItems(tenantId, numbers, wallet),
  ], wallet);
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const failed = failedAt(error);
    if (failed && failed.index === walletAt && failed.code === 'ConditionalCheckFailed') throw new MembershipWalletShort();
    const markerAt = failed ? failed.index - 1 - rest.length : -1;
    // A marker refused (another card) or contended (a concurrent sale naming the same person).
    if (markerAt >= 0 && markerAt < markers.length) throw new FamilyOnOtherCard(members[markerAt] ?? '');
    // Taken, or being taken by a concurrent retry of the same sale: the caller reads what is there.
    if (failed?.code === 'ConditionalCheckFailed' || failed?.code === 'TransactionConflict') throw new MembershipExists(m.membershipId);
    throw error;
  }
};

const staleMembership = (): DomainError =>
  new DomainError('conflict', 'membershipId: the membership was changed meanwhile; reload it and try again', [{ path: 'membershipId', message: 'was changed meanwhile', code: 'conflict.changed' }]);

/**
 * A renewal or a cancellation: the membership replaced only if unchanged since read; a
 * cancellation also closes the counters to further use. `markers`: a renewal re-marks its family
 * members until the new end (refused if one joined another card meanwhile), a cancellation
 * takes its markers away.
 */
export const commitMembershipChange = async (
  tenantId: string, m: Membership, versionRead: number, audit: AuditEvent, numbers: MemberNumbers,
  markers: { items: TransactItem[]; patientIds: string[] } = { items: [], patientIds: [] },
  /** a renewal paid by stored value (a debit), or a cancellation refunded to it */
  wallet?: WalletWrite,
): Promise<void> => {
  const base: TransactItem[] = [
    { Put: { TableName: tableName, Item: membershipItem(tenantId, m), ConditionExpression: 'version = :read', ExpressionAttributeValues: { ':read': versionRead } } },
    { Put: { TableName: tableName, Item: auditItem(tenantId, audit) } },
    ...markers.items,
    ...numberItems(tenantId, numbers, wallet),
  ];
  if (m.cancelledAt) base.push({ Update: { TableName: tableName, Key: counterKey(tenantId, m), UpdateExpression: 'SET cancelledAt = :at', ExpressionAttributeValues: { ':at': m.cancelledAt } } });
  const { items, walletAt } = withWallet(base, wallet);
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const failed = failedAt(error);
    if (failed && failed.index === walletAt && failed.code === 'ConditionalCheckFailed') throw new MembershipWalletShort();
    const markerAt = failed ? failed.index - 2 : -1;
    if (markerAt >= 0 && markerAt < markers.items.length) throw new FamilyOnOtherCard(markers.patientIds[markerAt] ?? '');
    throw staleMembership();
  }
};

/** The patient holding a membership, found by the membership's id alone. */
export const membershipHolder = async (tenantId: string, membershipId: string): Promise<string | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: membershipRefEntity.key({ tenantId, membershipId }) }));
  return typeof Item?.holderPatientId === 'string' ? Item.holderPatientId : undefined;
};

const readCard = async (tenantId: string, holderPatientId: string, membershipId: string): Promise<MemberCard | undefined> => {
  const [membership, counter] = await Promise.all(
    [membershipEntity.key({ tenantId, patientId: holderPatientId, membershipId }), counterKey(tenantId, { holderPatientId, membershipId })].map((Key) =>
      documentClient.send(new GetCommand({ TableName: tableName, Key, ConsistentRead: true })),
    ),
  );
  if (!membership?.Item) return undefined;
  return { membership: membershipEntity.fromItem<Membership>(membership.Item), counters: entitlementCounterEntity.fromItem<Counters>(counter?.Item ?? {}) };
};

export const getMembershipCard = (tenantId: string, holderPatientId: string, membershipId: string): Promise<MemberCard | undefined> => readCard(tenantId, holderPatientId, membershipId);

/** The counters of the cards a visit used, by membership id (for its void). */
export const countersOfUses = async (tenantId: string, uses: readonly EntitlementUse[]): Promise<Map<string, Counters>> => {
  const cards = [...new Map(uses.map((u) => [u.membershipId, u])).values()];
  const read = await Promise.all(
    cards.map(async (u) => {
      const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: counterKey(tenantId, u), ConsistentRead: true }));
      return [u.membershipId, entitlementCounterEntity.fromItem<Counters>(Item ?? {})] as const;
    }),
  );
  return new Map(read);
};

const partitionPrefix = (pk: string, prefix: string) =>
  queryAll({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': pk, ':p': prefix }, ConsistentRead: true });

/** Every card covering the patient: held, or as a family member of another holder. */
export const cardsOfPatient = async (tenantId: string, patientId: string): Promise<MemberCard[]> => {
  const own = membershipEntity.range({ tenantId, patientId });
  const links = memberOfEntity.range({ tenantId, patientId });
  const [held, linked] = await Promise.all([partitionPrefix(own.pk, own.skPrefix), partitionPrefix(links.pk, links.skPrefix)]);
  const refs = [
    ...held.map((i) => ({ holderPatientId: patientId, membershipId: String(i.membershipId) })),
    ...linked.map((i) => ({ holderPatientId: String(i.holderPatientId), membershipId: String(i.membershipId) })),
  ];
  const cards = await Promise.all(refs.map((r) => readCard(tenantId, r.holderPatientId, r.membershipId)));
  return cards.filter((c): c is MemberCard => c !== undefined);
};

export type EntitlementLedgerRow = { membershipId: string; useId: string; at: string; patientId: string; visitId?: string; entitlementKey: string; procedureCode: string; term: number; count: number; listValueFen: number };

export const entitlementLedger = async (tenantId: string, holderPatientId: string, membershipId: string): Promise<EntitlementLedgerRow[]> => {
  const { pk, skPrefix } = entitlementUseEntity.range({ tenantId, patientId: holderPatientId, membershipId });
  return (await partitionPrefix(pk, skPrefix)).map((i) => entitlementUseEntity.fromItem<EntitlementLedgerRow>(i));
};

const ledgerRow = (tenantId: string, use: EntitlementUse, at: string, useId: string, count: number): TransactItem => ({
  Put: {
    TableName: tableName,
    Item: {
      ...entitlementUseEntity.key({ tenantId, patientId: use.holderPatientId, membershipId: use.membershipId, at, useId }),
      type: 'entitlement-use',
      membershipId: use.membershipId, useId, at, patientId: use.patientId, ...(use.visitId ? { visitId: use.visitId } : {}),
      entitlementKey: use.entitlementKey, procedureCode: use.procedureCode, term: use.term, count, listValueFen: use.listValueFen,
    },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

const groupBy = <T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> => {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(keyOf(item), [...(out.get(keyOf(item)) ?? []), item]);
  return out;
};

const byMembership = (uses: readonly EntitlementUse[]): EntitlementUse[][] => [...groupBy(uses, (u) => u.membershipId).values()];

type Expression = { set: string[]; add: string[]; remove: string[]; conditions: string[]; names: Record<string, string>; values: Record<string, unknown> };

const counterUpdate = (tenantId: string, uses: EntitlementUse[], expression: Expression, at: string): TransactItem => {
  const [first] = uses as [EntitlementUse];
  const clauses = [
    `SET ${['updatedAt = :updatedAt', ...expression.set].join(', ')}`,
    ...(expression.add.length ? [`ADD ${expression.add.join(', ')}`] : []),
    ...(expression.remove.length ? [`REMOVE ${expression.remove.join(', ')}`] : []),
  ];
  return {
    Update: {
      TableName: tableName,
      Key: counterKey(tenantId, first),
      UpdateExpression: clauses.join(' '),
      ConditionExpression: ['attribute_exists(pk)', ...expression.conditions].join(' AND '),
      ExpressionAttributeNames: expression.names,
      ExpressionAttributeValues: { ...expression.values, ':updatedAt': at },
    },
  };
};

const emptyExpression = (): Expression => ({ set: [], add: [], remove: [], conditions: [], names: {}, values: {} });

/** The list value used per term, as a running sum beside the counts (member-messages.ts says why). */
const addUsedValue = (e: Expression, group: readonly EntitlementUse[], sign: 1 | -1): void => {
  [...groupBy(group, (u) => String(u.term)).entries()].forEach(([term, uses], i) => {
    e.names[`#v${i}`] = usedValueKeyOf(Number(term));
    e.values[`:v${i}`] = sign * uses.reduce((s, u) => s + u.listValueFen, 0);
    e.add.push(`#v${i} :v${i}`);
  });
};

/**
 * The writes of the uses a checkout makes: per card, one update of its counters whose condition
 * is the entitlement itself (a count never past its allowance, an interval respected, the card
 * not cancelled), and a ledger row per use.
 */
export const entitlementUseItems = (tenantId: string, uses: readonly EntitlementUse[], at: string): TransactItem[] =>
  byMembership(uses).flatMap((group) => {
    const e = emptyExpression();
    e.conditions.push('attribute_not_exists(cancelledAt)');
    const counts = groupBy(group.filter((u) => u.usedKey), (u) => u.usedKey ?? '');
    [...counts.entries()].forEach(([key, sameKey], i) => {
      const n = sameKey.reduce((s, u) => s + u.count, 0);
      e.names[`#u${i}`] = key;
      Object.assign(e.values, { [`:n${i}`]: n, [`:max${i}`]: (sameKey[0]?.limit ?? 0) - n });
      e.add.push(`#u${i} :n${i}`);
      e.conditions.push(`(attribute_not_exists(#u${i}) OR #u${i} <= :max${i})`);
    });
    group.filter((u) => u.lastKey).forEach((u, i) => {
      e.names[`#l${i}`] = u.lastKey ?? '';
      Object.assign(e.values, { [`:day${i}`]: u.day, [`:latest${i}`]: u.latestAllowedLast });
      e.set.push(`#l${i} = :day${i}`);
      e.conditions.push(`(attribute_not_exists(#l${i}) OR #l${i} <= :latest${i})`);
    });
    addUsedValue(e, group, 1);
    return [counterUpdate(tenantId, group, e, at), ...group.map((u) => ledgerRow(tenantId, u, at, `${u.visitId ?? 'visit'}-${u.lineIndex}`, u.count))];
  });

/**
 * A void gives back exactly what the visit used: the counts, and the latest day of an interval
 * service set back to the one before, with a negative ledger row per use. The latest day is set
 * back only if it is still this visit's (`counters` as read): a later use keeps its own day, and
 * a later use landing between the read and the write fails the condition, so the void is retried.
 */
export const entitlementReturnItems = (tenantId: string, uses: readonly EntitlementUse[], at: string, counters: ReadonlyMap<string, Counters>): TransactItem[] =>
  byMembership(uses).flatMap((group) => {
    const e = emptyExpression();
    const counts = groupBy(group.filter((u) => u.usedKey), (u) => u.usedKey ?? '');
    [...counts.entries()].forEach(([key, sameKey], i) => {
      const n = sameKey.reduce((s, u) => s + u.count, 0);
      e.names[`#u${i}`] = key;
      Object.assign(e.values, { [`:neg${i}`]: -n, [`:n${i}`]: n });
      e.add.push(`#u${i} :neg${i}`);
      e.conditions.push(`#u${i} >= :n${i}`);
    });
    group.filter((u) => u.lastKey && counters.get(u.membershipId)?.[u.lastKey] === u.day).forEach((u, i) => {
      e.names[`#l${i}`] = u.lastKey ?? '';
      e.values[`:day${i}`] = u.day;
      if (u.previousLast) {
        e.values[`:prev${i}`] = u.previousLast;
        e.set.push(`#l${i} = :prev${i}`);
      } else e.remove.push(`#l${i}`);
      e.conditions.push(`#l${i} = :day${i}`);
    });
    addUsedValue(e, group, -1);
    return [counterUpdate(tenantId, group, e, at), ...group.map((u) => ledgerRow(tenantId, u, at, `${u.visitId ?? 'visit'}-${u.lineIndex}-void`, -u.count))];
  });

/**
 * A referral reward on the referrer's card: the term's grant counter goes up, with a ledger row
 * of no list value (nothing was used yet). Written with the referred patient's checkout, whose
 * summary condition makes it once per referred patient.
 */
export const referralGrantItems = (tenantId: string, grant: ReferralGrant, at: string): TransactItem[] => [
  {
    Update: {
      TableName: tableName,
      Key: counterKey(tenantId, grant),
      UpdateExpression: 'SET updatedAt = :at ADD #g :count',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#g': grantKeyOf(grant.term, grant.procedureCode) },
      ExpressionAttributeValues: { ':at': at, ':count': grant.count },
    },
  },
  {
    Put: {
      TableName: tableName,
      Item: {
        ...entitlementUseEntity.key({ tenantId, patientId: grant.holderPatientId, membershipId: grant.membershipId, at, useId: `${grant.visitId}-referral` }),
        type: 'entitlement-use', kind: 'referral-grant', membershipId: grant.membershipId, useId: `${grant.visitId}-referral`, at, patientId: grant.referredPatientId, visitId: grant.visitId,
        entitlementKey: `referral-${grant.procedureCode}`, procedureCode: grant.procedureCode, term: grant.term, count: grant.count, listValueFen: 0,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  },
];
