/**
 * A patient's QR for the chain's WeChat Official Account (issue 14): the desk shows it, the patient
 * scans it, follows, and WeChat tells us which openid followed through whose QR (wechat-events.ts),
 * so subscription messages can reach them. Made through the account's API with the binding code of
 * this patient; valid half an hour.
 */
import type { Caller } from '../../shared/domain/access.js';
import { DomainError } from '../../shared/domain/errors.js';
import { bindingCode } from '../adapters/channels/wechat-binding.js';
import { channelEndpointEnv } from '../adapters/channels/channel-publishers.js';
import { wechatFollowQr, wechatQrImageUrl } from '../adapters/channels/wechat-subscription.js';
import { getChannelSettings } from '../adapters/dynamo/channel-settings-repository.js';
import { providerSecret } from '../adapters/secrets/provider-secrets.js';
import { readPatient } from './patient-service.js';

/**
 * The desk shows the QR to the patient in front of it: half an hour is enough, and a photo of it
 * taken away stops working soon. (A record already linked to another WeChat is not taken over by a
 * later scan: wechat-follower-repository.ts.)
 */
const qrLifetimeSeconds = 30 * 60;

export type WechatQr = { content: string; imageUrl: string; expiresAt: string; linked: boolean };

const notSetUp = () => new DomainError('conflict', 'The chain has no WeChat Official Account set up: the owner adds it under Channels', [{ path: 'wechat', message: 'is not set up for this chain', code: 'channel.provider_missing' }]);

export const wechatQrFor = async (caller: Caller, patientId: string, now = new Date()): Promise<WechatQr> => {
  const patient = await readPatient(caller, patientId);
  const wechat = (await getChannelSettings(caller.tenantId)).settings.providers.wechat;
  const secret = wechat ? await providerSecret(caller.tenantId, 'wechat') : undefined;
  if (!wechat || !secret) throw notSetUp();
  const endpoint = process.env[channelEndpointEnv.wechat] || undefined;
  const made = await wechatFollowQr({ appId: wechat.appId, appSecret: secret, ...(endpoint ? { endpoint } : {}) })(bindingCode(caller.tenantId, patient.patientId), { expiresInSeconds: qrLifetimeSeconds });
  if (made.kind !== 'qr') throw new DomainError('conflict', `WeChat did not make the QR (${made.kind === 'refused' ? made.code : made.kind}); check the account's AppID and secret under Channels`, [{ path: 'wechat', message: 'refused by WeChat', code: 'channel.provider_missing' }]);
  return { content: made.content, imageUrl: wechatQrImageUrl(made.ticket), expiresAt: new Date(now.getTime() + made.expiresInSeconds * 1000).toISOString(), linked: patient.wechatOpenId !== undefined };
};
