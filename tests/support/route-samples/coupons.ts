import type { Coupon, CouponDefinition } from '../../../shared/schemas/coupons.js';
import type { RouteSamples, SampleContext } from './types.js';

const must = <T>(res: { status: number; body: T }, what: string): T => {
  if (res.status >= 300) throw new Error(`${what} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

const definitionBody = { name: '满200减30', value: { kind: 'amount', amountFen: 3_000 }, minSpendFen: 20_000, validity: { days: 30 } };

const definition = async (ctx: SampleContext): Promise<CouponDefinition> =>
  must(await ctx.twin.api<CouponDefinition>('POST', '/coupon-definitions', { token: ctx.ownerToken, body: definitionBody }), 'sample coupon definition');

export const couponSamples: RouteSamples = {
  'GET /coupon-definitions': () => ({ path: '/coupon-definitions' }),
  // Scoped to 静安店: a manager defines coupons for their own clinics only.
  'POST /coupon-definitions': (ctx) => ({ path: '/coupon-definitions', body: { ...definitionBody, clinicIds: [ctx.twin.demo.jinganId] } }),
  'GET /patients/{patientId}/coupons': (ctx) => ({ path: `/patients/${ctx.demoPatient.patientId}/coupons` }),
  'POST /patients/{patientId}/coupons': async (ctx) => ({ path: `/patients/${ctx.demoPatient.patientId}/coupons`, body: { definitionId: (await definition(ctx)).definitionId } }),
  'GET /patients/{patientId}/coupons/{code}': async (ctx) => {
    const { definitionId } = await definition(ctx);
    const coupon = must(await ctx.twin.api<Coupon>('POST', `/patients/${ctx.demoPatient.patientId}/coupons`, { token: ctx.ownerToken, body: { definitionId } }), 'sample coupon');
    return { path: `/patients/${ctx.demoPatient.patientId}/coupons/${coupon.code}` };
  },
  // Scoped to 静安店, so a manager of it may stop it too.
  'POST /coupon-definitions/{definitionId}/deactivation': async (ctx) => {
    const made = must(await ctx.twin.api<CouponDefinition>('POST', '/coupon-definitions', { token: ctx.ownerToken, body: { ...definitionBody, clinicIds: [ctx.twin.demo.jinganId] } }), 'sample coupon definition');
    return { path: `/coupon-definitions/${made.definitionId}/deactivation` };
  },
};
