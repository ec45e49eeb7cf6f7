/**
 * The send pipeline's two steps around the publish (send-pipeline.ts): taking the number's place
 * beside the ledger claim, and handing the message to its carrier. Apart so the pipeline reads as
 * its decision, in order.
 */
import { providerRules, type Channel } from '../../shared/domain/channels/provider-rules.js';
import type { ProviderOutcome } from '../../shared/domain/channels/provider-outcomes.js';
import { purposeRules } from '../../shared/domain/messaging/purposes.js';
import type { PatientRecord } from '../../shared/domain/patient.js';
import { takeDailyPlace } from '../adapters/dynamo/number-cap-repository.js';
import { claimPhoneContact, type PhoneContacts } from '../adapters/dynamo/phone-contacts-repository.js';
import { claimPhoneOccasion } from '../adapters/dynamo/phone-occasion-repository.js';
import type { SmsRequest } from '../adapters/notifier.js';
import { rememberProviderMessage } from '../adapters/dynamo/provider-message-repository.js';
import { logger } from '../adapters/logger.js';
import type { ChannelRoute } from './channel-route.js';
import type { Publisher, SendRequest } from './send-pipeline.js';

export type Handed = { ok: true; messageId: string; channel: { channel?: Channel } } | { ok: false; reason: string; retryable: boolean; channel: { channel?: Channel } };

/**
 * Hands the message to its carrier: SNS with the rendered text (today's behaviour), or a provider
 * with the template and its values. A refusal is retried only when a later try can succeed.
 */
export const handOver = async (route: ChannelRoute, message: { tenantId: string; sms: SmsRequest; publish: Publisher; patient: PatientRecord; values: Record<string, string>; reference: string; day: string }): Promise<Handed> => {
  if (route.kind !== 'template') {
    try {
      return { ok: true, messageId: (await message.publish(message.tenantId, message.sms)).messageId, channel: {} };
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.name : 'publish failed', retryable: true, channel: {} };
    }
  }
  const channel = { channel: route.channel };
  const { patient } = message;
  // A value the template asks for and this message lacks (the template changed after the setup
  // check): a clear failure, never a parameter sent empty.
  const missing = route.template.params.find((p) => !message.values[p.name]?.trim());
  if (missing) return { ok: false, reason: `${route.channel}: missing-parameter (${missing.name})`, retryable: false, channel };
  // The provider's cap per number and day, counted before the call: over it, the message is kept back here, not refused there.
  const cap = providerRules[route.channel].dailyCapPerNumber;
  if (cap !== undefined && !(await takeDailyPlace(message.tenantId, patient.phone, route.channel, message.day, cap))) {
    return { ok: false, reason: `${route.channel}: daily-cap`, retryable: false, channel };
  }
  const answer = await route.publish({ phone: patient.phone, ...(patient.wechatOpenId ? { wechatOpenId: patient.wechatOpenId } : {}), template: route.template, values: message.values, reference: message.reference })
    .catch((error: unknown): ProviderOutcome => ({ kind: 'refused', code: error instanceof Error ? error.name : 'network', reason: 'provider-error', retryable: true }));
  if (answer.kind === 'accepted') {
    if (providerRules[route.channel].reportsByProviderId && answer.providerMessageId !== '') await rememberForReports(message.tenantId, { channel: route.channel, providerMessageId: answer.providerMessageId, reference: message.reference, at: new Date() });
    return { ok: true, messageId: answer.providerMessageId, channel };
  }
  return { ok: false, reason: `${route.channel}: ${answer.reason} (${answer.code})`, retryable: answer.retryable, channel };
};

/**
 * Where the provider's id leads its delivery report. Sent already: a failed put must not turn the
 * message into a failure (it would be retried and sent twice); its report then finds nothing.
 */
const rememberForReports = async (tenantId: string, message: Parameters<typeof rememberProviderMessage>[1]): Promise<void> => {
  try {
    await rememberProviderMessage(tenantId, message);
  } catch (error) {
    logger.warn('provider message id not kept: its delivery report will not be matched', { channel: message.channel, errorName: error instanceof Error ? error.name : 'unknown' });
  }
};

/**
 * The number's place for this message, taken beside the ledger claim: a marketing message takes
 * a place among the number's marketing contacts (the budget and one per number per day, decided
 * again on the item as written), a care message for one per number (recall) its day's claim.
 * Undefined when taken; otherwise why not.
 */
export const claimNumber = async (request: SendRequest, phone: string, phoneDay: string, options: { now: Date; budget: number; read: PhoneContacts }): Promise<'shared-phone' | 'budget' | undefined> => {
  const rules = purposeRules[request.purpose];
  if (rules.marketing) {
    const contactRequest = { patientId: request.patientId, purpose: request.purpose, occasion: request.occasion, day: phoneDay, onePerPhone: rules.onePerPhone, budget: options.budget, now: options.now };
    const claimed = await claimPhoneContact(request.tenantId, phone, contactRequest, options.read);
    return claimed.kind === 'skip' ? claimed.reason : undefined;
  }
  if (!rules.onePerPhone) return undefined;
  return (await claimPhoneOccasion(request, phone, phoneDay, options.now.toISOString())) ? undefined : 'shared-phone';
};

