import type { RouteSamples } from './types.js';

let n = 0;
const firstProcedureId = async (ctx: Parameters<RouteSamples[string]>[0]) => {
  const res = await ctx.twin.api<{ items: { procedureId: string }[] }>('GET', '/procedures', { token: ctx.ownerToken });
  const id = res.body.items[0]?.procedureId;
  if (!id) throw new Error('the demo chain has no catalog');
  return id;
};

export const catalogSamples: RouteSamples = {
  'GET /procedures': (ctx) => ({ path: `/procedures?clinicId=${ctx.twin.demo.jinganId}` }),
  'POST /procedures': () => ({
    path: '/procedures',
    body: { code: `sample-${Date.now().toString(36)}-${n++}`, nameZh: '示例项目', nameEn: 'Sample', category: 'basic', valueTier: 'basic', priceFen: 1000 },
  }),
  'PATCH /procedures/{procedureId}': async (ctx) => ({ path: `/procedures/${await firstProcedureId(ctx)}`, body: { nameEn: 'Oral examination' } }),
  'PUT /procedures/{procedureId}/prices/{clinicId}': async (ctx) => ({ path: `/procedures/${await firstProcedureId(ctx)}/prices/${ctx.twin.demo.jinganId}`, body: { priceFen: 6000 } }),
};
