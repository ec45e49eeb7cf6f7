/**
 * The staff screen and a patient's audit log in a real browser (issue 13): the owner invites a
 * desk member (a missing clinic is named at the field, the twin shows the temporary password
 * once), makes them a dentist, disables them (after a confirmation) and enables them again; a
 * manager cannot touch the owner; the front desk has no staff page. The owner and the manager read
 * who opened a patient's medical history on the profile. Each screen at 1440 and 390 px in Chinese
 * and English with the width and axe checks. Needs dashboard/dist.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffMember } from '../../shared/schemas/org.js';
import { apiRequest, demoToken, openDashboard, signIn, type DashboardSession } from './support/dashboard-session.js';
import { checkScreen } from './support/screen-check.js';

let session: DashboardSession;

const openPage = async (email: string, hash: string): Promise<Page> => {
  const page = await session.context.newPage();
  await signIn(page, session.twin, email);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${session.twin.url}/#/${hash}`);
  return page;
};
const card = (page: Page, email: string) => page.locator(`[data-testid="staff-card"][data-email="${email}"]`);
const staffRow = async (email: string): Promise<StaffMember | undefined> =>
  (await apiRequest<{ items: StaffMember[] }>(session.twin, await demoToken(session.twin, 'owner@demo.local'), 'GET', '/staff')).items.find((s) => s.email === email);

describe('dashboard: staff and the audit log', () => {
  beforeAll(async () => {
    session = await openDashboard();
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  }, 60_000);

  it('the owner invites, changes, disables and re-enables a colleague', async () => {
    const page = await openPage('owner@demo.local', 'staff');
    const ready = () => card(page, 'frontdesk@demo.local').waitFor();
    await ready();
    expect(await checkScreen(page, 'main', 'staff', ready)).toEqual([]);
    await ready();

    await page.getByTestId('staff-invite').click();
    await page.getByTestId('st-email').fill('xiaoli@demo.local');
    await page.getByTestId('st-name').fill('李前台');
    await page.getByTestId('staff-save').click();
    await page.getByTestId('st-clinics-error').waitFor();
    expect((await checkDialog(page)).length).toBe(0);
    await page.getByTestId('st-clinic').first().check();
    await page.getByTestId('staff-save').click();
    await page.getByTestId('staff-notice').waitFor();
    expect(await page.getByTestId('staff-notice').textContent()).toMatch(/临时密码为 \S+/);
    expect(await card(page, 'xiaoli@demo.local').getAttribute('data-status')).toBe('invited');

    await card(page, 'xiaoli@demo.local').getByTestId('staff-edit').click();
    await page.getByTestId('st-role').selectOption('dentist');
    await page.getByTestId('staff-save').click();
    await page.getByTestId('staff-notice').waitFor();
    expect(await card(page, 'xiaoli@demo.local').getByTestId('staff-role').textContent()).toBe('医生');
    expect((await staffRow('xiaoli@demo.local'))?.role).toBe('dentist');

    await card(page, 'xiaoli@demo.local').getByTestId('staff-disable').click();
    await page.getByTestId('staff-confirm-disable').click();
    await page.locator('[data-testid="staff-card"][data-email="xiaoli@demo.local"][data-status="disabled"]').waitFor();
    expect((await staffRow('xiaoli@demo.local'))?.status).toBe('disabled');
    await card(page, 'xiaoli@demo.local').getByTestId('staff-enable').click();
    await page.locator('[data-testid="staff-card"][data-email="xiaoli@demo.local"][data-status="invited"]').waitFor();
    await page.close();
  });

  it('a manager manages their desk but not the owner; the front desk has no staff page', async () => {
    const page = await openPage('manager@demo.local', 'staff');
    await card(page, 'frontdesk@demo.local').waitFor();
    // the owner works across the chain: not one of the manager's people, listed or not, never editable
    expect(await card(page, 'owner@demo.local').getByTestId('staff-edit').count()).toBe(0);
    expect(await card(page, 'owner@demo.local').getByTestId('staff-disable').count()).toBe(0);
    expect(await card(page, 'frontdesk@demo.local').getByTestId('staff-edit').count()).toBe(1);
    await page.close();

    const desk = await openPage('frontdesk@demo.local', 'staff');
    await desk.getByTestId('no-permission').waitFor();
    expect(await desk.getByTestId('nav-staff').count()).toBe(0);
    await desk.close();
  });

  it('the owner reads who opened a patient’s medical history, on the profile', async () => {
    const owner = await demoToken(session.twin, 'owner@demo.local');
    const clinics = await apiRequest<{ items: { clinicId: string; name: string }[] }>(session.twin, owner, 'GET', '/clinics');
    const jingan = clinics.items.find((c) => c.name === '静安店')?.clinicId ?? '';
    const patients = await apiRequest<{ items: { patientId: string }[] }>(session.twin, owner, 'GET', `/patients?clinicId=${jingan}&limit=1`);
    const patientId = patients.items[0]?.patientId ?? '';
    await apiRequest(session.twin, await demoToken(session.twin, 'dentist@demo.local'), 'GET', `/patients/${patientId}/medical`);
    const page = await openPage('owner@demo.local', `patients/${patientId}`);
    const ready = () => page.locator('[data-testid="audit-event"][data-action="medical.read"]').first().waitFor();
    await ready();
    expect(await page.getByTestId('audit-log').textContent()).toContain('查看病史');
    expect(await checkScreen(page, 'main', 'patient with audit log', ready)).toEqual([]);
    await page.close();

    const desk = await openPage('frontdesk@demo.local', `patients/${patientId}`);
    await desk.getByTestId('patient-details').first().waitFor();
    expect(await desk.getByTestId('audit-log').count()).toBe(0);
    await desk.close();
  });
});

/** The open invite dialog with its field error: no serious or critical axe finding. */
const checkDialog = async (page: Page): Promise<string[]> => {
  const { axeViolations } = await import('./support/axe.js');
  return (await axeViolations(page, '[data-testid="staff-dialog"]')).filter((v) => /\((serious|critical)\)/.test(v));
};
