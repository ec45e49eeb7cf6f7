import { defineEntity } from './define-entity.js';
import { phonePartition } from './partitions.js';

/** A number whose owner replied T/TD/退订: no message to it, whichever record carries it. */
export const phoneSuppressionEntity = defineEntity({ type: 'phone-suppression', pk: phonePartition, sk: 'SUPPRESSED' });

/** One message per shared phone per occasion (families sharing a number). */
export const phoneOccasionEntity = defineEntity({ type: 'phone-occasion', pk: phonePartition, sk: 'MSG#{purpose}#{occasion}' });

/** The number's marketing contacts of the last 30 days (budget and one per number per day), with a version. */
export const phoneContactsEntity = defineEntity({ type: 'phone-contacts', pk: phonePartition, sk: 'MARKETING' });

/** Messages a provider carried to the number on a local day (its daily cap), kept three days. */
export const phoneDailyCountEntity = defineEntity({ type: 'phone-daily-count', pk: phonePartition, sk: 'DAY#{channel}#{day}' });

/**
 * A WeChat follower of the chain's Official Account, by openid: the patient their binding QR linked
 * them to, so an unfollow unlinks the right record (wechat-follower-repository.ts).
 */
export const wechatFollowerEntity = defineEntity({ type: 'wechat-follower', pk: 'T#{tenantId}#WX#{openId}', sk: 'FOLLOWER' });
