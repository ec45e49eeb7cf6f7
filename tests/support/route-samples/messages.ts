import type { StoredAutomationSettings } from '../../../shared/schemas/automations.js';
import type { RouteSamples } from './types.js';

export const messageSamples: RouteSamples = {
  'GET /automations': () => ({ path: '/automations' }),
  'PUT /automations': async (ctx) => {
    const current = await ctx.twin.api<StoredAutomationSettings>('GET', '/automations', { token: ctx.ownerToken });
    return { path: '/automations', body: { version: current.body.version, settings: current.body.settings } };
  },
  'GET /messages': () => ({ path: '/messages?purpose=appointment-reminder' }),
  'GET /patients/{patientId}/messages': (ctx) => ({ path: `/patients/${ctx.demoPatient.patientId}/messages` }),
  'GET /sms-replies/unmatched': () => ({ path: '/sms-replies/unmatched' }),
  // Free text: each call becomes one more front-desk task, never a change to the patient.
  'POST /dev/sms-replies': (ctx) => ({ path: '/dev/sms-replies', body: { from: ctx.demoPatient.phone, body: '下午能改到三点吗' } }),
};
