/**
 * The Members page's storage: month counters and running balances per clinic (ADDed inside the
 * membership and wallet transactions), the chain's reserve percentage, and the pages of cards by
 * end date behind "renewals due" and "lapsed to call".
 */
import { GetCommand, PutCommand, QueryCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { BalanceDelta, MemberCounters, MonthDelta } from '../../../shared/domain/members/numbers.js';
import type { BalanceItem, MonthItem } from '../../../shared/domain/members/overview.js';
import type { Membership } from '../../../shared/schemas/members.js';
import { documentClient, tableName } from './client.js';
import { encodeCursor, foreignCursor, parseCursor } from './cursor.js';
import { memberBalanceEntity, memberMonthEntity, memberSettingsEntity } from './entities/member-numbers.js';
import { membershipEntity } from './entities/membership.js';
import { tenantPrefix } from './entities/partitions.js';
import { queryAll } from './query-all.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** One delta per item: a transaction may not touch an item twice (a transfer within a clinic, a renewal in its old end's month). */
export const mergeMonthDeltas = (deltas: readonly MonthDelta[]): MonthDelta[] => {
  const out = new Map<string, MonthDelta>();
  for (const d of deltas) {
    const key = `${d.clinicId}|${d.month}`;
    const target = out.get(key) ?? { clinicId: d.clinicId, month: d.month, counters: {} };
    for (const [name, n] of Object.entries(d.counters)) target.counters[name] = (target.counters[name] ?? 0) + n;
    out.set(key, target);
  }
  return [...out.values()];
};

const addExpression = (counters: MemberCounters): { clauses: string[]; names: Record<string, string>; values: Record<string, unknown> } => {
  const live = Object.entries(counters).filter(([, n]) => n !== 0);
  return {
    clauses: live.map((_, i) => `#c${i} :c${i}`),
    names: Object.fromEntries(live.map(([name], i) => [`#c${i}`, name])),
    values: Object.fromEntries(live.map(([, n], i) => [`:c${i}`, n])),
  };
};

export const memberMonthUpdates = (tenantId: string, deltas: readonly MonthDelta[]): TransactItem[] =>
  mergeMonthDeltas(deltas).flatMap((delta): TransactItem[] => {
    const add = addExpression(delta.counters);
    if (!add.clauses.length) return [];
    return [{
      Update: {
        TableName: tableName,
        Key: memberMonthEntity.key({ tenantId, clinicId: delta.clinicId, month: delta.month }),
        UpdateExpression: `SET #type = :type, #clinic = :clinic, #month = :month ADD ${add.clauses.join(', ')}`,
        ExpressionAttributeNames: { ...add.names, '#type': 'type', '#clinic': 'clinicId', '#month': 'month' },
        ExpressionAttributeValues: { ...add.values, ':type': memberMonthEntity.type, ':clinic': delta.clinicId, ':month': delta.month },
      },
    }];
  });

export const memberBalanceUpdates = (tenantId: string, deltas: readonly BalanceDelta[]): TransactItem[] => {
  const merged = new Map<string, BalanceDelta>();
  for (const d of deltas) {
    const target = merged.get(d.clinicId) ?? { clinicId: d.clinicId, counters: {} };
    for (const [name, n] of Object.entries(d.counters)) target.counters[name] = (target.counters[name] ?? 0) + n;
    if (d.termMonths !== undefined) target.termMonths = d.termMonths;
    merged.set(d.clinicId, target);
  }
  return [...merged.values()].flatMap((delta): TransactItem[] => {
    const add = addExpression(delta.counters);
    if (delta.termMonths !== undefined) {
      add.clauses.push('#terms :terms');
      add.names['#terms'] = 'termMonths';
      add.values[':terms'] = new Set([delta.termMonths]);
    }
    if (!add.clauses.length) return [];
    return [{
      Update: {
        TableName: tableName,
        Key: memberBalanceEntity.key({ tenantId, clinicId: delta.clinicId }),
        UpdateExpression: `SET #type = :type, #clinic = :clinic ADD ${add.clauses.join(', ')}`,
        ExpressionAttributeNames: { ...add.names, '#type': 'type', '#clinic': 'clinicId' },
        ExpressionAttributeValues: { ...add.values, ':type': memberBalanceEntity.type, ':clinic': delta.clinicId },
      },
    }];
  });
};

/**
 * The month and balance items a history of deltas leaves (what the ADDs above sum to), for
 * writing a history at once on a fresh table: the demo chain's members and wallets.
 */
export const memberNumberItems = (tenantId: string, months: readonly MonthDelta[], balances: readonly BalanceDelta[]): Record<string, unknown>[] => {
  const monthItems = mergeMonthDeltas(months).map((d) => ({
    ...memberMonthEntity.key({ tenantId, clinicId: d.clinicId, month: d.month }), type: memberMonthEntity.type, clinicId: d.clinicId, month: d.month,
    ...Object.fromEntries(Object.entries(d.counters).filter(([, n]) => n !== 0)),
  }));
  const byClinic = new Map<string, { counters: MemberCounters; terms: Set<number> }>();
  for (const d of balances) {
    const target = byClinic.get(d.clinicId) ?? { counters: {}, terms: new Set<number>() };
    for (const [name, n] of Object.entries(d.counters)) target.counters[name] = (target.counters[name] ?? 0) + n;
    if (d.termMonths !== undefined) target.terms.add(d.termMonths);
    byClinic.set(d.clinicId, target);
  }
  const balanceItems = [...byClinic].map(([clinicId, b]) => ({
    ...memberBalanceEntity.key({ tenantId, clinicId }), type: memberBalanceEntity.type, clinicId, ...b.counters, ...(b.terms.size ? { termMonths: b.terms } : {}),
  }));
  return [...monthItems, ...balanceItems];
};

const countersOf = (item: Record<string, unknown>): MemberCounters =>
  Object.fromEntries(Object.entries(item).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));

/** A clinic's month items from `first` to `last` (YYYY-MM, inclusive). */
export const readMemberMonths = async (tenantId: string, clinicId: string, first: string, last: string): Promise<MonthItem[]> => {
  const items = await queryAll({
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': memberMonthEntity.pk.fill({ tenantId, clinicId }), ':from': memberMonthEntity.sk.fill({ month: first }), ':to': memberMonthEntity.sk.fill({ month: last }) },
  });
  return items.map((item) => ({ clinicId, month: String(item.month), counters: countersOf(memberMonthEntity.fromItem<Record<string, unknown>>(item)) }));
};

export const readMemberBalances = async (tenantId: string): Promise<BalanceItem[]> => {
  const { pk, skPrefix } = memberBalanceEntity.range({ tenantId });
  const items = await queryAll({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': pk, ':p': skPrefix } });
  return items.map((item) => ({
    clinicId: String(item.clinicId),
    principalFen: Number(item.principalFen ?? 0),
    bonusFen: Number(item.bonusFen ?? 0),
    termMonths: item.termMonths instanceof Set ? [...(item.termMonths as Set<number>)].map(Number) : [],
  }));
};

export const reservePercentOf = async (tenantId: string): Promise<{ percent: number; version: number } | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: memberSettingsEntity.key({ tenantId }) }));
  return Item ? { percent: Number(Item.reservePercent), version: Number(Item.version) } : undefined;
};

/** Writes the reserve percentage if still at `versionRead` (0: never set); false when changed meanwhile. */
export const putReservePercent = async (tenantId: string, input: { percent: number; versionRead: number; by: string; at: string }): Promise<boolean> => {
  try {
    await documentClient.send(new PutCommand({
      TableName: tableName,
      Item: { ...memberSettingsEntity.key({ tenantId }), type: memberSettingsEntity.type, reservePercent: input.percent, version: input.versionRead + 1, updatedBy: input.by, updatedAt: input.at },
      ConditionExpression: input.versionRead === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
      ...(input.versionRead === 0 ? {} : { ExpressionAttributeValues: { ':v': input.versionRead } }),
    }));
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
};

/** What a list row needs of a card (the index projects it whole; we keep the few fields shown). */
export type EndingCard = Pick<Membership, 'membershipId' | 'holderPatientId' | 'memberPatientIds' | 'endDate' | 'status'> & { planName: string; clinicId: string; pricePaidFen: number };

const endingCardOf = (item: Record<string, unknown>): EndingCard => {
  const m = membershipEntity.fromItem<Membership>(item);
  const last = m.periods.at(-1);
  return { membershipId: m.membershipId, holderPatientId: m.holderPatientId, memberPatientIds: m.memberPatientIds, endDate: m.endDate, status: m.status, planName: m.terms.name, clinicId: last?.clinicId ?? '', pricePaidFen: last?.pricePaidFen ?? 0 };
};

/**
 * The index key to start after, rebuilt from the card the cursor names (cursors carry primary
 * keys only): a cursor of another chain or of something not a card is refused.
 */
const startAfter = async (tenantId: string, cursor: string | undefined): Promise<Record<string, unknown> | undefined> => {
  if (cursor === undefined) return undefined;
  const key = parseCursor(cursor);
  if (!key.pk.startsWith(`${tenantPrefix(tenantId)}#`)) throw foreignCursor();
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: key }));
  if (!Item || Item.type !== membershipEntity.type) throw foreignCursor();
  const index = membershipEntity.indexes.byEnd;
  return { pk: key.pk, sk: key.sk, [index.pkAttribute]: Item[index.pkAttribute], [index.skAttribute]: Item[index.skAttribute] };
};

/**
 * A page of live cards ending on days in [fromDay, toDay], soonest first or (newestFirst) most
 * recent first, of the given clinics. Cancelled cards and other clinics' are filtered out after
 * the read, so a page may be short; the cursor says whether more follow.
 */
export const cardsEndingBetween = async (
  tenantId: string,
  input: { fromDay: string; toDay: string; clinicIds: readonly string[]; newestFirst: boolean; limit: number; cursor?: string },
): Promise<{ items: EndingCard[]; cursor?: string }> => {
  const query = membershipEntity.indexes.byEnd.query({ tenantId }, { between: [input.fromDay, `${input.toDay}~`] });
  const page = await documentClient.send(new QueryCommand({
    TableName: tableName,
    ...query,
    ScanIndexForward: !input.newestFirst,
    Limit: input.limit,
    ...(input.cursor ? { ExclusiveStartKey: await startAfter(tenantId, input.cursor) } : {}),
  }));
  const clinics = new Set(input.clinicIds);
  const items = (page.Items ?? []).map(endingCardOf).filter((c) => c.status !== 'cancelled' && clinics.has(c.clinicId));
  const last = page.LastEvaluatedKey;
  const cursor = last ? encodeCursor({ pk: last.pk, sk: last.sk }) : undefined;
  return { items, ...(cursor ? { cursor } : {}) };
};

/**
 * Everyone a live card covers on `day` (holders and family), for the nightly funnel's member
 * step: one read of the cards ending after that day, only the two attributes it needs.
 */
export const patientsCoveredOn = async (tenantId: string, day: string): Promise<Set<string>> => {
  const query = membershipEntity.indexes.byEnd.query({ tenantId }, { gt: `${day}~` });
  const items = await queryAll({ ...query, ProjectionExpression: 'memberPatientIds, #status, anchorDate', ExpressionAttributeNames: { ...query.ExpressionAttributeNames, '#status': 'status' } });
  return new Set(items.filter((i) => i.status !== 'cancelled' && String(i.anchorDate) <= day).flatMap((i) => (Array.isArray(i.memberPatientIds) ? i.memberPatientIds.map(String) : [])));
};
