/**
 * The cards of a duplicate record moved to the record that stays (shared/domain/members/merge.ts
 * decides; merge-service.ts runs it). Ledger rows of cards the duplicate held are copied first
 * (idempotent puts, like the rest of its history); the items that decide what a card is — the
 * membership, its counters, where it is found by id, family links and markers — change in the
 * merge's one transaction, each conditioned on what was read, so a checkout using a card during
 * the merge fails the merge instead of a use going uncounted.
 */
import type { Counters } from '../../../shared/domain/members/entitlements.js';
import { countersAfterMerge, membersAfterMerge } from '../../../shared/domain/members/merge.js';
import type { Membership } from '../../../shared/schemas/members.js';
import { counterKey, getMembershipCard, membershipItem, type TransactItem } from './membership-repository.js';
import { tableName } from './client.js';
import { entitlementCounterEntity, entitlementUseEntity, memberOfEntity, membershipEntity, membershipRefEntity, onCardEntity } from './entities/membership.js';
import { markedMembers, onCardPut, readOnCard } from './on-card-markers.js';
import { queryAll } from './query-all.js';
import { stripKeys } from './visit-repository.js';

export type MembershipMove = { copies: Record<string, unknown>[]; transact: TransactItem[]; sourceKeys: { pk: string; sk: string }[] };

type Ids = { tenantId: string; sourceId: string; targetId: string; today: string };

const prefixOf = async (pk: string, prefix: string) => queryAll({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': pk, ':p': prefix }, ConsistentRead: true });

/** The counter item replaced only if no use landed since it was read. */
const counterGuard = (counters: Counters): { ConditionExpression: string; ExpressionAttributeValues?: Record<string, unknown> } =>
  typeof counters.updatedAt === 'string' ? { ConditionExpression: 'updatedAt = :read', ExpressionAttributeValues: { ':read': counters.updatedAt } } : { ConditionExpression: 'attribute_not_exists(updatedAt)' };

const membershipPut = (tenantId: string, m: Membership, versionRead: number | undefined): TransactItem => ({
  Put: { TableName: tableName, Item: membershipItem(tenantId, m), ...(versionRead === undefined ? { ConditionExpression: 'attribute_not_exists(pk)' } : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': versionRead } }) },
});

const linkPut = (tenantId: string, patientId: string, m: Membership): TransactItem => ({
  Put: { TableName: tableName, Item: { ...memberOfEntity.key({ tenantId, patientId, membershipId: m.membershipId }), type: 'member-of', patientId, membershipId: m.membershipId, holderPatientId: m.holderPatientId } },
});

/** A card the duplicate held: re-homed in the kept record's partition, with its counters and ledger. */
const moveHeld = async (ids: Ids, m: Membership, counters: Counters, targetMarker: string | undefined): Promise<MembershipMove> => {
  const { tenantId, sourceId, targetId } = ids;
  const moved: Membership = { ...m, holderPatientId: targetId, memberPatientIds: membersAfterMerge(m.memberPatientIds, sourceId, targetId), version: m.version + 1 };
  const renamed = countersAfterMerge(counters, sourceId, targetId);
  const kept = Object.fromEntries(Object.entries(stripKeys<Record<string, unknown>>(counters as Record<string, unknown>)).filter(([k]) => !renamed.remove.includes(k)));
  const { pk, skPrefix } = entitlementUseEntity.range({ tenantId, patientId: sourceId, membershipId: m.membershipId });
  const uses = await prefixOf(pk, skPrefix);
  const copies = uses.map((item) => {
    const row = stripKeys<Record<string, unknown>>(item);
    return { ...entitlementUseEntity.key({ tenantId, patientId: targetId, membershipId: m.membershipId, at: String(row.at), useId: String(row.useId) }), ...row, ...(row.patientId === sourceId ? { patientId: targetId } : {}) };
  });
  const sourceCard = { holderPatientId: sourceId, membershipId: m.membershipId };
  const transact: TransactItem[] = [
    { Delete: { TableName: tableName, Key: membershipEntity.key({ tenantId, patientId: sourceId, membershipId: m.membershipId }), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': m.version } } },
    membershipPut(tenantId, moved, undefined),
    { Delete: { TableName: tableName, Key: counterKey(tenantId, sourceCard), ...counterGuard(counters) } },
    { Put: { TableName: tableName, Item: { ...kept, ...renamed.set, ...counterKey(tenantId, moved), type: entitlementCounterEntity.type }, ConditionExpression: 'attribute_not_exists(pk)' } },
    { Put: { TableName: tableName, Item: { ...membershipRefEntity.key({ tenantId, membershipId: m.membershipId }), type: 'membership-ref', membershipId: m.membershipId, holderPatientId: targetId } } },
    // The other family members' links now name the kept record as holder; the kept record, if it was a member, now holds it.
    ...markedMembers(moved).map((id) => linkPut(tenantId, id, moved)),
    ...(m.memberPatientIds.includes(targetId) ? [{ Delete: { TableName: tableName, Key: memberOfEntity.key({ tenantId, patientId: targetId, membershipId: m.membershipId }) } }] : []),
    ...(targetMarker === m.membershipId ? [{ Delete: { TableName: tableName, Key: onCardEntity.key({ tenantId, patientId: targetId }) } }] : []),
  ];
  return { copies, transact, sourceKeys: uses.map((u) => ({ pk: String(u.pk), sk: String(u.sk) })) };
};

/** A card the duplicate was a family member on: the kept record takes its place (and its uses). */
const moveLinked = (ids: Ids, m: Membership, counters: Counters, targetMarker: string | undefined, sourceMarker: string | undefined): TransactItem[] => {
  const { tenantId, sourceId, targetId } = ids;
  const moved: Membership = { ...m, memberPatientIds: membersAfterMerge(m.memberPatientIds, sourceId, targetId), version: m.version + 1 };
  const renamed = countersAfterMerge(counters, sourceId, targetId);
  const names = Object.fromEntries([...Object.keys(renamed.set), ...renamed.remove].map((k, i) => [`#c${i}`, k]));
  const nameOf = (key: string) => Object.entries(names).find(([, k]) => k === key)?.[0] ?? '';
  const sets = Object.entries(renamed.set).map(([k, v], i) => ({ clause: `${nameOf(k)} = :c${i}`, value: [`:c${i}`, v] as const }));
  const guard = counterGuard(counters);
  const counterUpdate: TransactItem = {
    Update: {
      TableName: tableName,
      Key: counterKey(tenantId, m),
      UpdateExpression: [`SET ${['updatedAt = :now', ...sets.map((s) => s.clause)].join(', ')}`, ...(renamed.remove.length ? [`REMOVE ${renamed.remove.map(nameOf).join(', ')}`] : [])].join(' '),
      ConditionExpression: guard.ConditionExpression,
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: { ...guard.ExpressionAttributeValues, ...Object.fromEntries(sets.map((s) => s.value)), ':now': new Date().toISOString() },
    },
  };
  const targetAlreadyOn = m.memberPatientIds.includes(targetId);
  return [
    membershipPut(tenantId, moved, m.version),
    counterUpdate,
    { Delete: { TableName: tableName, Key: memberOfEntity.key({ tenantId, patientId: sourceId, membershipId: m.membershipId }) } },
    ...(targetAlreadyOn || m.holderPatientId === targetId ? [] : [linkPut(tenantId, targetId, moved)]),
    // The kept record takes over the duplicate's marker unless another active card marks it already:
    // then it is on two cards, both paid for, which a merge keeps (shared/domain/members/merge.ts).
    ...(sourceMarker === m.membershipId && !targetMarker && m.holderPatientId !== targetId && !targetAlreadyOn ? [onCardPut(tenantId, moved, targetId, ids.today)] : []),
  ];
};

/** Everything a merge does to the cards of the duplicate: copies to make first, and the items of the merge's transaction. */
export const planMembershipMerge = async (ids: Ids): Promise<MembershipMove> => {
  const { tenantId, sourceId, targetId } = ids;
  const own = membershipEntity.range({ tenantId, patientId: sourceId });
  const links = memberOfEntity.range({ tenantId, patientId: sourceId });
  const [held, linked, markers] = await Promise.all([prefixOf(own.pk, own.skPrefix), prefixOf(links.pk, links.skPrefix), readOnCard(tenantId, [sourceId, targetId])]);
  const active = (id: string) => { const m = markers.get(id); return m && m.endDate >= ids.today ? m.membershipId : undefined; };
  const out: MembershipMove = { copies: [], transact: [], sourceKeys: [] };
  for (const item of held) {
    const card = await getMembershipCard(tenantId, sourceId, String(item.membershipId));
    if (!card) continue;
    const move = await moveHeld(ids, card.membership, card.counters, markers.get(targetId)?.membershipId);
    out.copies.push(...move.copies); out.transact.push(...move.transact); out.sourceKeys.push(...move.sourceKeys);
  }
  for (const link of linked) {
    const card = await getMembershipCard(tenantId, String(link.holderPatientId), String(link.membershipId));
    if (card) out.transact.push(...moveLinked(ids, card.membership, card.counters, active(targetId), markers.get(sourceId)?.membershipId));
  }
  if (markers.has(sourceId)) out.transact.push({ Delete: { TableName: tableName, Key: onCardEntity.key({ tenantId, patientId: sourceId }) } });
  return out;
};
