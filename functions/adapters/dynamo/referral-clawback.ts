/**
 * Voiding a referred patient's first paid visit takes back the referral reward it granted the
 * referrer (membership-repository.ts referralGrantItems): as much of it as is still unused. A
 * reward already used is not taken from the referrer's next visit; it is recorded (a ledger row
 * naming what could not be clawed back) and told in the void's outcome, for staff to settle.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { grantKeyOf, usedKeyOf, type MemberCard } from '../../../shared/domain/members/entitlements.js';
import { counterKey, type TransactItem } from './membership-repository.js';
import { documentClient, tableName } from './client.js';
import { entitlementUseEntity } from './entities/membership.js';

export type ReferralClawback = { membershipId: string; grantedCount: number; clawedBackCount: number; alreadyUsedCount: number };

type Grant = { membershipId: string; holderPatientId: string; procedureCode: string; term: number; count: number };

/** The grant a visit made, found by its ledger row's key (written at the visit's `createdAt`). */
const findGrant = async (tenantId: string, cards: readonly MemberCard[], visit: { visitId: string; createdAt: string }): Promise<{ grant: Grant; card: MemberCard } | undefined> => {
  for (const card of cards) {
    const { holderPatientId, membershipId } = card.membership;
    const key = entitlementUseEntity.key({ tenantId, patientId: holderPatientId, membershipId, at: visit.createdAt, useId: `${visit.visitId}-referral` });
    const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
    if (Item) return { card, grant: { membershipId, holderPatientId, procedureCode: String(Item.procedureCode), term: Number(Item.term), count: Number(Item.count) } };
  }
  return undefined;
};

/**
 * The items of the clawback, for the void's transaction: the grant counter lowered by the unused
 * part, held to the counters as read (a use landing meanwhile fails the void, which is retried),
 * and a ledger row. Undefined when the visit granted nothing.
 */
export const referralClawbackItems = async (tenantId: string, referrerCards: readonly MemberCard[], visit: { visitId: string; patientId: string; createdAt: string }, at: string): Promise<{ items: TransactItem[]; outcome: ReferralClawback } | undefined> => {
  const found = await findGrant(tenantId, referrerCards, visit);
  if (!found) return undefined;
  const { grant, card } = found;
  const grantKey = grantKeyOf(grant.term, grant.procedureCode);
  // The reward is used through a shared per-term count named after it (entitlements.ts grantedServices).
  const usedKey = usedKeyOf({ key: `referral-${grant.procedureCode}`, procedureCode: grant.procedureCode, allowance: { kind: 'count', count: 0, per: 'term' }, sharing: 'shared' }, grant.term, '', '');
  const granted = Number(card.counters[grantKey] ?? 0);
  const used = Number(card.counters[usedKey] ?? 0);
  const clawedBackCount = Math.max(0, Math.min(grant.count, granted - used));
  const outcome: ReferralClawback = { membershipId: grant.membershipId, grantedCount: grant.count, clawedBackCount, alreadyUsedCount: grant.count - clawedBackCount };
  const items: TransactItem[] = [];
  if (clawedBackCount > 0) {
    items.push({
      Update: {
        TableName: tableName,
        Key: counterKey(tenantId, grant),
        UpdateExpression: 'SET updatedAt = :at ADD #g :minus',
        ConditionExpression: `#g = :granted AND ${used ? '#u = :used' : 'attribute_not_exists(#u)'}`,
        ExpressionAttributeNames: { '#g': grantKey, '#u': usedKey },
        ExpressionAttributeValues: { ':at': at, ':minus': -clawedBackCount, ':granted': granted, ...(used ? { ':used': used } : {}) },
      },
    });
  }
  const useId = `${visit.visitId}-referral-void`;
  items.push({
    Put: {
      TableName: tableName,
      Item: {
        ...entitlementUseEntity.key({ tenantId, patientId: grant.holderPatientId, membershipId: grant.membershipId, at, useId }),
        type: entitlementUseEntity.type, kind: 'referral-clawback', membershipId: grant.membershipId, useId, at, patientId: visit.patientId, visitId: visit.visitId,
        entitlementKey: `referral-${grant.procedureCode}`, procedureCode: grant.procedureCode, term: grant.term, count: -clawedBackCount, listValueFen: 0,
        alreadyUsedCount: outcome.alreadyUsedCount,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  });
  return { items, outcome };
};
