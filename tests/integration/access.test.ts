/**
 * Every route in the route table, for every role, with no token, a forged token, an expired
 * token, and another chain's owner. A new route fails here until it has a sample request.
 */
import { SignJWT, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roleHasPermission, roles, type Role } from '../../shared/domain/access.js';
import { routeKey, routes, type RouteDefinition } from '../../shared/routes.js';
import type { Patient, PatientPage } from '../../shared/schemas/patient.js';
import { localAudience, localIssuerUrl } from '../../functions/local/issuer.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';
import { foundationSamples as sharedFoundationSamples } from '../support/route-samples/foundation.js';
import { areaSamples } from '../support/route-samples/index.js';
import { totpSamples } from '../support/route-samples/totp-samples.js';
import type { RouteSamples, Sample } from '../support/route-samples/types.js';
import { treatmentLeak } from '../support/treatment-leak.js';
import { messagePurposes } from '../../shared/domain/messaging/purposes.js';

let twin: TestTwin;
let demoPatient: Patient;
let other: Awaited<ReturnType<TestTwin['otherChain']>>;
/** Duplicate records for the merge samples: each merge retires one. */
const duplicates: string[] = [];

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

/** The version a record is at now, read as the owner: what a valid change sends back. */
const versionOf = async (path: string): Promise<number> => (await twin.api<{ version: number }>('GET', path, { token: await twin.tokenFor('owner') })).body.version;

/** A valid request for each foundation route, built against the demo chain. */
const foundationSamples = (): Record<string, () => Sample | Promise<Sample>> => ({
  'GET /health': () => ({ path: '/health' }),
  'POST /auth/login': () => ({ path: '/auth/login', body: { email: 'owner@demo.local', password: 'demo' } }),
  'POST /auth/login/totp': async () => totpSamples({ twin, ownerToken: await twin.tokenFor('owner') })['POST /auth/login/totp'](),
  'POST /auth/totp/associate': async () => totpSamples({ twin, ownerToken: await twin.tokenFor('owner') })['POST /auth/totp/associate'](),
  'POST /auth/totp/verify': async () => totpSamples({ twin, ownerToken: await twin.tokenFor('owner') })['POST /auth/totp/verify'](),
  'GET /me': () => ({ path: '/me' }),
  'GET /chain': () => ({ path: '/chain' }),
  'GET /chain/cost': () => ({ path: '/chain/cost' }),
  'PATCH /chain': async () => ({ path: '/chain', body: { name: '微笑口腔连锁（演示）', version: await versionOf('/chain') } }),
  'GET /clinics': () => ({ path: '/clinics' }),
  'POST /clinics': () => ({ path: '/clinics', body: { name: `新店${unique()}`, smsSignature: '微笑口腔' } }),
  'GET /clinics/{clinicId}': () => ({ path: `/clinics/${twin.demo.jinganId}` }),
  'PATCH /clinics/{clinicId}': async () => ({ path: `/clinics/${twin.demo.jinganId}`, body: { address: '上海市静安区南京西路 1000 号', version: await versionOf(`/clinics/${twin.demo.jinganId}`) } }),
  'GET /clinics/{clinicId}/dentists': () => ({ path: `/clinics/${twin.demo.jinganId}/dentists` }),
  'GET /staff': () => ({ path: '/staff' }),
  'POST /staff': () => ({ path: '/staff', body: { email: `fd-${unique()}@demo.local`, displayName: '新前台', role: 'frontdesk', clinicIds: [twin.demo.jinganId] } }),
  'GET /patients': () => ({ path: `/patients?clinicId=${twin.demo.jinganId}` }),
  'POST /patients': () => ({ path: '/patients', body: { name: '角色测试', phone: '13700001111', clinicId: twin.demo.jinganId } }),
  'GET /patients/{patientId}': () => ({ path: `/patients/${demoPatient.patientId}` }),
  'PATCH /patients/{patientId}': async () => ({ path: `/patients/${demoPatient.patientId}`, body: { tags: ['复诊'], version: await versionOf(`/patients/${demoPatient.patientId}`) } }),
  'GET /patients/{patientId}/medical': () => ({ path: `/patients/${demoPatient.patientId}/medical` }),
  'PUT /patients/{patientId}/medical': () => ({ path: `/patients/${demoPatient.patientId}/medical`, body: { allergies: ['青霉素'] } }),
  'GET /patients/{patientId}/audit': () => ({ path: `/patients/${demoPatient.patientId}/audit` }),
  'POST /patients/{patientId}/merge': () => ({ path: `/patients/${demoPatient.patientId}/merge`, body: { sourcePatientId: duplicates.shift() } }),
  'PUT /patients/{patientId}/family': () => ({ path: `/patients/${demoPatient.patientId}/family`, body: { familyId: 'new', relation: 'self' } }),
  'GET /patients/{patientId}/family': () => ({ path: `/patients/${demoPatient.patientId}/family` }),
  'GET /outbox': () => ({ path: '/outbox' }),
  'GET /jobs': () => ({ path: '/jobs' }),
  'POST /jobs/{jobName}/run': () => ({ path: '/jobs/patient-counts/run' }),
});

/** The shared samples first (the staff screen's routes live only there); this file's own take precedence. */
const samples = (): RouteSamples => ({ ...sharedFoundationSamples, ...foundationSamples(), ...areaSamples });

beforeAll(async () => {
  twin = await startTestTwin();
  const owner = await twin.tokenFor('owner');
  demoPatient = (
    await twin.api<Patient>('POST', '/patients', {
      token: owner,
      body: { name: '权限患者', phone: '13911110000', clinicId: twin.demo.jinganId, notes: '对青霉素过敏', consents: { healthData: { granted: true, source: 'paper-form' } } },
    })
  ).body;
  other = await twin.otherChain();
  await seedTreatmentMessages();
  for (let i = 0; i < 12; i++) {
    duplicates.push((await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: `重复档案${i}`, phone: '13911110000', clinicId: twin.demo.jinganId } })).body.patientId);
  }
});
/** Care and recall messages whose occasions name a treatment, as the jobs record them. */
const treatmentOccasions = ['care.01JVISIT0000000000000000AA.wisdom-tooth.3', 'recall.perio.2026-05-01.d7', 'care.01JVISIT0000000000000000AA.implant.0'];
const seedTreatmentMessages = async () => {
  const { claimSend, recordOutcome } = await import('../../functions/adapters/dynamo/send-ledger-repository.js');
  const at = new Date().toISOString();
  for (const occasion of treatmentOccasions) {
    const key = { tenantId: twin.demo.tenantId, patientId: demoPatient.patientId, purpose: occasion.startsWith('care') ? 'care' : 'recall', occasion } as const;
    const claim = await claimSend(key, twin.demo.jinganId, at);
    await recordOutcome(key, twin.demo.jinganId, { status: 'sent', decision: { at, kind: 'send' }, sentAt: at, ...(claim ? { claimedAt: claim.claimedAt } : {}) }, true);
  }
};

/** Routes that return messages, tasks or timelines: marketing reads no treatment in any of them. */
const readsMessagesTasksOrTimelines = (route: RouteDefinition) => route.method === 'GET' && /\/(messages|outbox|tasks|timeline|visits|sms-replies)\b/.test(route.path);

afterAll(async () => {
  await twin?.bus.idle();
  await twin?.stop();
});

const call = async (route: RouteDefinition, token?: string) => {
  const sample = samples()[routeKey(route)];
  if (!sample) throw new Error(`no sample request for ${routeKey(route)}`);
  const { path, body, rawBody } = await sample({ twin, demoPatient, ownerToken: await twin.tokenFor('owner') });
  return twin.api(route.method, path, { ...(token ? { token } : {}), ...(body !== undefined ? { body } : {}), ...(rawBody !== undefined ? { rawBody } : {}) });
};

const tokenRoutes = routes.filter((r) => r.auth === 'token');

describe('the route table', () => {
  it('has a sample request for every route', () => {
    expect(Object.keys(samples()).sort()).toEqual(routes.map(routeKey).sort());
  });
});

describe('authentication', () => {
  it.each(tokenRoutes.map((r) => [routeKey(r), r] as const))('%s answers 401 without a token, with a forged one and with an expired one', async (_key, route) => {
    expect((await call(route)).status).toBe(401);
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ 'cognito:groups': ['owner'], 'custom:tenantId': twin.demo.tenantId, 'custom:clinicIds': '*' })
      .setProtectedHeader({ alg: 'ES256', kid: 'local' })
      .setSubject('attacker')
      .setIssuer(localIssuerUrl)
      .setAudience(localAudience)
      .setExpirationTime('1h')
      .sign(privateKey);
    expect((await call(route, forged)).status).toBe(401);
    const expired = await twin.issuer.sign({ userId: 'u', email: 'owner@demo.local', tenantId: twin.demo.tenantId, role: 'owner', clinicIds: '*' }, -60);
    expect((await call(route, expired.token)).status).toBe(401);
  });

  it('public routes answer without a token', async () => {
    for (const route of routes.filter((r) => r.auth === 'public')) expect((await call(route)).status, routeKey(route)).toBe(200);
  });

  it('a token whose user has no Smileloop role is refused with 403', async () => {
    const { token } = await twin.issuer.sign({ userId: 'u', email: 'x@demo.local', tenantId: twin.demo.tenantId, role: 'receptionist' as Role, clinicIds: '' });
    expect((await twin.api('GET', '/me', { token })).status).toBe(403);
  });
});

describe('roles', () => {
  const cases = tokenRoutes.flatMap((route) => roles.map((role) => [routeKey(route), role, route] as const));
  it.each(cases)('%s as %s', async (_key, role, route) => {
    const res = await call(route, await twin.tokenFor(role));
    const allowed = route.permission === undefined || roleHasPermission(role, route.permission);
    if (allowed) expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    else expect(res.status).toBe(403);
    if (role === 'marketing' && readsMessagesTasksOrTimelines(route)) expect(JSON.stringify(res.body)).not.toMatch(treatmentLeak);
  });

  it('marketing never reads a treatment in the message log (occasions are shown as a day and a number)', async () => {
    const marketing = await twin.tokenFor('marketing');
    const owner = await twin.tokenFor('owner');
    const mine = await twin.api<{ items: { occasion: string }[] }>('GET', `/patients/${demoPatient.patientId}/messages`, { token: owner });
    expect(mine.body.items.map((e) => e.occasion)).toEqual(expect.arrayContaining(treatmentOccasions));
    const asMarketing = await twin.api<{ items: { occasion: string; purpose: string }[] }>('GET', `/patients/${demoPatient.patientId}/messages`, { token: marketing });
    expect(asMarketing.status).toBe(200);
    expect(asMarketing.body.items.length).toBe(mine.body.items.length);
    expect(JSON.stringify(asMarketing.body)).not.toMatch(treatmentLeak);
    const hidden = asMarketing.body.items.filter((e) => e.purpose === 'care' || e.purpose === 'recall');
    expect(hidden.every((e) => /^msg\.\d{4}-\d{2}-\d{2}\.\d+$/.test(e.occasion))).toBe(true);
    // still one row per message: the dashboard keys its rows by purpose and occasion
    expect(new Set(hidden.map((e) => `${e.purpose}/${e.occasion}`)).size).toBe(hidden.length);
    for (const purpose of messagePurposes) {
      const list = await twin.api('GET', `/messages?purpose=${purpose}&limit=100`, { token: marketing });
      expect(list.status).toBe(200);
      expect(JSON.stringify(list.body), purpose).not.toMatch(treatmentLeak);
    }
    for (const path of ['/outbox?limit=100', `/patients/${demoPatient.patientId}/messages?purpose=care`, `/patients/${demoPatient.patientId}/messages?purpose=recall`]) {
      expect(JSON.stringify((await twin.api('GET', path, { token: marketing })).body), path).not.toMatch(treatmentLeak);
    }
  });

  it('marketing sees masked phones and no notes', async () => {
    const marketing = await twin.tokenFor('marketing');
    const one = await twin.api<Patient>('GET', `/patients/${demoPatient.patientId}`, { token: marketing });
    expect(one.body.phone).toBe('139****0000');
    expect(one.body).not.toHaveProperty('notes');
    const list = await twin.api<PatientPage>('GET', `/patients?clinicId=${twin.demo.jinganId}&limit=100`, { token: marketing });
    expect(list.body.items.length).toBeGreaterThan(0);
    expect(list.body.items.every((p) => /^\d{3}\*{4}\d{4}$/.test(p.phone) && !('notes' in p))).toBe(true);
    expect(JSON.stringify(list.body)).not.toContain('青霉素');
  });
});

describe('tenant isolation', () => {
  const objectRoutes = tokenRoutes.filter((r) => /\{\w+Id\}/.test(r.path));
  it.each(objectRoutes.map((r) => [routeKey(r), r] as const))('%s on the demo chain’s object answers 404 to another chain’s owner', async (_key, route) => {
    expect((await call(route, other.ownerToken)).status).toBe(404);
  });

  it('another chain’s patient, clinic and its cursor answer 404 or 400, never the data', async () => {
    const token = other.ownerToken;
    expect((await twin.api('GET', `/patients/${demoPatient.patientId}`, { token })).status).toBe(404);
    expect((await twin.api('PATCH', `/patients/${demoPatient.patientId}`, { token, body: { name: '篡改', version: 0 } })).status).toBe(404);
    expect((await twin.api('GET', `/clinics/${twin.demo.jinganId}`, { token })).status).toBe(404);
    expect((await twin.api('PATCH', `/clinics/${twin.demo.jinganId}`, { token, body: { name: '篡改', version: 0 } })).status).toBe(404);
    expect((await twin.api('GET', `/patients?clinicId=${twin.demo.jinganId}`, { token })).status).toBe(404);
    const create = await twin.api('POST', '/patients', { token, body: { name: '越界', phone: '13700002222', clinicId: twin.demo.jinganId } });
    expect(create.status).toBe(400);
    const owner = await twin.tokenFor('owner');
    const page = await twin.api<PatientPage>('GET', `/patients?clinicId=${twin.demo.jinganId}&limit=1`, { token: owner });
    expect((await twin.api('GET', `/patients?clinicId=${other.clinicId}&cursor=${page.body.cursor}`, { token })).status).toBe(400);
    expect((await twin.api<Patient>('GET', `/patients/${demoPatient.patientId}`, { token: owner })).body.name).toBe('权限患者');
  });

  it('lists show only the caller’s chain', async () => {
    const token = other.ownerToken;
    const search = await twin.api<PatientPage>('GET', '/patients?q=139', { token });
    expect(search.body.items).toEqual([]);
    const clinics = await twin.api<{ items: { clinicId: string }[] }>('GET', '/clinics', { token });
    expect(clinics.body.items.map((c) => c.clinicId)).toEqual([other.clinicId]);
    const staff = await twin.api<{ items: { email: string }[] }>('GET', '/staff', { token });
    expect(staff.body.items.every((s) => !s.email.endsWith('@demo.local'))).toBe(true);
    const me = await twin.api<{ tenantId: string; chain: { name: string } }>('GET', '/me', { token });
    expect(me.body.tenantId).toBe(other.tenantId);
  });

  it('the tenant in a body is refused, never used', async () => {
    const token = other.ownerToken;
    const res = await twin.api('PATCH', '/chain', { token, body: { tenantId: twin.demo.tenantId, name: '劫持' } });
    expect(res.status).toBe(400);
    const owner = await twin.tokenFor('owner');
    expect((await twin.api<{ name: string }>('GET', '/chain', { token: owner })).body.name).toBe('微笑口腔连锁（演示）');
  });
});

describe('clinic scope', () => {
  it('staff of one clinic cannot list, read or create in another', async () => {
    const owner = await twin.tokenFor('owner');
    const frontdesk = await twin.tokenFor('frontdesk');
    const inTianhe = (await twin.api<Patient>('POST', '/patients', { token: owner, body: { name: '天河患者', phone: '13822223333', clinicId: twin.demo.tianheId } })).body;
    expect((await twin.api('GET', `/patients?clinicId=${twin.demo.tianheId}`, { token: frontdesk })).status).toBe(404);
    expect((await twin.api('GET', `/patients/${inTianhe.patientId}`, { token: frontdesk })).status).toBe(404);
    expect((await twin.api('PATCH', `/patients/${inTianhe.patientId}`, { token: frontdesk, body: { tags: ['x'], version: 0 } })).status).toBe(404);
    const search = await twin.api<PatientPage>('GET', '/patients?q=138222', { token: frontdesk });
    expect(search.body.items).toEqual([]);
    expect((await twin.api('POST', '/patients', { token: frontdesk, body: { name: '越店', phone: '13700003333', clinicId: twin.demo.tianheId } })).status).toBe(400);
    const clinics = await twin.api<{ items: { clinicId: string }[] }>('GET', '/clinics', { token: frontdesk });
    expect(clinics.body.items.map((c) => c.clinicId)).toEqual([twin.demo.jinganId]);
  });
});
