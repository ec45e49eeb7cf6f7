/**
 * Owners and managers must have signed in with TOTP (the token's smileloop:mfa claim) on every
 * private route; other roles need not. The requirement is switched on here as the stack switches
 * it on for the cloud functions (SMILELOOP_MFA_ROLES); the demo twin leaves it off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/domain/access.js';
import { cloudRoutes, routeKey } from '../../shared/routes.js';
import { envNames } from '../../shared/tables.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
const previous = process.env[envNames.mfaRoles];

beforeAll(async () => {
  process.env[envNames.mfaRoles] = 'owner,manager';
  twin = await startTestTwin();
});

afterAll(async () => {
  if (previous === undefined) delete process.env[envNames.mfaRoles];
  else process.env[envNames.mfaRoles] = previous;
  await twin?.stop();
});

const signAs = async (role: Role, mfa: boolean): Promise<string> => {
  const { verifyLocalUser } = await import('../../functions/adapters/identity/local-identity.js');
  const user = await verifyLocalUser(`${role}@demo.local`, 'demo');
  if (!user) throw new Error(`demo user ${role} missing`);
  return (await twin.issuer.sign({ ...user, ...(mfa ? { mfa: 'totp' as const } : {}) })).token;
};

describe('MFA for owners and managers', () => {
  it('refuses an owner without TOTP on every private route with 403 mfa_required', async () => {
    const token = await signAs('owner', false);
    // The twin's own dev routes (local-only) are not the API's and are left out.
    const privateRoutes = cloudRoutes().filter((r) => r.auth === 'token');
    expect(privateRoutes.length).toBeGreaterThan(20);
    for (const route of privateRoutes) {
      const path = route.path.replace(/\{[^}]+\}/g, '01JNOSUCHID0000000000000000');
      const response = await twin.api<{ error: { code: string; message: string } }>(route.method, path, {
        token,
        ...(route.method === 'GET' ? {} : { body: {} }),
      });
      expect({ route: routeKey(route), status: response.status, code: response.body?.error?.code }).toEqual({ route: routeKey(route), status: 403, code: 'mfa_required' });
    }
  });

  it.each<[Role, boolean, number]>([
    ['owner', false, 403],
    ['owner', true, 200],
    ['manager', false, 403],
    ['manager', true, 200],
    ['frontdesk', false, 200],
    ['dentist', false, 200],
    ['marketing', false, 200],
  ])('GET /me as %s (TOTP used: %s) answers %i', async (role, mfa, status) => {
    const response = await twin.api<{ error?: { code: string } }>('GET', '/me', { token: await signAs(role, mfa) });
    expect(response.status).toBe(status);
    if (status === 403) expect(response.body.error?.code).toBe('mfa_required');
  });

  it('leaves public routes alone', async () => {
    expect((await twin.api('GET', '/health')).status).toBe(200);
  });
});

describe('the twin enrols an authenticator app and asks for its code (as Cognito does)', () => {
  it('owner: sign in → 403 mfa_required → associate → verify → sign-in challenge → token that passes', async () => {
    const { totpCode } = await import('../../functions/local/totp.js');
    const login = await twin.api<{ token: string; accessToken: string }>('POST', '/auth/login', { body: { email: 'owner@demo.local', password: 'demo' } });
    expect(login.status).toBe(200);
    expect((await twin.api<{ error: { code: string } }>('GET', '/me', { token: login.body.token })).body.error.code).toBe('mfa_required');
    const { secret } = (await twin.api<{ secret: string }>('POST', '/auth/totp/associate', { body: { accessToken: login.body.accessToken } })).body;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect((await twin.api('POST', '/auth/totp/verify', { body: { accessToken: login.body.accessToken, code: '000000' === totpCode(secret) ? '111111' : '000000' } })).status).toBe(401);
    expect((await twin.api('POST', '/auth/totp/verify', { body: { accessToken: login.body.accessToken, code: totpCode(secret) } })).status).toBe(200);

    const again = await twin.api<{ challenge: string; session: string; token?: string }>('POST', '/auth/login', { body: { email: 'owner@demo.local', password: 'demo' } });
    expect(again.body).toEqual({ challenge: 'totp', session: expect.any(String) });
    expect((await twin.api('POST', '/auth/login/totp', { body: { session: again.body.session, code: 'abc' } })).status).toBe(400);
    const answered = await twin.api<{ token: string }>('POST', '/auth/login/totp', { body: { session: again.body.session, code: totpCode(secret) } });
    expect(answered.status).toBe(200);
    expect((await twin.api('GET', '/me', { token: answered.body.token })).status).toBe(200);
    // A session answers once.
    expect((await twin.api('POST', '/auth/login/totp', { body: { session: again.body.session, code: totpCode(secret) } })).status).toBe(401);
  });

  it('refuses enrolment without a valid token', async () => {
    expect((await twin.api('POST', '/auth/totp/associate', { body: { accessToken: 'forged' } })).status).toBe(401);
  });
});
