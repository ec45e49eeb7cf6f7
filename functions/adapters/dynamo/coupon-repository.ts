/**
 * Coupons in DynamoDB: definitions in the chain's partition, issued coupons in their patient's
 * partition by code. Redemption and give-back are items for the checkout's and the void's own
 * transactions, each conditioned on the coupon's state, so a coupon is used at most once.
 */
import { GetCommand, PutCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Coupon, CouponDefinition } from '../../../shared/schemas/coupons.js';
import { documentClient, tableName } from './client.js';
import { queryAll } from './query-all.js';
import { couponDefinitionEntity, couponEntity } from './entities/coupon.js';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export const putCouponDefinition = async (tenantId: string, definition: CouponDefinition): Promise<void> => {
  await documentClient.send(new PutCommand({ TableName: tableName, Item: { ...couponDefinitionEntity.key({ tenantId, definitionId: definition.definitionId }), type: couponDefinitionEntity.type, ...definition }, ConditionExpression: 'attribute_not_exists(pk)' }));
};

export const getCouponDefinition = async (tenantId: string, definitionId: string): Promise<CouponDefinition | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: couponDefinitionEntity.key({ tenantId, definitionId }) }));
  return Item ? couponDefinitionEntity.fromItem<CouponDefinition>(Item) : undefined;
};

export const listCouponDefinitions = async (tenantId: string): Promise<CouponDefinition[]> => {
  const range = couponDefinitionEntity.range({ tenantId });
  const items = await queryAll({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': range.pk, ':p': range.skPrefix } });
  return items.map((i) => couponDefinitionEntity.fromItem<CouponDefinition>(i));
};

/** Issues a coupon; false when the (random) code already exists for this patient. */
export const putCoupon = async (tenantId: string, coupon: Coupon): Promise<boolean> => {
  try {
    await documentClient.send(new PutCommand({ TableName: tableName, Item: { ...couponEntity.key({ tenantId, patientId: coupon.patientId, code: coupon.code }), type: couponEntity.type, ...coupon }, ConditionExpression: 'attribute_not_exists(pk)' }));
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
};

export const getCoupon = async (tenantId: string, patientId: string, code: string): Promise<Coupon | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: couponEntity.key({ tenantId, patientId, code }), ConsistentRead: true }));
  return Item ? couponEntity.fromItem<Coupon>(Item) : undefined;
};

export const listCoupons = async (tenantId: string, patientId: string): Promise<Coupon[]> => {
  const range = couponEntity.range({ tenantId, patientId });
  const items = await queryAll({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': range.pk, ':p': range.skPrefix } });
  return items.map((i) => couponEntity.fromItem<Coupon>(i));
};

/** Part of the checkout: marks the coupon used by this visit, only if still unused and unexpired. */
export const couponRedeemItem = (tenantId: string, patientId: string, redemption: { code: string; visitId: string; at: string; day: string }): TransactItem => ({
  Update: {
    TableName: tableName,
    Key: couponEntity.key({ tenantId, patientId, code: redemption.code }),
    UpdateExpression: 'SET #s = :redeemed, redeemedAt = :at, visitId = :visitId',
    ConditionExpression: 'attribute_exists(pk) AND #s = :issued AND expiresOn >= :day',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':redeemed': 'redeemed', ':issued': 'issued', ':at': redemption.at, ':visitId': redemption.visitId, ':day': redemption.day },
  },
});

/** Part of a visit's void: the coupon it used is usable again (until its own expiry). */
export const couponReturnItem = (tenantId: string, patientId: string, code: string, visitId: string): TransactItem => ({
  Update: {
    TableName: tableName,
    Key: couponEntity.key({ tenantId, patientId, code }),
    UpdateExpression: 'SET #s = :issued REMOVE redeemedAt, visitId',
    ConditionExpression: '#s = :redeemed AND visitId = :visitId',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':redeemed': 'redeemed', ':issued': 'issued', ':visitId': visitId },
  },
});

/** No more issued from this definition; coupons already issued keep their frozen terms. */
export const deactivateCouponDefinition = async (tenantId: string, definitionId: string, input: { by: string; at: string }): Promise<CouponDefinition | undefined> => {
  try {
    const { Attributes } = await documentClient.send(new UpdateCommand({
      TableName: tableName,
      Key: couponDefinitionEntity.key({ tenantId, definitionId }),
      UpdateExpression: 'SET active = :no, deactivatedBy = :by, deactivatedAt = :at',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':no': false, ':by': input.by, ':at': input.at },
      ReturnValues: 'ALL_NEW',
    }));
    return Attributes ? couponDefinitionEntity.fromItem<CouponDefinition>(Attributes) : undefined;
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return undefined;
    throw error;
  }
};
