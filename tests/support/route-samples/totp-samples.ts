/**
 * Sample requests for the twin's TOTP routes (functions/local/totp-routes.ts). Each enrols a fresh
 * invited staff member, so no demo user ever starts asking for a code.
 */
import { totpCode } from '../../../functions/local/totp.js';
import type { Sample } from './types.js';
import type { TestTwin } from '../test-twin.js';

let counter = 0;

/** A new frontdesk user, signed in: their email, password and token. */
const freshUser = async (twin: TestTwin, ownerToken: string): Promise<{ email: string; password: string; accessToken: string }> => {
  const email = `totp-${Date.now().toString(36)}${(counter++).toString(36)}@demo.local`;
  const invited = await twin.api<{ temporaryPassword: string }>('POST', '/staff', { token: ownerToken, body: { email, displayName: '双因素', role: 'frontdesk', clinicIds: [twin.demo.jinganId] } });
  const password = invited.body.temporaryPassword;
  const login = await twin.api<{ accessToken: string }>('POST', '/auth/login', { body: { email, password } });
  return { email, password, accessToken: login.body.accessToken };
};

/** A user with an app enrolled: the secret and a sign-in waiting for its code. */
const enrolled = async (twin: TestTwin, ownerToken: string): Promise<{ secret: string; session: string }> => {
  const user = await freshUser(twin, ownerToken);
  const { secret } = (await twin.api<{ secret: string }>('POST', '/auth/totp/associate', { body: { accessToken: user.accessToken } })).body;
  await twin.api('POST', '/auth/totp/verify', { body: { accessToken: user.accessToken, code: totpCode(secret) } });
  const { session } = (await twin.api<{ session: string }>('POST', '/auth/login', { body: { email: user.email, password: user.password } })).body;
  return { secret, session };
};

export const totpSamples = (ctx: { twin: TestTwin; ownerToken: string }) => ({
  'POST /auth/login/totp': async (): Promise<Sample> => {
    const { secret, session } = await enrolled(ctx.twin, ctx.ownerToken);
    return { path: '/auth/login/totp', body: { session, code: totpCode(secret) } };
  },
  'POST /auth/totp/associate': async (): Promise<Sample> => ({ path: '/auth/totp/associate', body: { accessToken: (await freshUser(ctx.twin, ctx.ownerToken)).accessToken } }),
  'POST /auth/totp/verify': async (): Promise<Sample> => {
    const { accessToken } = await freshUser(ctx.twin, ctx.ownerToken);
    const { secret } = (await ctx.twin.api<{ secret: string }>('POST', '/auth/totp/associate', { body: { accessToken } })).body;
    return { path: '/auth/totp/verify', body: { accessToken, code: totpCode(secret) } };
  },
});
