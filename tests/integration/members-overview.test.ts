/**
 * The Members page's numbers are kept in the same transactions as the records (issue 11, item
 * 10): after sales, a renewal, a cancellation and wallet changes, the overview moves by exactly
 * what the records say, the liability equals the balances, and only owners and managers read it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Patient } from '../../shared/schemas/patient.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let owner: string;
let seed: { planId: string; priceFen: number };

type Overview = {
  totals: { activeCards: number; newCards: number; renewed: number; cancelled: number; feeSoldFen: number };
  clinics: { clinicId: string; storedValue: { topUpFen: number; spentFen: number; refundFen: number } }[];
  staff: { cards: number; feeFen: number; topUpFen: number }[];
  renewalsDueIn90Days: number;
  liability: { reservePercent: number; reserveVersion: number; clinics: { clinicId: string; storedValuePrincipalFen: number; storedValueBonusFen: number; unearnedFeesFen: number }[] };
};

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const overview = async (token = owner) =>
  twin.api<Overview>('GET', `/members/overview?from=${today().slice(0, 8)}01&to=${today()}&clinicId=${twin.demo.jinganId}`, { token });
const newPatient = async (name: string) =>
  (await twin.api<Patient>('POST', '/patients', { token: owner, body: { name, phone: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`, clinicId: twin.demo.jinganId } })).body;
const payment = (fen: number) => ({ clinicId: twin.demo.jinganId, payments: [{ method: 'wechat', amountFen: fen }], acknowledgedAt: new Date().toISOString() });

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
  const plans = await twin.api<{ items: { planId: string; priceFen: number }[] }>('GET', '/plans', { token: owner });
  const found = plans.body.items.find((p) => p.priceFen === 298_000);
  if (!found) throw new Error('the seed plan is missing');
  seed = found;
});
afterAll(async () => twin?.stop());

describe('members overview', () => {
  it('moves by exactly what sales, a renewal, a cancellation and wallet changes recorded', async () => {
    const before = (await overview()).body;
    const a = await newPatient('会员甲');
    const b = await newPatient('会员乙');
    const sold = await twin.api<{ membershipId: string }>('POST', `/patients/${a.patientId}/memberships`, { token: owner, body: { planId: seed.planId, ...payment(seed.priceFen) } });
    expect(sold.status).toBe(201);
    const other = await twin.api<{ membershipId: string }>('POST', `/patients/${b.patientId}/memberships`, { token: owner, body: { planId: seed.planId, ...payment(seed.priceFen) } });
    expect((await twin.api('POST', `/memberships/${sold.body.membershipId}/renewals`, { token: owner, body: payment(seed.priceFen) })).status).toBe(201);
    const cancelled = await twin.api('POST', `/memberships/${other.body.membershipId}/cancellations`, { token: owner, body: { reason: '搬家', refund: { method: 'wechat', amountFen: 100_000 } } });
    expect(cancelled.status).toBe(201);
    const wallet = (action: string, body: unknown) => twin.api('POST', `/patients/${a.patientId}/wallet/${action}`, { token: owner, body });
    expect((await wallet('top-ups', { amountFen: 300_000, method: 'wechat' })).status).toBe(201);
    expect((await wallet('debits', { amountFen: 20_000, reason: '洁牙' })).status).toBe(201);
    const account = await twin.api<{ principalFen: number; bonusFen: number }>('GET', `/patients/${a.patientId}/wallet`, { token: owner });

    const after = (await overview()).body;
    expect(after.totals.newCards - before.totals.newCards).toBe(2);
    expect(after.totals.renewed - before.totals.renewed).toBe(1);
    expect(after.totals.cancelled - before.totals.cancelled).toBe(1);
    expect(after.totals.activeCards - before.totals.activeCards).toBe(1);
    expect(after.totals.feeSoldFen - before.totals.feeSoldFen).toBe(3 * seed.priceFen);
    const clinic = (o: Overview) => o.clinics.find((c) => c.clinicId === twin.demo.jinganId);
    expect((clinic(after)?.storedValue.topUpFen ?? 0) - (clinic(before)?.storedValue.topUpFen ?? 0)).toBe(300_000);
    expect((clinic(after)?.storedValue.spentFen ?? 0) - (clinic(before)?.storedValue.spentFen ?? 0)).toBe(20_000);
    const liability = (o: Overview) => o.liability.clinics.find((c) => c.clinicId === twin.demo.jinganId);
    expect((liability(after)?.storedValuePrincipalFen ?? 0) - (liability(before)?.storedValuePrincipalFen ?? 0)).toBe(account.body.principalFen);
    expect((liability(after)?.storedValueBonusFen ?? 0) - (liability(before)?.storedValueBonusFen ?? 0)).toBe(account.body.bonusFen);
    // The live card's two terms are unearned but for this month's share of the first (2980 / 12, floored).
    expect((liability(after)?.unearnedFeesFen ?? 0) - (liability(before)?.unearnedFeesFen ?? 0)).toBe(2 * seed.priceFen - Math.floor(seed.priceFen / 12));
    expect(after.staff.reduce((s, r) => s + r.cards, 0) - before.staff.reduce((s, r) => s + r.cards, 0)).toBe(3);

    // The funnel's member step counts the patients live cards cover (the cancelled card's holder is not one).
    const { runPatientMetrics } = await import('../../functions/jobs/patient-metrics.js');
    await runPatientMetrics(twin.demo.tenantId, new Date());
    const base = await twin.api<{ funnel: { step: string; count: number; list: string }[] }>('GET', `/kpi/patient-base?clinicId=${twin.demo.jinganId}`, { token: owner });
    const memberStep = base.body.funnel.find((s) => s.step === 'member');
    expect(memberStep?.count).toBeGreaterThanOrEqual(1);
    const listed = await twin.api<{ items: { patientId: string }[] }>('GET', `/kpi/patients?list=${encodeURIComponent(memberStep?.list ?? '')}&clinicId=${twin.demo.jinganId}&limit=200`, { token: owner });
    expect(listed.body.items.map((p) => p.patientId)).toContain(a.patientId);
    expect(listed.body.items.map((p) => p.patientId)).not.toContain(b.patientId);

    const due = await twin.api<{ items: { membershipId: string }[] }>('GET', `/members/renewals-due?clinicId=${twin.demo.jinganId}&limit=50`, { token: owner });
    expect(due.status).toBe(200);
    expect(due.body.items.some((i) => i.membershipId === other.body.membershipId)).toBe(false);
  });

  it('the nightly run gives members vs non-members visits and spend, and entitlement use against what the term made available', async () => {
    const procedures = await twin.api<{ items: { code: string; procedureId: string; clinicPriceFen: number }[] }>('GET', `/procedures?clinicId=${twin.demo.jinganId}`, { token: owner });
    const proc = (code: string) => procedures.body.items.find((p) => p.code === code);
    const holder = await newPatient('用量会员');
    const sold = await twin.api<{ membershipId: string }>('POST', `/patients/${holder.patientId}/memberships`, { token: owner, body: { planId: seed.planId, ...payment(seed.priceFen) } });
    expect(sold.status).toBe(201);
    const { runPatientMetrics } = await import('../../functions/jobs/patient-metrics.js');
    await runPatientMetrics(twin.demo.tenantId, new Date());
    type Usage = { visits: { clinicId: string; members: { patients: number; visits: number; spendFen: number } }[]; entitlements: { clinicId: string; key: string; basis: string; used: number; available: number; cards: number }[] };
    const usageOf = async () => (await twin.api<Overview & { usage: Usage | null }>('GET', `/members/overview?from=${today().slice(0, 8)}01&to=${today()}&clinicId=${twin.demo.jinganId}`, { token: owner })).body.usage;
    const before = await usageOf();
    const checkup = proc('exam');
    const visit = await twin.api('POST', `/patients/${holder.patientId}/visits`, {
      token: owner, body: { clinicId: twin.demo.jinganId, dentistId: twin.demo.dentistId, lines: [{ procedureId: proc('cleaning')?.procedureId }, { procedureId: checkup?.procedureId }], payments: [] },
    });
    expect(visit.status, JSON.stringify(visit.body)).toBe(201);
    await runPatientMetrics(twin.demo.tenantId, new Date());
    const after = await usageOf();
    if (!before || !after) throw new Error('the nightly member figures are missing');
    const row = (u: Usage, key: string) => u.entitlements.find((e) => e.clinicId === twin.demo.jinganId && e.key === key);
    expect((row(after, 'cleaning')?.used ?? 0) - (row(before, 'cleaning')?.used ?? 0)).toBe(1);
    expect((row(after, 'checkup')?.used ?? 0) - (row(before, 'checkup')?.used ?? 0)).toBe(1);
    expect(row(after, 'perio')).toMatchObject({ basis: 'term' });
    // The seed plan's 2 perio per term per card: available is 2 × live cards.
    expect(row(after, 'perio')?.available).toBe(2 * (row(after, 'perio')?.cards ?? 0));
    const members = (u: Usage) => u.visits.find((v) => v.clinicId === twin.demo.jinganId)?.members ?? { patients: 0, visits: 0, spendFen: 0 };
    expect(members(after).visits - members(before).visits).toBe(1);
    expect(members(after).patients).toBe(members(before).patients);
    for (const role of ['frontdesk', 'marketing'] as const) expect((await twin.api('GET', `/members/overview?from=${today()}&to=${today()}`, { token: await twin.tokenFor(role) })).status).toBe(403);
  });

  it('only owners and managers read it; only the owner sets the reserve, within 20–40%', async () => {
    for (const role of ['frontdesk', 'dentist', 'marketing'] as const) expect((await overview(await twin.tokenFor(role))).status).toBe(403);
    expect((await overview(await twin.tokenFor('manager'))).status).toBe(200);
    const current = (await overview()).body.liability;
    const tooHigh = await twin.api<{ error: { fields: { path: string }[] } }>('PUT', '/members/reserve-setting', { token: owner, body: { reservePercent: 45, version: current.reserveVersion } });
    expect(tooHigh.status).toBe(400);
    expect(tooHigh.body.error.fields[0]?.path).toBe('reservePercent');
    const set = await twin.api('PUT', '/members/reserve-setting', { token: owner, body: { reservePercent: 40, version: current.reserveVersion } });
    expect(set.status).toBe(200);
    expect((await twin.api('PUT', '/members/reserve-setting', { token: owner, body: { reservePercent: 20, version: current.reserveVersion } })).status).toBe(409);
    expect((await overview()).body.liability.reservePercent).toBe(40);
  });
});
