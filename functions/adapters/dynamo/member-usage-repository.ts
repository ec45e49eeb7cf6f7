/**
 * The nightly member figures (shared/domain/members/usage.ts): the live cards and their
 * entitlement ledgers the job reads, and the one item it writes and the Members page reads (one
 * GetItem, whatever the chain's age).
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { MemberUsage, UseRow } from '../../../shared/domain/members/usage.js';
import type { Membership } from '../../../shared/schemas/members.js';
import { documentClient, tableName } from './client.js';
import { memberUsageEntity } from './entities/member-numbers.js';
import { membershipEntity } from './entities/membership.js';
import { entitlementLedger } from './membership-repository.js';
import { queryAll } from './query-all.js';

/** Cards not cancelled whose end is after `day` (the live ones and those paid ahead). */
export const liveCards = async (tenantId: string, day: string): Promise<Membership[]> => {
  const query = membershipEntity.indexes.byEnd.query({ tenantId }, { gt: `${day}~` });
  const items = await queryAll({ ...query });
  return items.map((i) => membershipEntity.fromItem<Membership>(i)).filter((m) => m.status !== 'cancelled' && m.anchorDate <= day);
};

/** Each card's use rows, a few cards at a time (a nightly read; DynamoDB Local is one process). */
export const useRowsOf = async (tenantId: string, cards: readonly Membership[], parallel = 8): Promise<Map<string, UseRow[]>> => {
  const out = new Map<string, UseRow[]>();
  for (let i = 0; i < cards.length; i += parallel) {
    const batch = cards.slice(i, i + parallel);
    const rows = await Promise.all(batch.map((m) => entitlementLedger(tenantId, m.holderPatientId, m.membershipId)));
    batch.forEach((m, j) => out.set(m.membershipId, (rows[j] ?? []).map((r) => ({ entitlementKey: r.entitlementKey, term: r.term, count: r.count, ...('kind' in r && typeof r.kind === 'string' ? { kind: r.kind } : {}) }))));
  }
  return out;
};

export const putMemberUsage = async (tenantId: string, usage: MemberUsage, at: string): Promise<void> => {
  await documentClient.send(new PutCommand({ TableName: tableName, Item: { ...memberUsageEntity.key({ tenantId }), type: memberUsageEntity.type, ...usage, computedAt: at } }));
};

export const readMemberUsage = async (tenantId: string): Promise<(MemberUsage & { computedAt: string }) | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: memberUsageEntity.key({ tenantId }) }));
  return Item ? memberUsageEntity.fromItem<MemberUsage & { computedAt: string }>(Item) : undefined;
};
