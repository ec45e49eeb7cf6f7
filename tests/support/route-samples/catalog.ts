import type { RouteSamples } from './types.js';

let n = 0;
const firstProcedure = async (ctx: Parameters<RouteSamples[string]>[0]) => {
  const res = await ctx.twin.api<{ items: { procedureId: string; version: number }[] }>('GET', '/procedures', { token: ctx.ownerToken });
  const first = res.body.items[0];
  if (!first) throw new Error('the demo chain has no catalog');
  return first;
};

export const catalogSamples: RouteSamples = {
  'GET /procedures': (ctx) => ({ path: `/procedures?clinicId=${ctx.twin.demo.jinganId}` }),
  'POST /procedures': () => ({
    path: '/procedures',
    body: { code: `sample-${Date.now().toString(36)}-${n++}`, nameZh: '示例项目', nameEn: 'Sample', category: 'basic', valueTier: 'basic', priceFen: 1000 },
  }),
  'PATCH /procedures/{procedureId}': async (ctx) => {
    const { procedureId, version } = await firstProcedure(ctx);
    return { path: `/procedures/${procedureId}`, body: { nameEn: 'Oral examination', version } };
  },
  'PUT /procedures/{procedureId}/prices/{clinicId}': async (ctx) => {
    const { procedureId, version } = await firstProcedure(ctx);
    return { path: `/procedures/${procedureId}/prices/${ctx.twin.demo.jinganId}`, body: { priceFen: 6000, version } };
  },
};
