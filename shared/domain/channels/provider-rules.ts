/**
 * What each channel allows, as data the owner is shown and the router obeys (issue 14). SNS is
 * today's behaviour: any purpose, free text. The mainland providers send only pre-approved
 * templates: Tencent Cloud SMS refuses medical content and "user recall" in every message type,
 * so recall, reactivation and care messages may not go through it; Alibaba Cloud SMS sends
 * marketing only to members, never 20:00–08:00, with the refusal hint; a WeChat subscription
 * message goes only to a patient who subscribed to the chain's Official Account.
 */
import type { MessagePurpose } from '../messaging/purposes.js';

export const channels = ['sns', 'alibaba-sms', 'tencent-sms', 'wechat'] as const;
export type Channel = (typeof channels)[number];

export type ProviderRule = {
  /** sends only registered templates with parameters, never rendered text */
  templateOnly: boolean;
  /** purposes the provider's content rules refuse whatever the template */
  forbiddenPurposes: readonly MessagePurpose[];
  /** marketing only to patients holding an active membership */
  marketingMembersOnly: boolean;
  /** marketing never in these local hours: [start, end) wrapping midnight */
  marketingQuietHours?: { startHour: number; endHour: number };
  /** only to a patient who subscribed on this channel */
  needsSubscription: boolean;
  /** the provider's own cap of messages per number per local day (counted before the call) */
  dailyCapPerNumber?: number;
  /** a template parameter's longest value, in characters */
  parameterMaxLength?: number;
  /** its delivery reports name only the provider's own message id, not the reference we sent */
  reportsByProviderId?: boolean;
};

export const providerRules: Readonly<Record<Channel, ProviderRule>> = {
  sns: { templateOnly: false, forbiddenPurposes: [], marketingMembersOnly: false, needsSubscription: false },
  'alibaba-sms': { templateOnly: true, forbiddenPurposes: [], marketingMembersOnly: true, marketingQuietHours: { startHour: 20, endHour: 8 }, needsSubscription: false, dailyCapPerNumber: 10, parameterMaxLength: 35 },
  'tencent-sms': { templateOnly: true, forbiddenPurposes: ['recall', 'reactivation', 'care'], marketingMembersOnly: false, needsSubscription: false, dailyCapPerNumber: 10, parameterMaxLength: 12, reportsByProviderId: true },
  wechat: { templateOnly: true, forbiddenPurposes: [], marketingMembersOnly: false, needsSubscription: true, parameterMaxLength: 20, reportsByProviderId: true },
};

/** Whether a local hour falls in [start, end), where end may wrap past midnight. */
export const inQuietHours = (hour: number, quiet: { startHour: number; endHour: number }): boolean =>
  quiet.startHour <= quiet.endHour ? hour >= quiet.startHour && hour < quiet.endHour : hour >= quiet.startHour || hour < quiet.endHour;
