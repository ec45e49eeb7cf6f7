/**
 * Engagement samples. Requests that change state (resolve, answer, convert) set up a fresh
 * object first with the owner's token, so each call of a sample succeeds on its own. Complaints
 * are opened on fresh patients: an open complaint blocks marketing, and the shared demo patient
 * must stay reachable for other areas' samples.
 */
import type { Complaint, IntakeLink, LeadRouting, SurveyInvitation } from '../../../shared/schemas/engagement.js';
import type { StaffMember } from '../../../shared/schemas/org.js';
import type { Patient } from '../../../shared/schemas/patient.js';
import type { RouteSamples, SampleContext } from './types.js';

let n = 0;
const phone = () => `137${String(Date.now() % 1e4).padStart(4, '0')}${String(n++ % 1e4).padStart(4, '0')}`;

const expectCreated = <T>(res: { status: number; body: T }, what: string): T => {
  if (res.status !== 201) throw new Error(`sample setup: ${what} answered ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

const freshPatient = async (ctx: SampleContext): Promise<Patient> =>
  expectCreated(await ctx.twin.api<Patient>('POST', '/patients', { token: ctx.ownerToken, body: { name: '投诉样例', phone: phone(), clinicId: ctx.twin.demo.jinganId } }), 'patient');

const freshComplaint = async (ctx: SampleContext): Promise<Complaint> => {
  const patient = await freshPatient(ctx);
  const body = { patientId: patient.patientId, clinicId: ctx.twin.demo.jinganId, category: 'waiting-time', description: '候诊时间过长', severity: 'low' };
  return expectCreated(await ctx.twin.api<Complaint>('POST', '/complaints', { token: ctx.ownerToken, body }), 'complaint');
};

const freshSurveyToken = async (ctx: SampleContext): Promise<string> =>
  expectCreated(await ctx.twin.api<SurveyInvitation>('POST', `/patients/${ctx.demoPatient.patientId}/surveys`, { token: ctx.ownerToken, body: {} }), 'survey').token;

const freshIntakeLink = async (ctx: SampleContext): Promise<IntakeLink> =>
  expectCreated(await ctx.twin.api<IntakeLink>('POST', '/intake-links', { token: ctx.ownerToken, body: { clinicId: ctx.twin.demo.jinganId, label: '样例问卷' } }), 'intake link');
const freshIntakeToken = async (ctx: SampleContext): Promise<string> => (await freshIntakeLink(ctx)).token;

const intakeAnswer = () => ({
  name: '线索样例',
  phone: phone(),
  budget: 'over-20000',
  priority: 'privacy',
  interests: ['implant'],
  contactConsent: true,
  marketingConsent: false,
});

const freshLeadId = async (ctx: SampleContext): Promise<string> => {
  const link = await freshIntakeLink(ctx);
  const sent = await ctx.twin.api('POST', `/public/intake/${link.token}`, { body: intakeAnswer() });
  if (sent.status !== 200) throw new Error(`sample setup: intake answered ${sent.status}`);
  const leads = await ctx.twin.api<{ items: { leadId: string; linkId: string }[] }>('GET', `/leads?clinicId=${ctx.twin.demo.jinganId}&status=new&limit=10`, { token: ctx.ownerToken });
  const leadId = leads.body.items.find((l) => l.linkId === link.linkId)?.leadId;
  if (!leadId) throw new Error('sample setup: no new lead');
  return leadId;
};

const staffId = async (ctx: SampleContext, email: string): Promise<string> => {
  const staff = await ctx.twin.api<{ items: StaffMember[] }>('GET', '/staff', { token: ctx.ownerToken });
  const found = staff.body.items.find((s) => s.email === email);
  if (!found) throw new Error(`sample setup: no staff ${email}`);
  return found.userId;
};

const routingVersion = async (ctx: SampleContext): Promise<number> =>
  (await ctx.twin.api<LeadRouting>('GET', `/lead-routing?clinicId=${ctx.twin.demo.jinganId}`, { token: ctx.ownerToken })).body.version;

/** The chain's WeChat server address, signed as WeChat signs it (sha1 of the sorted token, timestamp, nonce). */
const signedWechatPath = async (ctx: SampleContext, extra: string): Promise<string> => {
  const { createHash } = await import('node:crypto');
  const { wechatEventsPath } = await import('../../../functions/adapters/channels/receipt-token.js');
  const path = wechatEventsPath(ctx.twin.demo.tenantId);
  const token = path.split('/').pop() ?? '';
  const timestamp = String(Math.floor(Date.now() / 1000));
  const nonce = 'n0nce';
  const signature = createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex');
  return `${path}?signature=${signature}&timestamp=${timestamp}&nonce=${nonce}${extra}`;
};

export const engagementSamples: RouteSamples = {
  'GET /complaints': (ctx) => ({ path: `/complaints?clinicId=${ctx.twin.demo.jinganId}&status=open` }),
  'POST /complaints': async (ctx) => ({
    path: '/complaints',
    body: { patientId: (await freshPatient(ctx)).patientId, clinicId: ctx.twin.demo.jinganId, category: 'billing', description: '收费与报价不一致', severity: 'medium' },
  }),
  'PATCH /complaints/{complaintId}': async (ctx) => ({
    path: `/complaints/${(await freshComplaint(ctx)).complaintId}`,
    body: { status: 'resolved', resolution: '已致电道歉并调整排班' },
  }),

  'POST /patients/{patientId}/surveys': (ctx) => ({ path: `/patients/${ctx.demoPatient.patientId}/surveys`, body: {} }),
  'GET /surveys': (ctx) => ({ path: `/surveys?clinicId=${ctx.twin.demo.jinganId}` }),
  'GET /public/surveys/{token}': async (ctx) => ({ path: `/public/surveys/${await freshSurveyToken(ctx)}` }),
  // An empty report batch at the demo chain's own receipt address: received, nothing to apply.
  'POST /channels/alibaba-sms/receipts/{tenantId}/{token}': async (ctx) => {
    const { receiptPath } = await import('../../../functions/adapters/channels/receipt-token.js');
    return { path: receiptPath(ctx.twin.demo.tenantId, 'alibaba-sms'), body: [] };
  },
  'POST /channels/tencent-sms/receipts/{tenantId}/{token}': async (ctx) => {
    const { receiptPath } = await import('../../../functions/adapters/channels/receipt-token.js');
    return { path: receiptPath(ctx.twin.demo.tenantId, 'tencent-sms'), body: [] };
  },
  // Replies from a number no patient of the demo chain has: kept as unmatched for the front desk.
  'POST /channels/alibaba-sms/replies/{tenantId}/{token}': async (ctx) => {
    const { replyPath } = await import('../../../functions/adapters/channels/receipt-token.js');
    return { path: replyPath(ctx.twin.demo.tenantId, 'alibaba-sms'), body: [] };
  },
  // WeChat's server check and a pushed event it signs (a text message: acknowledged, nothing to do).
  'GET /channels/wechat/events/{tenantId}/{token}': async (ctx) => ({ path: await signedWechatPath(ctx, '&echostr=ok-123') }),
  'POST /channels/wechat/events/{tenantId}/{token}': async (ctx) => ({
    path: await signedWechatPath(ctx, ''),
    rawBody: '<xml><ToUserName><![CDATA[gh_demo]]></ToUserName><FromUserName><![CDATA[o-sample-follower]]></FromUserName><CreateTime>1795408000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好]]></Content></xml>',
  }),
  'POST /channels/tencent-sms/replies/{tenantId}/{token}': async (ctx) => {
    const { replyPath } = await import('../../../functions/adapters/channels/receipt-token.js');
    return { path: replyPath(ctx.twin.demo.tenantId, 'tencent-sms'), body: { mobile: '13900009999', nationcode: '86', sign: '微笑口腔', text: '你好', time: 1795408000 } };
  },
  'POST /public/surveys/{token}': async (ctx) => ({ path: `/public/surveys/${await freshSurveyToken(ctx)}`, body: { score: 5, nps: 10 } }),

  'POST /intake-links': (ctx) => ({ path: '/intake-links', body: { clinicId: ctx.twin.demo.jinganId, label: '大众点评店铺页', channel: 'dianping' } }),
  'GET /intake-links': (ctx) => ({ path: `/intake-links?clinicId=${ctx.twin.demo.jinganId}` }),
  'GET /public/intake/{token}': async (ctx) => ({ path: `/public/intake/${await freshIntakeToken(ctx)}` }),
  'POST /public/intake/{token}': async (ctx) => ({ path: `/public/intake/${await freshIntakeToken(ctx)}`, body: intakeAnswer() }),
  'GET /leads': (ctx) => ({ path: `/leads?clinicId=${ctx.twin.demo.jinganId}` }),
  'POST /leads/{leadId}/convert': async (ctx) => ({ path: `/leads/${await freshLeadId(ctx)}/convert` }),
  'PUT /leads/{leadId}/assignee': async (ctx) => ({ path: `/leads/${await freshLeadId(ctx)}/assignee`, body: { userId: await staffId(ctx, 'frontdesk@demo.local'), version: 0 } }),
  'GET /lead-routing': (ctx) => ({ path: `/lead-routing?clinicId=${ctx.twin.demo.jinganId}` }),
  'PUT /lead-routing': async (ctx) => ({
    path: '/lead-routing',
    body: { clinicId: ctx.twin.demo.jinganId, seniorConsultants: [await staffId(ctx, 'manager@demo.local')], version: await routingVersion(ctx) },
  }),
};
