/**
 * The code a patient's WeChat QR carries (issue 14): the clinic shows a QR made for that patient
 * (wechat-subscription.ts, createFollowQr); scanning it follows the chain's Official Account and
 * WeChat pushes the code back with the patient's openid (shared/domain/channels/wechat-events.ts).
 * The code names the patient and is sealed with an HMAC under the API's secret for this chain, so
 * it cannot be made for another patient or chain. At most 64 characters (WeChat's scene_str).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { derivedKey } from '../api-secret.js';

const seal = (tenantId: string, patientId: string): string =>
  createHmac('sha256', derivedKey('smileloop.wechat-binding')).update(`bind.v1|${tenantId}|${patientId}`).digest('base64url').slice(0, 16);

export const bindingCode = (tenantId: string, patientId: string): string => `b.${patientId}.${seal(tenantId, patientId)}`;

/** The patient a code names, when it was made for this chain; undefined otherwise. */
export const patientOfBindingCode = (tenantId: string, code: string): string | undefined => {
  const match = /^b\.([0-9A-Z]{26})\.([A-Za-z0-9_-]{16})$/.exec(code);
  if (!match) return undefined;
  const [, patientId = '', given = ''] = match;
  const expected = Buffer.from(seal(tenantId, patientId));
  return timingSafeEqual(expected, Buffer.from(given)) ? patientId : undefined;
};
