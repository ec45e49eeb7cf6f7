/**
 * WeChat subscription notices from the chain's Official Account (公众号订阅通知), through the
 * documented HTTP API: a stable access token from /cgi-bin/stable_token (kept until a minute
 * before it expires, renewed once when the service calls it invalid), then /cgi-bin/message/
 * subscribe/bizsend with the patient's openid, the template id and its `data` values. Only a
 * patient who subscribed gets one (errcode 43101 otherwise: recorded, not retried).
 */
import { refusalOf, wechatRefusals, type ProviderOutcome } from '../../../shared/domain/channels/provider-outcomes.js';
import { transportRefusal } from './template-sms.js';

export type WechatConfig = { appId: string; appSecret: string; endpoint?: string };
export type SubscriptionNotice = { openId: string; templateId: string; data: readonly { name: string; value: string }[]; page?: string };
export type WechatDeps = { now?: Date; fetch?: typeof fetch };

export const wechatEndpoint = 'https://api.weixin.qq.com/';
const expiredToken = new Set([40001, 42001]);

type TokenAnswer = { access_token?: string; expires_in?: number; errcode?: number };
type SendAnswer = { errcode?: number; errmsg?: string; msgid?: number | string };

/** The account's stable access token, kept until a minute before it expires (several callers may share it: WeChat's "stable" token does not invalidate the others). */
const accessTokenOf = (config: WechatConfig) => {
  const base = config.endpoint ?? wechatEndpoint;
  let token: { value: string; until: number } | undefined;
  return async (deps: WechatDeps, forceRefresh: boolean): Promise<string | ProviderOutcome> => {
    const now = (deps.now ?? new Date()).getTime();
    if (token && !forceRefresh && now < token.until) return token.value;
    const response = await (deps.fetch ?? fetch)(new URL('cgi-bin/stable_token', base), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ grant_type: 'client_credential', appid: config.appId, secret: config.appSecret, force_refresh: forceRefresh }) });
    const answer = (await response.json().catch(() => undefined)) as TokenAnswer | undefined;
    if (!answer) return transportRefusal(response.status);
    if (!answer.access_token) return refusalOf(wechatRefusals, String(answer.errcode ?? 'token'));
    token = { value: answer.access_token, until: now + ((answer.expires_in ?? 7200) - 60) * 1000 };
    return token.value;
  };
};

const parseAnswer = (raw: string): SendAnswer | undefined => {
  try {
    return JSON.parse(raw) as SendAnswer;
  } catch {
    return undefined;
  }
};

/** WeChat's msgid is a 19-digit number: read as digits from the text, not through a double that would round it. */
const msgIdOf = (raw: string, answer: SendAnswer): string => /"msgid"\s*:\s*"?(\d+)"?/.exec(raw)?.[1] ?? (answer.msgid === undefined ? '' : String(answer.msgid));

export const wechatSubscriptionSender = (config: WechatConfig) => {
  const base = config.endpoint ?? wechatEndpoint;
  const accessToken = accessTokenOf(config);
  const post = async (notice: SubscriptionNotice, deps: WechatDeps, forceRefresh: boolean): Promise<ProviderOutcome | 'expired'> => {
    const got = await accessToken(deps, forceRefresh);
    if (typeof got !== 'string') return got;
    const url = new URL('cgi-bin/message/subscribe/bizsend', base);
    url.searchParams.set('access_token', got);
    const body = JSON.stringify({ touser: notice.openId, template_id: notice.templateId, ...(notice.page ? { page: notice.page } : {}), data: Object.fromEntries(notice.data.map((d) => [d.name, { value: d.value }])) });
    const response = await (deps.fetch ?? fetch)(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    const raw = await response.text().catch(() => '');
    const answer = parseAnswer(raw);
    if (!answer) return transportRefusal(response.status);
    if (answer.errcode === 0) return { kind: 'accepted', providerMessageId: msgIdOf(raw, answer) };
    if (expiredToken.has(answer.errcode ?? 0) && !forceRefresh) return 'expired';
    return refusalOf(wechatRefusals, String(answer.errcode));
  };
  return async (notice: SubscriptionNotice, deps: WechatDeps = {}): Promise<ProviderOutcome> => {
    const first = await post(notice, deps, false);
    if (first !== 'expired') return first;
    const second = await post(notice, deps, true);
    return second === 'expired' ? refusalOf(wechatRefusals, '40001') : second;
  };
};

export type FollowQr = { kind: 'qr'; ticket: string; content: string; expiresInSeconds: number };

/**
 * A temporary QR of the account carrying `sceneStr` (QR_STR_SCENE, /cgi-bin/qrcode/create, up to
 * 30 days; we ask for minutes): scanning it follows the account and WeChat pushes the scene back
 * with the openid.
 */
export const wechatFollowQr = (config: WechatConfig) => {
  const base = config.endpoint ?? wechatEndpoint;
  const accessToken = accessTokenOf(config);
  return async (sceneStr: string, options: { expiresInSeconds: number }, deps: WechatDeps = {}): Promise<FollowQr | ProviderOutcome> => {
    const got = await accessToken(deps, false);
    if (typeof got !== 'string') return got;
    const url = new URL('cgi-bin/qrcode/create', base);
    url.searchParams.set('access_token', got);
    const body = JSON.stringify({ expire_seconds: options.expiresInSeconds, action_name: 'QR_STR_SCENE', action_info: { scene: { scene_str: sceneStr } } });
    const response = await (deps.fetch ?? fetch)(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    const answer = (await response.json().catch(() => undefined)) as { ticket?: string; expire_seconds?: number; url?: string; errcode?: number } | undefined;
    if (!answer) return transportRefusal(response.status);
    if (!answer.ticket || !answer.url) return refusalOf(wechatRefusals, String(answer.errcode ?? 'qrcode'));
    return { kind: 'qr', ticket: answer.ticket, content: answer.url, expiresInSeconds: answer.expire_seconds ?? options.expiresInSeconds };
  };
};

/** Where WeChat serves the QR's image for a ticket. */
export const wechatQrImageUrl = (ticket: string): string => `https://mp.weixin.qq.com/cgi-bin/showqrcode?ticket=${encodeURIComponent(ticket)}`;
