/**
 * Linking a patient's record to the openid that followed the chain's Official Account through the
 * patient's QR, and unlinking when that WeChat user unfollows. One openid may be linked to several
 * records (a parent scans the children's QRs): the follower item keeps them all, so an unfollow
 * unlinks each. Updates and puts only: the public function may do nothing else.
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.js';
import { writeIf } from './conditional-write.js';
import { patientEntity } from './entities/patient.js';
import { wechatFollowerEntity } from './entities/phone.js';

/** Links the record (a record merged away, gone, or linked to another openid is not linked: false). */
export const linkWechatFollower = async (tenantId: string, patientId: string, openId: string, at: string): Promise<boolean> => {
  const linked = await writeIf(() => documentClient.send(new UpdateCommand({
    TableName: tableName,
    Key: patientEntity.key({ tenantId, patientId }),
    UpdateExpression: 'SET wechatOpenId = :openId',
    // Never a silent takeover: a record linked to another WeChat keeps it until that one unfollows
    // (or staff unlink it); a photo of someone's QR scanned elsewhere links nothing.
    ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(mergedInto) AND (attribute_not_exists(wechatOpenId) OR wechatOpenId = :openId)',
    ExpressionAttributeValues: { ':openId': openId },
  })));
  if (!linked) return false;
  await documentClient.send(new UpdateCommand({
    TableName: tableName,
    Key: wechatFollowerEntity.key({ tenantId, openId }),
    UpdateExpression: 'SET #type = :type, linkedAt = :at ADD patientIds :ids REMOVE unlinkedAt',
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: { ':type': wechatFollowerEntity.type, ':at': at, ':ids': new Set([patientId]) },
  }));
  return true;
};

/** Unlinks every record the openid was linked to; a record since linked to another openid keeps it. Returns how many. */
export const unlinkWechatFollower = async (tenantId: string, openId: string, at: string): Promise<number> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: wechatFollowerEntity.key({ tenantId, openId }), ConsistentRead: true }));
  const patientIds = Item?.patientIds instanceof Set ? [...(Item.patientIds as Set<string>)] : [];
  let unlinked = 0;
  for (const patientId of patientIds) {
    const removed = await writeIf(() => documentClient.send(new UpdateCommand({
      TableName: tableName,
      Key: patientEntity.key({ tenantId, patientId }),
      UpdateExpression: 'REMOVE wechatOpenId',
      ConditionExpression: 'wechatOpenId = :openId',
      ExpressionAttributeValues: { ':openId': openId },
    })));
    if (removed) unlinked += 1;
  }
  if (Item) {
    await documentClient.send(new UpdateCommand({ TableName: tableName, Key: wechatFollowerEntity.key({ tenantId, openId }), UpdateExpression: 'SET unlinkedAt = :at REMOVE patientIds', ExpressionAttributeValues: { ':at': at } }));
  }
  return unlinked;
};
