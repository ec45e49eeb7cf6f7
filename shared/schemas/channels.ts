/**
 * The chain's channel settings (issue 14): which providers it has (their public ids; secrets are
 * written once, kept in the secret store and never returned), its registered templates, and the
 * channels each purpose may go by, in order of preference.
 */
import * as z from 'zod';
import { messagePurposes } from '../domain/messaging/purposes.js';
import { templateVariables } from '../domain/messaging/template.js';
import { channels } from '../domain/channels/provider-rules.js';
import { smsSignatureSchema } from './org.js';

const code = (pattern: RegExp, what: string) => z.string().trim().regex(pattern, { error: `must be ${what}` });

export const channelTemplateSchema = z.strictObject({
  templateKey: code(/^[a-z0-9-]{1,40}$/, 'lowercase letters, digits or -, at most 40'),
  channel: z.enum(channels),
  providerCode: z.string().trim().min(1).max(64),
  status: z.enum(['pending', 'approved', 'rejected']),
  type: z.enum(['verification', 'notification', 'marketing']),
  // A parameter is filled from the message's own values (name, clinic, time…).
  params: z.array(z.strictObject({ name: z.enum(templateVariables), maxLength: z.int().min(1).max(500) })).max(10),
  purposes: z.array(z.enum(messagePurposes)).min(1).max(messagePurposes.length),
});

export const channelProvidersSchema = z.strictObject({
  'alibaba-sms': z.strictObject({ signName: smsSignatureSchema, accessKeyId: code(/^[A-Za-z0-9]{8,64}$/, 'the AccessKey ID (8–64 letters or digits)') }).optional(),
  'tencent-sms': z.strictObject({ signName: smsSignatureSchema, secretId: code(/^[A-Za-z0-9]{8,64}$/, 'the SecretId (8–64 letters or digits)'), sdkAppId: code(/^\d{6,12}$/, 'the SmsSdkAppId (digits)') }).optional(),
  wechat: z.strictObject({ appId: code(/^wx[0-9a-f]{16}$/, 'the Official Account AppID (wx + 16 hex digits)') }).optional(),
});

export const channelSettingsSchema = z.strictObject({
  providers: channelProvidersSchema.default({}),
  templates: z.array(channelTemplateSchema).max(100).default([]),
  routing: z.partialRecord(z.enum(messagePurposes), z.array(z.enum(channels)).min(1).max(channels.length)).default({}),
});

/** What an owner saves: the settings at the version read, and any provider secret to (re)place. */
export const channelSettingsUpdateSchema = z.strictObject({
  version: z.int().min(0),
  settings: channelSettingsSchema,
  secrets: z.partialRecord(z.enum(['alibaba-sms', 'tencent-sms', 'wechat']), z.string().min(8).max(200)).optional(),
});

export type ChannelSettings = z.infer<typeof channelSettingsSchema>;
export type StoredChannelSettings = {
  settings: ChannelSettings; version: number; secretsSet: string[]; updatedAt?: string;
  /** where each provider pushes delivery reports (under the API's base), as read by GET */
  receiptPaths?: Partial<Record<'alibaba-sms' | 'tencent-sms', string>>;
  replyPaths?: Partial<Record<'alibaba-sms' | 'tencent-sms', string>>;
  /** the Official Account's server URL (path) and Token, as the owner enters them in its console */
  wechatServer?: { path: string; token: string };
};
