/**
 * Intake links and the leads they bring. A lead is converted into a patient exactly once: a
 * conversion first claims the lead with a conditional write, creates the patient, then marks
 * the lead converted with the patient's id under the same claim.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { notFound } from '../../../shared/domain/errors.js';
import type { LeadRecord } from '../../../shared/domain/intake.js';
import type { IntakeLink } from '../../../shared/schemas/engagement.js';
import { documentClient, tableName } from './client.js';
import { pick, queryIndexPage, transactWrite, TransactionConditionFailed } from './engagement-dynamo.js';
import { intakeLinkEntity, intakePostCounterEntity, leadEntity } from './entities/lead.js';

export type IntakeLinkRecord = Omit<IntakeLink, 'path'>;

const linkFields = ['linkId', 'clinicId', 'label', 'channel', 'token', 'leadCount', 'createdAt', 'createdBy'] as const;
const leadFields = [
  'leadId', 'clinicId', 'linkId', 'name', 'phone', 'budget', 'priority', 'interests', 'preferredTime', 'channel',
  'contactConsent', 'marketingConsent', 'status', 'claimedAt', 'patientId', 'createdAt', 'convertedAt', 'convertedBy',
  'assignee', 'assignedAt', 'assignedBy', 'version',
] as const;

const toLink = (item: Record<string, unknown>): IntakeLinkRecord => ({ ...pick<IntakeLinkRecord>(item, linkFields), leadCount: Number(item.leadCount ?? 0) });
export const toLead = (item: Record<string, unknown>): LeadRecord => pick<LeadRecord>(item, leadFields);

export const putNewIntakeLink = async (tenantId: string, linkHash: string, link: IntakeLinkRecord): Promise<void> => {
  await documentClient.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        ...intakeLinkEntity.key({ tenantId, linkHash }),
        type: 'intake-link',
        tenantId,
        ...link,
        ...intakeLinkEntity.indexes.byClinic.keys({ tenantId, clinicId: link.clinicId, createdAt: link.createdAt, linkId: link.linkId }),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
};

export const getIntakeLink = async (tenantId: string, linkHash: string): Promise<IntakeLinkRecord | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: intakeLinkEntity.key({ tenantId, linkHash }) }));
  return Item ? toLink(Item) : undefined;
};

export const queryIntakeLinks = async (tenantId: string, clinicId: string, limit: number, cursor?: string): Promise<{ items: IntakeLinkRecord[]; cursor?: string }> => {
  const page = await queryIndexPage(tenantId, intakeLinkEntity.indexes.byClinic, { tenantId, clinicId }, { limit, cursor });
  return { items: page.items.map(toLink), ...(page.cursor ? { cursor: page.cursor } : {}) };
};

const leadIndexKeys = (tenantId: string, lead: Pick<LeadRecord, 'clinicId' | 'leadId' | 'createdAt'>, status: 'new' | 'converted') => ({
  ...leadEntity.indexes.byClinic.keys({ tenantId, clinicId: lead.clinicId, createdAt: lead.createdAt, leadId: lead.leadId }),
  ...leadEntity.indexes.byStatus.keys({ tenantId, clinicId: lead.clinicId, status, createdAt: lead.createdAt, leadId: lead.leadId }),
});

/**
 * Counts one post to a link on `day` (UTC) in one conditional update, refused once `cap` posts
 * were counted: false means over the cap, and nothing else is written for that post. The item
 * expires two days after its day (the table's TTL attribute), so counters never pile up.
 */
export const countIntakePost = async (tenantId: string, linkHash: string, day: string, cap: number): Promise<boolean> => {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: intakePostCounterEntity.key({ tenantId, linkHash, day }),
        UpdateExpression: 'ADD posts :one SET #type = :type, expiresAt = :expires',
        ConditionExpression: 'attribute_not_exists(posts) OR posts < :cap',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':one': 1, ':cap': cap, ':type': 'intake-post-counter', ':expires': Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000) + 3 * 86_400 },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};

/** The lead and its link's lead count in one transaction, so the count is the number of leads. */
export const putNewLead = async (tenantId: string, linkHash: string, lead: LeadRecord): Promise<void> => {
  try {
    await transactWrite([
      {
        Put: {
          TableName: tableName,
          Item: { ...leadEntity.key({ tenantId, leadId: lead.leadId }), type: 'lead', tenantId, ...lead, ...leadIndexKeys(tenantId, lead, 'new') },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Update: {
          TableName: tableName,
          Key: intakeLinkEntity.key({ tenantId, linkHash }),
          UpdateExpression: 'ADD leadCount :one',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':one': 1 },
        },
      },
    ]);
  } catch (error) {
    if (error instanceof TransactionConditionFailed) throw notFound('intake form');
    throw error;
  }
};

export const getLead = async (tenantId: string, leadId: string): Promise<LeadRecord | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: leadEntity.key({ tenantId, leadId }), ConsistentRead: true }));
  return Item ? toLead(Item) : undefined;
};

export const queryLeads = async (
  tenantId: string,
  clinicId: string,
  status: 'new' | 'converted' | undefined,
  limit: number,
  cursor?: string,
): Promise<{ items: LeadRecord[]; cursor?: string }> => {
  const page = status === undefined
    ? await queryIndexPage(tenantId, leadEntity.indexes.byClinic, { tenantId, clinicId }, { limit, cursor })
    : await queryIndexPage(tenantId, leadEntity.indexes.byStatus, { tenantId, clinicId, status }, { limit, cursor });
  return { items: page.items.map(toLead), ...(page.cursor ? { cursor: page.cursor } : {}) };
};

/**
 * Claims a lead for conversion: from new, or from a claim older than `staleBefore` (a
 * conversion that died midway; a Lambda runs 10 s at most). False when someone else holds it
 * or it is converted already.
 */
export const claimLead = async (tenantId: string, leadId: string, claimedAt: string, staleBefore: string): Promise<boolean> => {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: leadEntity.key({ tenantId, leadId }),
        UpdateExpression: 'SET #status = :converting, claimedAt = :claimedAt',
        ConditionExpression: 'attribute_exists(pk) AND (#status = :new OR (#status = :converting AND claimedAt < :staleBefore))',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':converting': 'converting', ':new': 'new', ':claimedAt': claimedAt, ':staleBefore': staleBefore },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
};

/** Gives a claim back when the patient could not be created, so the lead can be converted later. */
export const releaseLead = async (tenantId: string, leadId: string, claimedAt: string): Promise<void> => {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: leadEntity.key({ tenantId, leadId }),
        UpdateExpression: 'SET #status = :new REMOVE claimedAt',
        ConditionExpression: '#status = :converting AND claimedAt = :claimedAt',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':new': 'new', ':converting': 'converting', ':claimedAt': claimedAt },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
};

/** Marks the lead converted, only under the claim this conversion holds. */
export const completeLeadConversion = async (
  tenantId: string,
  lead: LeadRecord,
  claimedAt: string,
  conversion: { patientId: string; convertedAt: string; convertedBy: string },
): Promise<LeadRecord> => {
  const listed = leadEntity.indexes.byStatus.set({ pk: leadEntity.indexes.byStatus.pk.fill({ tenantId, clinicId: lead.clinicId, status: 'converted' }) });
  const { Attributes } = await documentClient.send(
    new UpdateCommand({
      TableName: tableName,
      Key: leadEntity.key({ tenantId, leadId: lead.leadId }),
      UpdateExpression: `SET #status = :converted, patientId = :patientId, convertedAt = :convertedAt, convertedBy = :convertedBy, ${listed.clauses.join(', ')} REMOVE claimedAt`,
      ConditionExpression: '#status = :converting AND claimedAt = :claimedAt',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':converted': 'converted',
        ':converting': 'converting',
        ':claimedAt': claimedAt,
        ':patientId': conversion.patientId,
        ':convertedAt': conversion.convertedAt,
        ':convertedBy': conversion.convertedBy,
        ...listed.values,
      },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return toLead(Attributes ?? {});
};
