/**
 * A valid request for each foundation route (shared/routes.ts), built against the demo chain.
 * Together with `areaSamples` it covers the whole route table; requests that retire an object
 * (merge) set up a fresh one first with the owner's token.
 */
import type { StoredChannelSettings } from '../../../shared/schemas/channels.js';
import type { StaffMember } from '../../../shared/schemas/org.js';
import type { Patient } from '../../../shared/schemas/patient.js';
import type { RouteSamples, SampleContext } from './types.js';
import { totpSamples } from './totp-samples.js';

let counter = 0;
/** The version a record reads at now: a change sends it back (invariant 11). */
const versionOf = async (ctx: SampleContext, path: string): Promise<number> => (await ctx.twin.api<{ version: number }>('GET', path, { token: ctx.ownerToken })).body.version;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

/** A new desk member of 静安店, invited by the owner: the staff screen's changes act on them. */
const freshStaff = async (ctx: SampleContext): Promise<StaffMember> => {
  const body = { email: `staff-${unique()}@demo.local`, displayName: '新员工', role: 'frontdesk', clinicIds: [ctx.twin.demo.jinganId] };
  return (await ctx.twin.api<StaffMember>('POST', '/staff', { token: ctx.ownerToken, body })).body;
};

const disabledStaff = async (ctx: SampleContext): Promise<StaffMember> => {
  const staff = await freshStaff(ctx);
  return (await ctx.twin.api<StaffMember>('POST', `/staff/${staff.userId}/disable`, { token: ctx.ownerToken, body: { version: staff.version ?? 0 } })).body;
};

export const foundationSamples: RouteSamples = {
  'GET /health': () => ({ path: '/health' }),
  'POST /auth/login': () => ({ path: '/auth/login', body: { email: 'owner@demo.local', password: 'demo' } }),
  'POST /auth/login/totp': (ctx) => totpSamples(ctx)['POST /auth/login/totp'](),
  'POST /auth/totp/associate': (ctx) => totpSamples(ctx)['POST /auth/totp/associate'](),
  'POST /auth/totp/verify': (ctx) => totpSamples(ctx)['POST /auth/totp/verify'](),
  'GET /me': () => ({ path: '/me' }),
  'GET /chain': () => ({ path: '/chain' }),
  'GET /chain/cost': () => ({ path: '/chain/cost' }),
  'PATCH /chain': async (ctx) => ({ path: '/chain', body: { name: '微笑口腔连锁（演示）', version: await versionOf(ctx, '/chain') } }),
  'GET /clinics': () => ({ path: '/clinics' }),
  'POST /clinics': () => ({ path: '/clinics', body: { name: `新店${unique()}`, smsSignature: '微笑口腔' } }),
  'GET /clinics/{clinicId}': (ctx) => ({ path: `/clinics/${ctx.twin.demo.jinganId}` }),
  'PATCH /clinics/{clinicId}': async (ctx) => ({ path: `/clinics/${ctx.twin.demo.jinganId}`, body: { address: '上海市静安区南京西路 1000 号', version: await versionOf(ctx, `/clinics/${ctx.twin.demo.jinganId}`) } }),
  'GET /clinics/{clinicId}/dentists': (ctx) => ({ path: `/clinics/${ctx.twin.demo.jinganId}/dentists` }),
  'GET /staff': () => ({ path: '/staff' }),
  'PATCH /staff/{userId}': async (ctx) => {
    const staff = await freshStaff(ctx);
    return { path: `/staff/${staff.userId}`, body: { displayName: '前台小李', version: staff.version ?? 0 } };
  },
  'POST /staff/{userId}/disable': async (ctx) => {
    const staff = await freshStaff(ctx);
    return { path: `/staff/${staff.userId}/disable`, body: { version: staff.version ?? 0 } };
  },
  'POST /staff/{userId}/enable': async (ctx) => {
    const staff = await disabledStaff(ctx);
    return { path: `/staff/${staff.userId}/enable`, body: { version: staff.version ?? 0 } };
  },
  'POST /staff/{userId}/invitation': async (ctx) => ({ path: `/staff/${(await freshStaff(ctx)).userId}/invitation` }),
  'POST /staff': (ctx) => ({ path: '/staff', body: { email: `fd-${unique()}@demo.local`, displayName: '新前台', role: 'frontdesk', clinicIds: [ctx.twin.demo.jinganId] } }),
  'GET /patients': (ctx) => ({ path: `/patients?clinicId=${ctx.twin.demo.jinganId}` }),
  'POST /patients': (ctx) => ({ path: '/patients', body: { name: '样例患者', phone: '13700001111', clinicId: ctx.twin.demo.jinganId } }),
  'GET /patients/{patientId}': (ctx) => ({ path: `/patients/${ctx.demoPatient.patientId}` }),
  // The chain's Official Account is set up first (WeChat alone, nothing routed through it: no other route changes).
  'POST /patients/{patientId}/wechat-qr': async (ctx) => {
    const current = (await ctx.twin.api<StoredChannelSettings>('GET', '/channel-settings', { token: ctx.ownerToken })).body;
    if (!current.settings.providers.wechat) {
      const { demoAccounts } = await import('../../../functions/local/demo-channels.js');
      const settings = { ...current.settings, providers: { ...current.settings.providers, wechat: { appId: demoAccounts.wechat.appId } } };
      await ctx.twin.api('PUT', '/channel-settings', { token: ctx.ownerToken, body: { version: current.version, settings, secrets: { wechat: demoAccounts.wechat.secret } } });
    }
    return { path: `/patients/${ctx.demoPatient.patientId}/wechat-qr` };
  },
  'PATCH /patients/{patientId}': async (ctx) => ({ path: `/patients/${ctx.demoPatient.patientId}`, body: { tags: ['复诊'], version: await versionOf(ctx, `/patients/${ctx.demoPatient.patientId}`) } }),
  'GET /patients/{patientId}/medical': (ctx) => ({ path: `/patients/${ctx.demoPatient.patientId}/medical` }),
  'PUT /patients/{patientId}/medical': (ctx) => ({ path: `/patients/${ctx.demoPatient.patientId}/medical`, body: { allergies: ['青霉素'] } }),
  'GET /patients/{patientId}/audit': (ctx) => ({ path: `/patients/${ctx.demoPatient.patientId}/audit` }),
  'POST /patients/{patientId}/merge': async (ctx) => {
    const duplicate = await ctx.twin.api<Patient>('POST', '/patients', { token: ctx.ownerToken, body: { name: '重复档案', phone: ctx.demoPatient.phone, clinicId: ctx.demoPatient.clinicId } });
    if (duplicate.status !== 201) throw new Error(`sample setup: duplicate answered ${duplicate.status}`);
    return { path: `/patients/${ctx.demoPatient.patientId}/merge`, body: { sourcePatientId: duplicate.body.patientId } };
  },
  'PUT /patients/{patientId}/family': (ctx) => ({ path: `/patients/${ctx.demoPatient.patientId}/family`, body: { familyId: 'new', relation: 'self' } }),
  'GET /patients/{patientId}/family': (ctx) => ({ path: `/patients/${ctx.demoPatient.patientId}/family` }),
  'GET /outbox': () => ({ path: '/outbox' }),
  'GET /jobs': () => ({ path: '/jobs' }),
  'POST /jobs/{jobName}/run': () => ({ path: '/jobs/patient-counts/run' }),
};
