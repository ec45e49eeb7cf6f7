/**
 * What the daily members job reads: the memberships ending on a day (or active on one), from the
 * chain's end-date index (gsi1, projected whole, so the card needs no second read), and a card's
 * counters. Nothing here scans members: a day's range holds only the cards that end that day.
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Counters } from '../../../shared/domain/members/entitlements.js';
import type { Membership } from '../../../shared/schemas/members.js';
import { documentClient, tableName } from './client.js';
import { entitlementCounterEntity, membershipEntity } from './entities/membership.js';

export type MembershipPage = { memberships: Membership[]; read: number; lastKey?: Record<string, unknown> };

const byEnd = membershipEntity.indexes.byEnd;

const page = async (condition: Parameters<typeof byEnd.query>[1], tenantId: string, startKey: Record<string, unknown> | undefined): Promise<MembershipPage> => {
  const result = await documentClient.send(new QueryCommand({ TableName: tableName, ...byEnd.query({ tenantId }, condition), ExclusiveStartKey: startKey }));
  const items = result.Items ?? [];
  return { memberships: items.map((i) => membershipEntity.fromItem<Membership>(i)), read: items.length, ...(result.LastEvaluatedKey ? { lastKey: result.LastEvaluatedKey } : {}) };
};

/** One page of the memberships whose end (exclusive) is `day`. */
export const membershipsEndingOn = (tenantId: string, day: string, startKey?: Record<string, unknown>): Promise<MembershipPage> =>
  page({ beginsWith: byEnd.sk.prefix({ endDate: day }) }, tenantId, startKey);

/** One page of the memberships still running on `day` (ending after it); cancelled ones included, the caller drops them. */
export const membershipsEndingAfter = (tenantId: string, day: string, startKey?: Record<string, unknown>): Promise<MembershipPage> =>
  // '~' sorts after every id character: the range starts after the cards ending on `day` itself.
  page({ gt: `${byEnd.sk.prefix({ endDate: day })}~` }, tenantId, startKey);

/** A card's counters (uses, latest days, value used per term); empty when none were written. */
export const membershipCounters = async (tenantId: string, m: Pick<Membership, 'holderPatientId' | 'membershipId'>): Promise<Counters> => {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName, Key: entitlementCounterEntity.key({ tenantId, patientId: m.holderPatientId, membershipId: m.membershipId }) }),
  );
  return entitlementCounterEntity.fromItem<Counters>(Item ?? {});
};
