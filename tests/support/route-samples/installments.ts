import type { RouteSamples, SampleContext } from './types.js';
import { cleaning } from './visits.js';

let n = 0;
/** A checkout paid in two installment parts at 静安店; the sample pays the first (part 0). */
export const installmentVisit = async (ctx: SampleContext, patientId: string): Promise<string> => {
  const { procedureId, priceFen } = await cleaning(ctx);
  const first = Math.floor(priceFen / 2);
  const day = (d: number) => new Date(Date.now() + d * 86_400_000).toISOString().slice(0, 10);
  const res = await ctx.twin.api<{ visitId: string }>('POST', `/patients/${patientId}/visits`, {
    token: ctx.ownerToken,
    body: {
      clinicId: ctx.twin.demo.jinganId, dentistId: ctx.twin.demo.dentistId, lines: [{ procedureId }], idempotencyKey: `inst-${Date.now().toString(36)}-${n++}`,
      payments: [{ method: 'installment', amountFen: priceFen, schedule: [{ dueDate: day(30), amountFen: first }, { dueDate: day(60), amountFen: priceFen - first }] }],
    },
  });
  if (res.status !== 201) throw new Error(`installment visit failed: ${res.status}`);
  return res.body.visitId;
};

export const installmentSamples: RouteSamples = {
  'POST /patients/{patientId}/visits/{visitId}/installments/{n}/pay': async (ctx) => ({
    path: `/patients/${ctx.demoPatient.patientId}/visits/${await installmentVisit(ctx, ctx.demoPatient.patientId)}/installments/0/pay`,
    body: { method: 'wechat' },
  }),
  'GET /patients/{patientId}/allergy-alert': (ctx) => ({ path: `/patients/${ctx.demoPatient.patientId}/allergy-alert` }),
  'GET /installments/overdue': (ctx) => ({ path: `/installments/overdue?clinicId=${ctx.twin.demo.jinganId}` }),
  'POST /patients/{patientId}/insurance-claims': (ctx) => ({ path: `/patients/${ctx.demoPatient.patientId}/insurance-claims`, body: { insurer: '平安健康', amountFen: 120000 } }),
  'GET /patients/{patientId}/insurance-claims': (ctx) => ({ path: `/patients/${ctx.demoPatient.patientId}/insurance-claims` }),
  'PATCH /patients/{patientId}/insurance-claims/{claimId}': async (ctx) => {
    const res = await ctx.twin.api<{ claimId: string }>('POST', `/patients/${ctx.demoPatient.patientId}/insurance-claims`, { token: ctx.ownerToken, body: { insurer: '平安健康', amountFen: 50000 } });
    if (res.status !== 201) throw new Error(`sample claim failed: ${res.status}`);
    return { path: `/patients/${ctx.demoPatient.patientId}/insurance-claims/${res.body.claimId}`, body: { status: 'paid', version: 0 } };
  },
  'GET /insurance-claims/open': (ctx) => ({ path: `/insurance-claims/open?clinicId=${ctx.twin.demo.jinganId}` }),
  'GET /patients/{patientId}/visits/{visitId}/notes': async (ctx) => ({ path: `/patients/${ctx.demoPatient.patientId}/visits/${await installmentVisit(ctx, ctx.demoPatient.patientId)}/notes` }),
  'PUT /patients/{patientId}/visits/{visitId}/notes': async (ctx) => ({
    path: `/patients/${ctx.demoPatient.patientId}/visits/${await installmentVisit(ctx, ctx.demoPatient.patientId)}/notes`,
    body: { text: '右下6 根管治疗第一次，封药' },
  }),
};
