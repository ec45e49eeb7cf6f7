/**
 * A local stand-in for the WeChat Official Account API, for tests and the twin: /cgi-bin/
 * stable_token checks the app id and secret and issues a token (which a test may expire), and
 * /cgi-bin/message/subscribe/bizsend checks the token, the template (registered, with its keys),
 * each value's length (thing ≤ 20 characters) and that the openid holds a subscription, using one
 * up unless it is long-term. Answers with WeChat's errcodes; records what it accepted.
 */
import { randomUUID } from 'node:crypto';
import { startFakeServer, type FakeAnswer, type FakeServer } from './fake-server.js';

export type WechatFakeOptions = {
  appId: string;
  appSecret: string;
  /** template id → its data keys */
  templates: Readonly<Record<string, readonly string[]>>;
  /** openid → one-time subscriptions left per template id, or 'long-term' */
  subscriptions: Map<string, Map<string, number | 'long-term'>>;
};

export type WechatAccepted = { msgid: number; openId: string; templateId: string; data: Record<string, string> };

export const startWechatFake = async (options: WechatFakeOptions): Promise<FakeServer & { accepted: WechatAccepted[]; qrs: { ticket: string; scene: string }[]; expireTokens: () => void }> => {
  const accepted: WechatAccepted[] = [];
  const qrs: { ticket: string; scene: string }[] = [];
  const tokens = new Set<string>();
  const err = (errcode: number, errmsg: string): FakeAnswer => ({ status: 200, json: { errcode, errmsg } });
  const send = (query: URLSearchParams, body: string): FakeAnswer => {
    if (!tokens.has(query.get('access_token') ?? '')) return err(40001, 'invalid credential, access_token is invalid or not latest');
    const notice = JSON.parse(body) as { touser?: string; template_id?: string; data?: Record<string, { value?: string }> };
    const keys = options.templates[notice.template_id ?? ''];
    if (!keys) return err(40037, 'invalid template_id');
    const data = Object.fromEntries(Object.entries(notice.data ?? {}).map(([k, v]) => [k, String(v.value ?? '')]));
    if (keys.some((k) => data[k] === undefined) || Object.entries(data).some(([k, v]) => k.startsWith('thing') && [...v].length > 20)) return err(47003, 'argument invalid! data.thing.value invalid');
    const left = options.subscriptions.get(notice.touser ?? '')?.get(notice.template_id ?? '');
    if (left === undefined || left === 0) return err(43101, 'user refuse to accept the msg');
    if (left !== 'long-term') options.subscriptions.get(notice.touser ?? '')?.set(notice.template_id ?? '', left - 1);
    const msgid = accepted.length + 1;
    accepted.push({ msgid, openId: notice.touser ?? '', templateId: notice.template_id ?? '', data });
    return { status: 200, json: { errcode: 0, errmsg: 'ok', msgid } };
  };
  /** QR_STR_SCENE as documented: a scene string of 1 to 64 characters, at most 30 days. */
  const followQr = (query: URLSearchParams, body: string): FakeAnswer => {
    if (!tokens.has(query.get('access_token') ?? '')) return err(40001, 'invalid credential, access_token is invalid or not latest');
    const ask = JSON.parse(body) as { expire_seconds?: number; action_name?: string; action_info?: { scene?: { scene_str?: string } } };
    const scene = ask.action_info?.scene?.scene_str ?? '';
    if (ask.action_name !== 'QR_STR_SCENE' || scene.length < 1 || scene.length > 64 || (ask.expire_seconds ?? 0) > 2_592_000) return err(40097, 'invalid args');
    const ticket = randomUUID();
    qrs.push({ ticket, scene });
    return { status: 200, json: { ticket, expire_seconds: ask.expire_seconds, url: `http://weixin.qq.com/q/${ticket.slice(0, 22)}` } };
  };
  const server = await startFakeServer(({ method, path, body }) => {
    const url = new URL(path, 'http://fake');
    if (method === 'POST' && url.pathname === '/cgi-bin/stable_token') {
      const ask = JSON.parse(body) as { grant_type?: string; appid?: string; secret?: string };
      if (ask.grant_type !== 'client_credential' || ask.appid !== options.appId || ask.secret !== options.appSecret) return err(40125, 'invalid appsecret');
      const token = randomUUID();
      tokens.add(token);
      return { status: 200, json: { access_token: token, expires_in: 7200 } };
    }
    if (method === 'POST' && url.pathname === '/cgi-bin/message/subscribe/bizsend') return send(url.searchParams, body);
    if (method === 'POST' && url.pathname === '/cgi-bin/qrcode/create') return followQr(url.searchParams, body);
    return { status: 404, json: { errcode: 404, errmsg: 'not found' } };
  });
  return { ...server, accepted, qrs, expireTokens: () => tokens.clear() };
};
