/**
 * MFA for owners in a real browser against the twin switched on as `SMILELOOP_MFA_ROLES=owner,manager
 * npm start` is: the owner signs in, the API answers 403 mfa_required and the dashboard shows the
 * enrolment screen (secret and otpauth link); the app's code (computed here with the twin's own
 * TOTP) confirms it and sends the owner back to sign in; the next sign-in asks for the code, and
 * with it the owner reaches the shell. A wrong code is refused on the screen. The front desk is
 * not asked. Needs a built dashboard (dashboard/dist) and a Chromium (support/chromium-choice.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../../functions/local/totp.js';
import { envNames } from '../../shared/tables.js';
import { openDashboard, shoot, type DashboardSession } from './support/dashboard-session.js';

let session: DashboardSession;
const previous = process.env[envNames.mfaRoles];

beforeAll(async () => {
  // The area functions read it as the cloud ones read the stack's setting.
  process.env[envNames.mfaRoles] = 'owner,manager';
  session = await openDashboard();
}, 120_000);

afterAll(async () => {
  await session?.close();
  if (previous === undefined) delete process.env[envNames.mfaRoles];
  else process.env[envNames.mfaRoles] = previous;
});

// Screens are waited for as the browser shows them (Playwright's 15 s), not expect.poll's 1 s: the
// first sign-in loads the areas' code, which under a loaded suite took longer than a second.
describe('owner MFA in the dashboard (twin with SMILELOOP_MFA_ROLES=owner,manager)', () => {
  it('enrols an authenticator app, then asks for its code at the next sign-in', async () => {
    const { twin, context } = session;
    const page = await context.newPage();
    const fillLogin = async (email: string) => {
      await page.getByTestId('login-email').fill(email);
      await page.getByTestId('login-password').fill('demo');
      await page.getByTestId('login-submit').click();
    };
    await page.goto(`${twin.url}/#/overview`);
    await fillLogin('owner@demo.local');

    await page.getByTestId('totp-enrolment').waitFor();
    await expect.poll(async () => (await page.getByTestId('totp-secret').textContent()) ?? '').toMatch(/^[A-Z2-7 ]{39}$/);
    const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s/g, '');
    expect(await page.getByTestId('totp-uri').getAttribute('href')).toContain(`secret=${secret}`);
    await shoot(page, 'mfa-enrolment');

    const wrong = totpCode(secret) === '000000' ? '111111' : '000000';
    await page.getByTestId('enrol-code').fill(wrong);
    await page.getByTestId('enrol-submit').click();
    await page.getByTestId('totp-enrolment-error').waitFor();

    await page.getByTestId('enrol-code').fill(totpCode(secret));
    await page.getByTestId('enrol-submit').click();
    await page.getByTestId('login-totp-enrolled').waitFor();

    await fillLogin('owner@demo.local');
    await page.getByTestId('totp-form').waitFor();
    await page.getByTestId('totp-code').fill(wrong);
    await page.getByTestId('totp-submit').click();
    await page.getByTestId('totp-error').waitFor();
    await page.getByTestId('totp-code').fill(totpCode(secret));
    await page.getByTestId('totp-submit').click();
    await expect.poll(() => page.getByTestId('user-email').textContent(), { timeout: 15_000 }).toBe('owner@demo.local');
    await page.close();
  });

  it('asks the front desk for no code', async () => {
    const { twin, context } = session;
    const page = await context.newPage();
    await page.goto(`${twin.url}/#/patients`);
    await page.getByTestId('login-email').fill('frontdesk@demo.local');
    await page.getByTestId('login-password').fill('demo');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('user-email').textContent(), { timeout: 15_000 }).toBe('frontdesk@demo.local');
    await page.close();
  });
});
