/**
 * A family member is on at most one active card at a time. Family links (`MEMBEROF#…`) are one
 * item per card in the member's partition, so a condition on them cannot see a second card; the
 * one `ONCARD` marker per patient can: a sale or renewal writes it in its own transaction with
 * the condition that it is absent, ended, or already this card's, so of two concurrent sales
 * naming the same person exactly one commits.
 *
 * Holders are not marked: a holder may hold two cards (a merge of two members keeps both), and
 * the card they hold is found in their own partition.
 */
import { GetCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Membership } from '../../../shared/schemas/members.js';
import { documentClient, tableName } from './client.js';
import { onCardEntity } from './entities/membership.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export type OnCardMarker = { patientId: string; membershipId: string; holderPatientId: string; endDate: string };

/** The family members a card marks: everyone on it but its holder. */
export const markedMembers = (m: Pick<Membership, 'holderPatientId' | 'memberPatientIds'>): string[] => m.memberPatientIds.filter((id) => id !== m.holderPatientId);

/** Puts the marker, holding only if no other card covers the member on `today` (an ended card's marker is taken over). */
export const onCardPut = (tenantId: string, m: Pick<Membership, 'membershipId' | 'holderPatientId' | 'endDate'>, patientId: string, today: string): TransactItem => ({
  Put: {
    TableName: tableName,
    Item: { ...onCardEntity.key({ tenantId, patientId }), type: onCardEntity.type, patientId, membershipId: m.membershipId, holderPatientId: m.holderPatientId, endDate: m.endDate },
    ConditionExpression: 'attribute_not_exists(pk) OR endDate < :today OR membershipId = :self',
    ExpressionAttributeValues: { ':today': today, ':self': m.membershipId },
  },
});

/** Takes the marker away only while it is still this card's (a cancelled or merged card). */
export const onCardDelete = (tenantId: string, membershipId: string, patientId: string): TransactItem => ({
  Delete: { TableName: tableName, Key: onCardEntity.key({ tenantId, patientId }), ConditionExpression: 'membershipId = :self', ExpressionAttributeValues: { ':self': membershipId } },
});

/** The markers of some patients (absent ones are left out); a card covers at most 10 people. */
export const readOnCard = async (tenantId: string, patientIds: readonly string[]): Promise<Map<string, OnCardMarker>> => {
  const read = await Promise.all(
    [...new Set(patientIds)].map((patientId) => documentClient.send(new GetCommand({ TableName: tableName, Key: onCardEntity.key({ tenantId, patientId }), ConsistentRead: true }))),
  );
  const markers = read.flatMap((r) => (r.Item ? [onCardEntity.fromItem<OnCardMarker>(r.Item)] : []));
  return new Map(markers.map((m) => [m.patientId, m]));
};
