/**
 * A phone's marketing contacts (shared/domain/messaging/marketing-contacts.ts): read with a batch's
 * facts or alone, and claimed with one write conditional on the version read. When another run
 * wrote first, the item is read again and the claim decided again on what it now holds.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { decideContactClaim, contactBudgetDays, type ContactClaim, type ContactRequest, type MarketingContact } from '../../../shared/domain/messaging/marketing-contacts.js';
import { documentClient, tableName } from './client.js';
import { phoneContactsEntity } from './entities/phone.js';

export type PhoneContacts = { contacts: MarketingContact[]; version: number };

export const noContacts: PhoneContacts = { contacts: [], version: 0 };

export const phoneContactsKey = (tenantId: string, phone: string) => phoneContactsEntity.key({ tenantId, phone });

export const phoneContactsFrom = (item: Record<string, unknown> | undefined): PhoneContacts =>
  item ? { contacts: (item.contacts ?? []) as MarketingContact[], version: Number(item.version ?? 0) } : noContacts;

export const readPhoneContacts = async (tenantId: string, phone: string): Promise<PhoneContacts> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: phoneContactsKey(tenantId, phone), ConsistentRead: true }));
  return phoneContactsFrom(Item);
};

const maxTries = 5;

/** Takes the message's place on the number, or says why not; `read` is what the batch read a moment ago. */
export const claimPhoneContact = async (tenantId: string, phone: string, request: ContactRequest, read?: PhoneContacts): Promise<Exclude<ContactClaim, { kind: 'claim' }> | { kind: 'claimed' }> => {
  let current = read ?? (await readPhoneContacts(tenantId, phone));
  for (let attempt = 1; ; attempt += 1) {
    const decision = decideContactClaim(current.contacts, request);
    if (decision.kind !== 'claim') return decision;
    try {
      await documentClient.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...phoneContactsKey(tenantId, phone), type: phoneContactsEntity.type, tenantId, contacts: decision.contacts, version: current.version + 1, expiresAt: Math.floor(request.now.getTime() / 1000) + (contactBudgetDays + 10) * 86_400 },
          ConditionExpression: current.version === 0 ? 'attribute_not_exists(pk)' : 'version = :read',
          ...(current.version === 0 ? {} : { ExpressionAttributeValues: { ':read': current.version } }),
        }),
      );
      return { kind: 'claimed' };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException) || attempt >= maxTries) throw error;
      current = await readPhoneContacts(tenantId, phone);
    }
  }
};
