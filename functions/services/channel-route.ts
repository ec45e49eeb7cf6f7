/**
 * Which channel carries a message that is to go (issue 14): the chain's routing for the purpose,
 * decided on the patient (WeChat subscription, membership for members-only marketing) and the
 * clinic's hour. The settings are read once a minute per container (at once after a save in
 * this one), so a job's messages cost no extra read; a chain that set nothing goes by SNS.
 */
import { routeMessage, type PassReason } from '../../shared/domain/channels/routing.js';
import { providerRules, type Channel } from '../../shared/domain/channels/provider-rules.js';
import type { ChannelTemplate } from '../../shared/domain/channels/template-registry.js';
import { isMarketingPurpose, type MessagePurpose } from '../../shared/domain/messaging/purposes.js';
import type { PatientRecord } from '../../shared/domain/patient.js';
import type { StoredChannelSettings } from '../../shared/schemas/channels.js';
import { getChannelSettings } from '../adapters/dynamo/channel-settings-repository.js';
import { tableName } from '../adapters/dynamo/client.js';
import { cardsOfPatient } from '../adapters/dynamo/membership-repository.js';
import { templatePublishers, type TemplatePublisher } from '../adapters/channels/channel-publishers.js';

const cacheMs = 60_000;
const cache = new Map<string, { until: number; stored: Promise<StoredChannelSettings> }>();

/** Per table as well as per chain: the twin's test files share one process, each with tables of its own. */
const cacheKey = (tenantId: string): string => `${tableName}|${tenantId}`;

export const channelSettingsFor = (tenantId: string): Promise<StoredChannelSettings> => {
  const key = cacheKey(tenantId);
  const hit = cache.get(key);
  if (hit && Date.now() < hit.until) return hit.stored;
  const stored = getChannelSettings(tenantId);
  cache.set(key, { until: Date.now() + cacheMs, stored });
  stored.catch(() => cache.delete(key));
  return stored;
};

/** After a save in this container: the next message reads the new settings. */
export const forgetChannelSettings = (tenantId: string): void => void cache.delete(cacheKey(tenantId));

export type ChannelRoute =
  | { kind: 'sns' }
  | { kind: 'template'; channel: Exclude<Channel, 'sns'>; template: ChannelTemplate; publish: TemplatePublisher }
  | { kind: 'none'; passedOver: { channel: Channel; reason: PassReason }[] };

const needsMembership = (stored: StoredChannelSettings, purpose: MessagePurpose): boolean =>
  isMarketingPurpose(purpose) && (stored.settings.routing[purpose] ?? []).some((c) => providerRules[c].marketingMembersOnly);

const isActiveMember = async (tenantId: string, patientId: string, today: string): Promise<boolean> =>
  (await cardsOfPatient(tenantId, patientId)).some((c) => c.membership.status === 'active' && c.membership.endDate >= today);

export const routeFor = async (tenantId: string, purpose: MessagePurpose, patient: PatientRecord, context: { localHour: number; today: string }): Promise<ChannelRoute> => {
  const stored = await channelSettingsFor(tenantId);
  if (!stored.settings.routing[purpose]) return { kind: 'sns' };
  const activeMember = needsMembership(stored, purpose) ? await isActiveMember(tenantId, patient.patientId, context.today) : false;
  const decision = routeMessage(stored.settings.routing, stored.settings.templates, {
    purpose, hasPhone: patient.phone !== '', wechatSubscribed: patient.wechatOpenId !== undefined, activeMember, localHour: context.localHour, sentToNumberToday: {},
  });
  if (decision.kind === 'none') return decision;
  if (decision.channel === 'sns' || !decision.template) return { kind: 'sns' };
  const publish = (await templatePublishers(tenantId, stored))[decision.channel];
  if (!publish) return { kind: 'none', passedOver: [...decision.passedOver, { channel: decision.channel, reason: 'no-approved-template' }] };
  return { kind: 'template', channel: decision.channel, template: decision.template, publish };
};
