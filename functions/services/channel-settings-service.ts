/**
 * Saving the chain's channel settings (issue 14): refused with every problem named (a template
 * the provider would refuse, a purpose routed where no approved template serves it, a provider
 * without its secret), secrets written to the secret store first (a crash then leaves a secret
 * unused, never settings pointing at a missing one), then the settings at the version read.
 */
import { channelSettingsProblems } from '../../shared/domain/channels/settings-check.js';
import { automationSetupProblems } from '../../shared/domain/channels/setup-values.js';
import { getAutomationSettings } from '../adapters/dynamo/automation-settings-repository.js';
import { DomainError, invalidFields } from '../../shared/domain/errors.js';
import type { FieldErrorCode } from '../../shared/schemas/error-codes.js';
import type { ChannelSettings, StoredChannelSettings } from '../../shared/schemas/channels.js';
import { getChannelSettings, saveChannelSettings } from '../adapters/dynamo/channel-settings-repository.js';
import { putProviderSecret, type SecretChannel } from '../adapters/secrets/provider-secrets.js';
import { forgetChannelSettings } from './channel-route.js';
import { receiptPath, replyPath, wechatEventsPath } from '../adapters/channels/receipt-token.js';

export type ChannelSettingsUpdate = { version: number; settings: ChannelSettings; secrets?: Partial<Record<SecretChannel, string>> };

const secretChannels: readonly SecretChannel[] = ['alibaba-sms', 'tencent-sms', 'wechat'];

export const saveChannelSettingsOf = async (tenantId: string, update: ChannelSettingsUpdate, by: string, now: Date): Promise<StoredChannelSettings> => {
  const current = await getChannelSettings(tenantId);
  const given = secretChannels.filter((c) => update.secrets?.[c] !== undefined);
  const secretsSet = secretChannels.filter((c) => update.settings.providers[c] !== undefined && (given.includes(c) || current.secretsSet.includes(c)));
  const problems = channelSettingsProblems(update.settings).map((p) => ({ path: `settings.${p.field}`, message: p.reason, code: p.code as FieldErrorCode }));
  // An automation already on, whose new template would ask for the offer it does not have.
  const automations = (await getAutomationSettings(tenantId)).settings;
  for (const p of automationSetupProblems(automations, update.settings)) {
    problems.push({ path: `settings.routing.${p.purpose}`, message: `${p.reason}: set the offer in the automations first`, code: p.code as FieldErrorCode });
  }
  for (const channel of secretChannels) {
    if (update.settings.providers[channel] !== undefined && !secretsSet.includes(channel)) problems.push({ path: `secrets.${channel}`, message: `${channel} needs its secret to send`, code: 'channel.provider_missing' });
    if (given.includes(channel) && update.settings.providers[channel] === undefined) problems.push({ path: `secrets.${channel}`, message: `${channel} is not set up for this chain`, code: 'channel.provider_missing' });
  }
  if (problems.length > 0) throw invalidFields(problems);
  // A stale save is refused before any secret is replaced: nothing is half-written by a 409.
  if (current.version !== update.version) {
    throw new DomainError('conflict', 'The channel settings were changed by someone else since you opened them; reload and save again', [{ path: 'version', message: 'is not the current version', code: 'conflict.changed' }]);
  }
  for (const channel of given) await putProviderSecret(tenantId, channel, update.secrets?.[channel] ?? '');
  const saved = await saveChannelSettings(tenantId, { settings: update.settings, version: update.version, secretsSet, updatedAt: now.toISOString() }, update.version, by);
  forgetChannelSettings(tenantId);
  return saved;
};

/** The settings as the owner's screen reads them: with the address each provider pushes its delivery reports to. */
/** The settings as the owner reads them, with the addresses to register at each SMS provider: its reports and its patients' replies. */
export const presentChannelSettings = (tenantId: string, stored: StoredChannelSettings): StoredChannelSettings => ({
  ...stored,
  receiptPaths: { 'alibaba-sms': receiptPath(tenantId, 'alibaba-sms'), 'tencent-sms': receiptPath(tenantId, 'tencent-sms') },
  replyPaths: { 'alibaba-sms': replyPath(tenantId, 'alibaba-sms'), 'tencent-sms': replyPath(tenantId, 'tencent-sms') },
  // The Official Account's server settings: this URL, and its last part as the Token (plaintext mode).
  wechatServer: { path: wechatEventsPath(tenantId), token: wechatEventsPath(tenantId).split('/').pop() ?? '' },
});
