import type { RouteSamples, SampleContext } from './types.js';

let n = 0;
const unique = () => `${Date.now().toString(36)}${(n++).toString(36)}`;

export const planTerms = (name: string) => ({
  name,
  priceFen: 100_000,
  termMonths: 12,
  included: [{ key: 'cleaning', procedureCode: 'cleaning', allowance: { kind: 'unlimited', minIntervalDays: 30 } }],
  discounts: [{ categories: 'all', percent: 5 }],
});

/** The seed plan of the demo chain (2980 a year). */
export const seedPlan = async (ctx: SampleContext): Promise<{ planId: string; priceFen: number; version: number }> => {
  const res = await ctx.twin.api<{ items: { planId: string; priceFen: number; version: number; name: string }[] }>('GET', '/plans', { token: ctx.ownerToken });
  const plan = res.body.items.find((p) => p.priceFen === 298_000);
  if (!plan) throw new Error('no seed plan in the demo chain');
  return plan;
};

/** A fresh patient of 静安店 (memberships change how the demo patient's checkouts are priced). */
const freshPatient = async (ctx: SampleContext): Promise<string> => {
  const res = await ctx.twin.api<{ patientId: string }>('POST', '/patients', { token: ctx.ownerToken, body: { name: `会员${unique()}`, phone: '13955550000', clinicId: ctx.twin.demo.jinganId } });
  if (res.status !== 201) throw new Error(`sample patient failed: ${res.status}`);
  return res.body.patientId;
};

export const saleBody = (clinicId: string, planId: string, priceFen: number) => ({ planId, clinicId, payments: [{ method: 'wechat', amountFen: priceFen }], acknowledgedAt: new Date().toISOString() });

const freshMembership = async (ctx: SampleContext): Promise<string> => {
  const plan = await seedPlan(ctx);
  const patientId = await freshPatient(ctx);
  const res = await ctx.twin.api<{ membershipId: string }>('POST', `/patients/${patientId}/memberships`, { token: ctx.ownerToken, body: saleBody(ctx.twin.demo.jinganId, plan.planId, plan.priceFen) });
  if (res.status !== 201) throw new Error(`sample membership failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.membershipId;
};

export const memberSamples: RouteSamples = {
  'GET /plans': () => ({ path: '/plans' }),
  'POST /plans': () => ({ path: '/plans', body: planTerms(`示例会员${unique()}`) }),
  'PUT /plans/{planId}': async (ctx) => {
    const res = await ctx.twin.api<{ planId: string; version: number }>('POST', '/plans', { token: ctx.ownerToken, body: planTerms(`待改会员${unique()}`) });
    return { path: `/plans/${res.body.planId}`, body: { version: res.body.version, terms: { ...planTerms('改后会员'), priceFen: 120_000 } } };
  },
  'GET /patients/{patientId}/memberships': (ctx) => ({ path: `/patients/${ctx.demoPatient.patientId}/memberships` }),
  'POST /patients/{patientId}/memberships': async (ctx) => {
    const plan = await seedPlan(ctx);
    return { path: `/patients/${await freshPatient(ctx)}/memberships`, body: saleBody(ctx.twin.demo.jinganId, plan.planId, plan.priceFen) };
  },
  'GET /memberships/{membershipId}': async (ctx) => ({ path: `/memberships/${await freshMembership(ctx)}` }),
  'POST /memberships/{membershipId}/renewals': async (ctx) => ({
    path: `/memberships/${await freshMembership(ctx)}/renewals`,
    body: { clinicId: ctx.twin.demo.jinganId, payments: [{ method: 'cash', amountFen: 298_000 }], acknowledgedAt: new Date().toISOString() },
  }),
  'POST /memberships/{membershipId}/cancellations': async (ctx) => ({ path: `/memberships/${await freshMembership(ctx)}/cancellations`, body: { preview: true } }),
  'GET /members/overview': (ctx) => ({ path: `/members/overview?from=2025-01-01&to=2025-12-31&clinicId=${ctx.twin.demo.jinganId}` }),
  'GET /members/renewals-due': (ctx) => ({ path: `/members/renewals-due?clinicId=${ctx.twin.demo.jinganId}&limit=5` }),
  'GET /members/lapsed': (ctx) => ({ path: `/members/lapsed?clinicId=${ctx.twin.demo.jinganId}&limit=5` }),
  'PUT /members/reserve-setting': async (ctx) => {
    const res = await ctx.twin.api<{ liability: { reserveVersion: number } }>('GET', '/members/overview?from=2025-01-01&to=2025-01-31', { token: ctx.ownerToken });
    return { path: '/members/reserve-setting', body: { reservePercent: 30, version: res.body.liability.reserveVersion } };
  },
};
