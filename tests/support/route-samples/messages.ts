import type { StoredAutomationSettings } from '../../../shared/schemas/automations.js';
import type { StoredChannelSettings } from '../../../shared/schemas/channels.js';
import type { ListedUnmatchedReply, SimulatedReply } from '../../../shared/schemas/sms-reply.js';
import type { RouteSamples, SampleContext } from './types.js';

let n = 0;
/** A reply from a number no patient has (177…), fresh for each call: it lands in the unmatched list. */
const freshUnmatchedReplyId = async (ctx: SampleContext): Promise<string> => {
  const from = `177${String(Date.now() % 1e4).padStart(4, '0')}${String(n++ % 1e4).padStart(4, '0')}`;
  const sent = await ctx.twin.api<SimulatedReply>('POST', '/dev/sms-replies', { token: ctx.ownerToken, body: { from, body: '请问周六营业吗' } });
  if (sent.body.outcome !== 'unmatched') throw new Error(`sample setup: the reply was ${sent.body.outcome}`);
  const list = await ctx.twin.api<{ items: ListedUnmatchedReply[] }>('GET', '/sms-replies/unmatched?limit=100', { token: ctx.ownerToken });
  const reply = list.body.items.find((r) => r.inboundMessageId === sent.body.inboundMessageId);
  if (!reply) throw new Error('sample setup: the unmatched reply is not listed');
  return reply.replyId;
};

export const messageSamples: RouteSamples = {
  'GET /automations': () => ({ path: '/automations' }),
  'PUT /automations': async (ctx) => {
    const current = await ctx.twin.api<StoredAutomationSettings>('GET', '/automations', { token: ctx.ownerToken });
    return { path: '/automations', body: { version: current.body.version, settings: current.body.settings } };
  },
  'GET /channel-settings': () => ({ path: '/channel-settings' }),
  // Saving what is there again: the sample changes nothing a later test relies on.
  'PUT /channel-settings': async (ctx) => {
    const current = await ctx.twin.api<StoredChannelSettings>('GET', '/channel-settings', { token: ctx.ownerToken });
    return { path: '/channel-settings', body: { version: current.body.version, settings: current.body.settings } };
  },
  'POST /dev/channel-preset': () => ({ path: '/dev/channel-preset' }),
  'GET /messages': () => ({ path: '/messages?purpose=appointment-reminder' }),
  'GET /patients/{patientId}/messages': (ctx) => ({ path: `/patients/${ctx.demoPatient.patientId}/messages` }),
  'GET /sms-replies/unmatched': () => ({ path: '/sms-replies/unmatched' }),
  // Free text: each call becomes one more front-desk task, never a change to the patient.
  'POST /dev/sms-replies': (ctx) => ({ path: '/dev/sms-replies', body: { from: ctx.demoPatient.phone, body: '下午能改到三点吗' } }),
  'POST /sms-replies/unmatched/{replyId}/assign': async (ctx) => ({ path: `/sms-replies/unmatched/${await freshUnmatchedReplyId(ctx)}/assign`, body: { patientId: ctx.demoPatient.patientId } }),
  'POST /sms-replies/unmatched/{replyId}/dismiss': async (ctx) => ({ path: `/sms-replies/unmatched/${await freshUnmatchedReplyId(ctx)}/dismiss` }),
};
