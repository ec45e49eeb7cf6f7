/**
 * Which channel carries a message (issue 14): the chain's routing lists, per purpose, the channels
 * it prefers in order; the first one that may carry this message to this patient now wins. A
 * channel is passed over, with its reason kept for the ledger, when its provider refuses the
 * purpose, the patient has not subscribed there, marketing would reach a non-member or fall in
 * the provider's quiet hours, no approved template serves the purpose, or the number has reached
 * the provider's daily cap. The send decision (consent, suppression, window, budget, occasion)
 * is taken before, as for every message; routing only picks the carrier.
 */
import { isMarketingPurpose, type MessagePurpose } from '../messaging/purposes.js';
import { inQuietHours, providerRules, type Channel } from './provider-rules.js';
import type { ChannelTemplate } from './template-registry.js';

export type Routing = Readonly<Partial<Record<MessagePurpose, readonly Channel[]>>>;

/** Today's behaviour for a chain that set nothing: every purpose by SNS. */
export const defaultRouting: Routing = {};

export type PassReason = 'provider-forbids-purpose' | 'not-subscribed' | 'members-only' | 'provider-quiet-hours' | 'no-approved-template' | 'daily-cap' | 'no-phone';

export type RouteFacts = {
  purpose: MessagePurpose;
  hasPhone: boolean;
  wechatSubscribed: boolean;
  activeMember: boolean;
  /** the hour in the clinic's zone */
  localHour: number;
  /** messages this number received today per channel (for the providers' caps) */
  sentToNumberToday: Readonly<Partial<Record<Channel, number>>>;
};

export type RouteDecision =
  | { kind: 'route'; channel: Channel; template?: ChannelTemplate; passedOver: { channel: Channel; reason: PassReason }[] }
  | { kind: 'none'; passedOver: { channel: Channel; reason: PassReason }[] };

const passReason = (channel: Channel, facts: RouteFacts, template: ChannelTemplate | undefined): PassReason | undefined => {
  const rule = providerRules[channel];
  const marketing = isMarketingPurpose(facts.purpose);
  if (rule.forbiddenPurposes.includes(facts.purpose)) return 'provider-forbids-purpose';
  if (channel === 'wechat' ? !facts.wechatSubscribed : !facts.hasPhone) return channel === 'wechat' ? 'not-subscribed' : 'no-phone';
  if (marketing && rule.marketingMembersOnly && !facts.activeMember) return 'members-only';
  if (marketing && rule.marketingQuietHours && inQuietHours(facts.localHour, rule.marketingQuietHours)) return 'provider-quiet-hours';
  if (rule.templateOnly && !template) return 'no-approved-template';
  if (rule.dailyCapPerNumber !== undefined && (facts.sentToNumberToday[channel] ?? 0) >= rule.dailyCapPerNumber) return 'daily-cap';
  return undefined;
};

export const routeMessage = (routing: Routing, templates: readonly ChannelTemplate[], facts: RouteFacts): RouteDecision => {
  const passedOver: { channel: Channel; reason: PassReason }[] = [];
  for (const channel of routing[facts.purpose] ?? ['sns']) {
    const template = templates.find((t) => t.channel === channel && t.status === 'approved' && t.purposes.includes(facts.purpose));
    const reason = passReason(channel, facts, template);
    if (reason === undefined) return { kind: 'route', channel, ...(template ? { template } : {}), passedOver };
    passedOver.push({ channel, reason });
  }
  return { kind: 'none', passedOver };
};
