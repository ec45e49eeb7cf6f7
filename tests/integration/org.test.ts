import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../shared/schemas/common.js';
import type { Chain, Clinic, StaffMember } from '../../shared/schemas/org.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let owner: string;
let manager: string;

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
  manager = await twin.tokenFor('manager');
});
afterAll(async () => twin?.stop());

describe('clinics', () => {
  it('creates a clinic with Asia/Shanghai as the default time zone', async () => {
    const res = await twin.api<Clinic>('POST', '/clinics', { token: owner, body: { name: '浦东店', address: '上海市浦东新区', smsSignature: '微笑口腔' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: '浦东店', timeZone: 'Asia/Shanghai', smsSignature: '微笑口腔' });
    const list = await twin.api<{ items: Clinic[] }>('GET', '/clinics', { token: owner });
    expect(list.body.items.map((c) => c.clinicId)).toContain(res.body.clinicId);
  });

  it('keeps another IANA zone and refuses a made-up one', async () => {
    const ok = await twin.api<Clinic>('POST', '/clinics', { token: owner, body: { name: '温哥华诊所', smsSignature: '微笑口腔', timeZone: 'America/Vancouver' } });
    expect(ok.body.timeZone).toBe('America/Vancouver');
    const bad = await twin.api<ApiErrorBody>('POST', '/clinics', { token: owner, body: { name: 'X', smsSignature: '微笑口腔', timeZone: 'Mars/Olympus' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields?.map((f) => f.path)).toEqual(['timeZone']);
  });

  it('refuses an SMS signature with brackets', async () => {
    const bad = await twin.api<ApiErrorBody>('POST', '/clinics', { token: owner, body: { name: 'X', smsSignature: '【微笑】' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields?.[0]?.path).toBe('smsSignature');
  });

  it('a manager updates their own clinic but not another', async () => {
    const own = await twin.api<Clinic>('PATCH', `/clinics/${twin.demo.jinganId}`, { token: manager, body: { phone: '021-6255 8888', version: (await twin.api<{ version: number }>('GET', `/clinics/${twin.demo.jinganId}`, { token: manager })).body.version } });
    expect(own.status).toBe(200);
    expect(own.body.phone).toBe('+862162558888');
    expect((await twin.api('PATCH', `/clinics/${twin.demo.tianheId}`, { token: manager, body: { name: '改名', version: 0 } })).status).toBe(404);
  });
});

describe('no lost updates (invariant 11)', () => {
  it('two changes of a clinic from the same read: one applies, the other is a 409 on version', async () => {
    const path = `/clinics/${twin.demo.tianheId}`;
    const read = (await twin.api<Clinic>('GET', path, { token: owner })).body;
    const both = await Promise.all(['天河路 1 号', '天河路 2 号'].map((address) => twin.api<Clinic & ApiErrorBody>('PATCH', path, { token: owner, body: { address, version: read.version } })));
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(both.find((r) => r.status === 409)?.body.error.fields?.map((f) => f.path)).toEqual(['version']);
    const stored = (await twin.api<Clinic>('GET', path, { token: owner })).body;
    expect(stored).toEqual(both.find((r) => r.status === 200)?.body);
    expect(stored.version).toBe((read.version ?? 0) + 1);
  });

  it('two changes of the chain from the same read: one applies, the other is a 409 on version', async () => {
    const read = (await twin.api<Chain>('GET', '/chain', { token: owner })).body;
    const both = await Promise.all(['微笑口腔甲', '微笑口腔乙'].map((name) => twin.api<Chain & ApiErrorBody>('PATCH', '/chain', { token: owner, body: { name, version: read.version } })));
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(both.find((r) => r.status === 409)?.body.error).toMatchObject({ code: 'conflict', fields: [{ path: 'version' }] });
    const stored = (await twin.api<Chain>('GET', '/chain', { token: owner })).body;
    expect(stored).toEqual(both.find((r) => r.status === 200)?.body);
    await twin.api('PATCH', '/chain', { token: owner, body: { name: read.name, version: stored.version } });
  });
});

describe('the chain', () => {
  it('PATCH /chain with nothing to change is a 400 and leaves the chain as it was', async () => {
    const before = await twin.api('GET', '/chain', { token: owner });
    const empty = await twin.api<ApiErrorBody>('PATCH', '/chain', { token: owner, body: {} });
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('invalid_request');
    expect((await twin.api('GET', '/chain', { token: owner })).body).toEqual(before.body);
  });
});

describe('staff invitations', () => {
  it('an owner invites a dentist who can then sign in with the temporary password (local mode)', async () => {
    const res = await twin.api<StaffMember & { temporaryPassword: string }>('POST', '/staff', {
      token: owner,
      body: { email: 'New.Dentist@Demo.Local', displayName: '孙医生', role: 'dentist', clinicIds: [twin.demo.tianheId] },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ email: 'new.dentist@demo.local', role: 'dentist', status: 'invited', clinicIds: [twin.demo.tianheId] });
    expect(res.body.temporaryPassword.length).toBeGreaterThanOrEqual(10);
    const login = await twin.api<{ token: string }>('POST', '/auth/login', { body: { email: 'new.dentist@demo.local', password: res.body.temporaryPassword } });
    expect(login.status).toBe(200);
    const me = await twin.api<{ role: string; clinicScope: string[] }>('GET', '/me', { token: login.body.token });
    expect(me.body).toMatchObject({ role: 'dentist', clinicScope: [twin.demo.tianheId] });
  });

  it('the same email twice is a 409 and leaves one staff row', async () => {
    const body = { email: 'twice@demo.local', displayName: '重复', role: 'frontdesk', clinicIds: [twin.demo.jinganId] };
    expect((await twin.api('POST', '/staff', { token: owner, body })).status).toBe(201);
    const again = await twin.api<ApiErrorBody>('POST', '/staff', { token: owner, body });
    expect(again.status).toBe(409);
    expect(again.body.error.fields?.[0]?.path).toBe('email');
    const staff = await twin.api<{ items: StaffMember[] }>('GET', '/staff', { token: owner });
    expect(staff.body.items.filter((s) => s.email === 'twice@demo.local')).toHaveLength(1);
  });

  it('an identity that exists in another chain is refused and no staff row is left behind', async () => {
    const other = await twin.otherChain();
    const res = await twin.api('POST', '/staff', { token: other.ownerToken, body: { email: 'frontdesk@demo.local', displayName: '冒名', role: 'frontdesk', clinicIds: [other.clinicId] } });
    expect(res.status).toBe(409);
    const staff = await twin.api<{ items: StaffMember[] }>('GET', '/staff', { token: other.ownerToken });
    expect(staff.body.items.map((s) => s.email)).not.toContain('frontdesk@demo.local');
  });

  it('a manager may not invite an owner or a manager, nor staff for a clinic outside their scope', async () => {
    const asOwner = await twin.api<ApiErrorBody>('POST', '/staff', { token: manager, body: { email: 'boss@demo.local', displayName: '老板', role: 'owner' } });
    expect(asOwner.status).toBe(403);
    expect(asOwner.body.error.fields?.[0]?.path).toBe('role');
    const elsewhere = await twin.api<ApiErrorBody>('POST', '/staff', { token: manager, body: { email: 'x@demo.local', displayName: '某人', role: 'frontdesk', clinicIds: [twin.demo.tianheId] } });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error.fields?.[0]?.path).toBe('clinicIds.0');
  });

  it('staff other than owners must name a clinic', async () => {
    const res = await twin.api<ApiErrorBody>('POST', '/staff', { token: owner, body: { email: 'nobody@demo.local', displayName: '某人', role: 'marketing' } });
    expect(res.status).toBe(400);
    expect(res.body.error.fields?.[0]?.path).toBe('clinicIds');
  });
});

describe('onboarding', () => {
  it('a chain whose owner cannot be created is never registered for scheduled jobs', async () => {
    const { onboardChain } = await import('../../functions/services/onboarding.js');
    const { listTenantIds } = await import('../../functions/adapters/dynamo/org-repository.js');
    const before = await listTenantIds();
    await expect(
      onboardChain({ chainName: '重复老板', brand: '重复', clinic: { name: '店' }, owner: { email: 'owner@demo.local', displayName: 'x', password: 'pw-123456' } }),
    ).rejects.toThrow(/already/);
    expect((await listTenantIds()).sort()).toEqual(before.sort());
  });

  it('subscribes the chain’s people to its staff alerts, filtered on its tenantId (recorded in the local twin)', async () => {
    const { onboardChain } = await import('../../functions/services/onboarding.js');
    const { listOutbox } = await import('../../functions/adapters/dynamo/outbox-repository.js');
    const { tenantFilterPolicy } = await import('../../functions/adapters/alert-subscriptions.js');
    const result = await onboardChain({
      chainName: '提醒连锁', brand: '提醒', clinic: { name: '一店' },
      owner: { email: 'alerts-owner@demo.local', displayName: '老板', password: 'pw-123456-Aa!' },
      alerts: { email: 'alerts-owner@demo.local', phone: '+8613800000077' },
    });
    expect(result.alertSubscriptions.map((s) => s.to).sort()).toEqual(['+8613800000077', 'alerts-owner@demo.local']);
    const outbox = await listOutbox(result.chain.tenantId, 10);
    expect(outbox.items.filter((m) => m.purpose === 'alerts-subscription').map((m) => m.to).sort()).toEqual(['+8613800000077', 'alerts-owner@demo.local']);
    expect(tenantFilterPolicy(result.chain.tenantId)).toEqual({ tenantId: [result.chain.tenantId] });
  });
});

describe('sign-in', () => {
  it('the wrong password is a 401 that does not say which part was wrong', async () => {
    const wrong = await twin.api<ApiErrorBody>('POST', '/auth/login', { body: { email: 'owner@demo.local', password: 'nope' } });
    const unknown = await twin.api<ApiErrorBody>('POST', '/auth/login', { body: { email: 'ghost@demo.local', password: 'nope' } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.error.message).toBe(unknown.body.error.message);
  });

  it('a malformed sign-in is a 400 naming the field', async () => {
    const res = await twin.api<ApiErrorBody>('POST', '/auth/login', { body: { email: 'not-an-email', password: 'x' } });
    expect(res.status).toBe(400);
    expect(res.body.error.fields?.[0]?.path).toBe('email');
  });
});
