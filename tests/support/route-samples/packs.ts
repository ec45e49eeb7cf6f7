import type { RouteSamples, SampleContext } from './types.js';

let n = 0;
const unique = () => `${Date.now().toString(36)}${(n++).toString(36)}`;

export const packTerms = (name: string) => ({ name, procedureCode: 'cleaning', count: 5, priceFen: 90_000, validityMonths: 12 });

const freshProduct = async (ctx: SampleContext): Promise<{ productId: string; version: number; priceFen: number }> => {
  const res = await ctx.twin.api<{ productId: string; version: number; priceFen: number }>('POST', '/pack-products', { token: ctx.ownerToken, body: packTerms(`洁牙次卡${unique()}`) });
  if (res.status !== 201) throw new Error(`sample pack product failed: ${res.status}`);
  return res.body;
};

const freshPatient = async (ctx: SampleContext): Promise<string> => {
  const res = await ctx.twin.api<{ patientId: string }>('POST', '/patients', { token: ctx.ownerToken, body: { name: `次卡${unique()}`, phone: '13955551111', clinicId: ctx.twin.demo.jinganId } });
  if (res.status !== 201) throw new Error(`sample patient failed: ${res.status}`);
  return res.body.patientId;
};

export const packSaleBody = (clinicId: string, productId: string, priceFen: number) => ({ productId, clinicId, payments: [{ method: 'wechat', amountFen: priceFen }], acknowledgedAt: new Date().toISOString() });

export const packSamples: RouteSamples = {
  'GET /pack-products': () => ({ path: '/pack-products' }),
  'POST /pack-products': () => ({ path: '/pack-products', body: packTerms(`示例次卡${unique()}`) }),
  'PUT /pack-products/{productId}': async (ctx) => {
    const product = await freshProduct(ctx);
    return { path: `/pack-products/${product.productId}`, body: { version: product.version, terms: { ...packTerms('改后次卡'), priceFen: 80_000 } } };
  },
  'GET /patients/{patientId}/packs': (ctx) => ({ path: `/patients/${ctx.demoPatient.patientId}/packs` }),
  'POST /patients/{patientId}/packs': async (ctx) => {
    const product = await freshProduct(ctx);
    return { path: `/patients/${await freshPatient(ctx)}/packs`, body: packSaleBody(ctx.twin.demo.jinganId, product.productId, product.priceFen) };
  },
  'POST /packs/{packId}/cancellations': async (ctx) => {
    const product = await freshProduct(ctx);
    const res = await ctx.twin.api<{ packId: string }>('POST', `/patients/${await freshPatient(ctx)}/packs`, { token: ctx.ownerToken, body: packSaleBody(ctx.twin.demo.jinganId, product.productId, product.priceFen) });
    if (res.status !== 201) throw new Error(`sample pack failed: ${res.status}`);
    return { path: `/packs/${res.body.packId}/cancellations`, body: { preview: true } };
  },
};
