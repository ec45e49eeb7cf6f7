import type { RouteSamples, SampleContext } from './types.js';

let n = 0;
/** Cleaning at 静安店, at whatever price the clinic charges now (other samples change prices). */
export const cleaning = async (ctx: SampleContext): Promise<{ procedureId: string; priceFen: number }> => {
  const res = await ctx.twin.api<{ items: { procedureId: string; code: string; clinicPriceFen: number }[] }>('GET', `/procedures?clinicId=${ctx.twin.demo.jinganId}`, { token: ctx.ownerToken });
  const found = res.body.items.find((p) => p.code === 'cleaning');
  if (!found) throw new Error('no cleaning in the demo catalog');
  return { procedureId: found.procedureId, priceFen: found.clinicPriceFen };
};

export const visitSamples: RouteSamples = {
  'POST /patients/{patientId}/visits': async (ctx) => {
    const { procedureId, priceFen } = await cleaning(ctx);
    return {
      path: `/patients/${ctx.demoPatient.patientId}/visits`,
      body: {
        clinicId: ctx.twin.demo.jinganId,
        dentistId: ctx.twin.demo.dentistId,
        lines: [{ procedureId }],
        payments: [{ method: 'wechat', amountFen: priceFen }],
        idempotencyKey: `sample-${Date.now().toString(36)}-${n++}`,
      },
    };
  },
  'GET /patients/{patientId}/visits': (ctx) => ({ path: `/patients/${ctx.demoPatient.patientId}/visits` }),
  'GET /patients/{patientId}/timeline': (ctx) => ({ path: `/patients/${ctx.demoPatient.patientId}/timeline` }),
  'POST /patients/{patientId}/visits/{visitId}/void': async (ctx) => {
    const { procedureId, priceFen } = await cleaning(ctx);
    const res = await ctx.twin.api<{ visitId: string }>('POST', `/patients/${ctx.demoPatient.patientId}/visits`, {
      token: ctx.ownerToken,
      body: { clinicId: ctx.twin.demo.jinganId, dentistId: ctx.twin.demo.dentistId, lines: [{ procedureId }], payments: [{ method: 'cash', amountFen: priceFen }] },
    });
    if (res.status !== 201) throw new Error(`sample visit failed: ${res.status}`);
    return { path: `/patients/${ctx.demoPatient.patientId}/visits/${res.body.visitId}/void`, body: { reason: '录入错误' } };
  },
  'POST /patients/{patientId}/visits/preview': async (ctx) => {
    const { procedureId } = await cleaning(ctx);
    return { path: `/patients/${ctx.demoPatient.patientId}/visits/preview`, body: { clinicId: ctx.twin.demo.jinganId, lines: [{ procedureId }] } };
  },
};
