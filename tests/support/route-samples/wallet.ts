import type { Patient } from '../../../shared/schemas/patient.js';
import type { WalletChange, WalletRulesView } from '../../../shared/schemas/wallet.js';
import type { RouteSamples, SampleContext } from './types.js';
import type { PointsRulesView } from '../../../shared/schemas/points.js';

const must = <T>(res: { status: number; body: T }, what: string): T => {
  if (res.status >= 300) throw new Error(`${what} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

const topUp = async (ctx: SampleContext, patientId: string, amountFen = 10_000) =>
  must(await ctx.twin.api<WalletChange>('POST', `/patients/${patientId}/wallet/top-ups`, { token: ctx.ownerToken, body: { amountFen, method: 'cash' } }), 'sample top-up');

let n = 0;
/** A fresh two-person family in 静安店, the first with money on the card. */
const family = async (ctx: SampleContext): Promise<[string, string]> => {
  const [a, b] = await Promise.all([0, 1].map(async (i) => must(await ctx.twin.api<Patient>('POST', '/patients', { token: ctx.ownerToken, body: { name: `储值家庭${n++}${i}`, phone: `1370000${String(4000 + (n % 5000)).padStart(4, '0')}`, clinicId: ctx.twin.demo.jinganId } }), 'sample patient')));
  if (!a || !b) throw new Error('sample family');
  const fam = must(await ctx.twin.api<{ family: { familyId: string } }>('PUT', `/patients/${a.patientId}/family`, { token: ctx.ownerToken, body: { familyId: 'new', relation: 'self' } }), 'sample family');
  must(await ctx.twin.api('PUT', `/patients/${b.patientId}/family`, { token: ctx.ownerToken, body: { familyId: fam.family.familyId, relation: 'other' } }), 'sample family member');
  await topUp(ctx, a.patientId);
  return [a.patientId, b.patientId];
};

export const walletSamples: RouteSamples = {
  'GET /patients/{patientId}/wallet': (ctx) => ({ path: `/patients/${ctx.demoPatient.patientId}/wallet` }),
  'POST /patients/{patientId}/wallet/top-ups': (ctx) => ({ path: `/patients/${ctx.demoPatient.patientId}/wallet/top-ups`, body: { amountFen: 10_000, method: 'wechat' } }),
  'POST /patients/{patientId}/wallet/debits': async (ctx) => {
    await topUp(ctx, ctx.demoPatient.patientId);
    return { path: `/patients/${ctx.demoPatient.patientId}/wallet/debits`, body: { amountFen: 100, reason: '洁牙' } };
  },
  'POST /patients/{patientId}/wallet/debits/{entryId}/void': async (ctx) => {
    await topUp(ctx, ctx.demoPatient.patientId);
    const debit = must(await ctx.twin.api<WalletChange>('POST', `/patients/${ctx.demoPatient.patientId}/wallet/debits`, { token: ctx.ownerToken, body: { amountFen: 100, reason: 'sample' } }), 'sample debit');
    return { path: `/patients/${ctx.demoPatient.patientId}/wallet/debits/${debit.entry.entryId}/void`, body: { reason: '收错' } };
  },
  'POST /patients/{patientId}/wallet/refunds': async (ctx) => {
    await topUp(ctx, ctx.demoPatient.patientId);
    return { path: `/patients/${ctx.demoPatient.patientId}/wallet/refunds`, body: { amountFen: 100, method: 'cash' } };
  },
  'POST /patients/{patientId}/wallet/transfers': async (ctx) => {
    const [from, to] = await family(ctx);
    return { path: `/patients/${from}/wallet/transfers`, body: { toPatientId: to, amountFen: 100 } };
  },
  'GET /wallet/bonus-rules': () => ({ path: '/wallet/bonus-rules' }),
  'GET /patients/{patientId}/points': (ctx) => ({ path: `/patients/${ctx.demoPatient.patientId}/points` }),
  'GET /points/rules': () => ({ path: '/points/rules' }),
  'PUT /points/rules': async (ctx) => {
    const current = must(await ctx.twin.api<PointsRulesView>('GET', '/points/rules', { token: ctx.ownerToken }), 'sample points rules');
    return { path: '/points/rules', body: { earnPointsPerYuan: current.earnPointsPerYuan, spendPointsPerYuan: current.spendPointsPerYuan, maxSharePercent: current.maxSharePercent, expectedVersion: current.version } };
  },
  'PUT /wallet/bonus-rules': async (ctx) => {
    const current = must(await ctx.twin.api<WalletRulesView>('GET', '/wallet/bonus-rules', { token: ctx.ownerToken }), 'sample rules');
    return { path: '/wallet/bonus-rules', body: { tiers: current.tiers, debitOrder: current.debitOrder, expectedVersion: current.version } };
  },
};
