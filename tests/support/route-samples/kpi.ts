import type { RouteSamples } from './types.js';

/** The last 30 Shanghai days: the dashboard's default range. */
const range = () => {
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const from = new Date(Date.parse(`${today}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
  return { from, to: today };
};

// 静安店 is in every demo role's scope, so each allowed role gets a 200 here.
export const kpiSamples: RouteSamples = {
  'GET /kpi/overview': (ctx) => ({ path: `/kpi/overview?from=${range().from}&to=${range().to}&clinicId=${ctx.twin.demo.jinganId}` }),
  'GET /kpi/patient-base': (ctx) => ({ path: `/kpi/patient-base?clinicId=${ctx.twin.demo.jinganId}` }),
  'GET /kpi/patients': (ctx) => ({ path: `/kpi/patients?list=visitors:${range().from}:${range().to}&clinicId=${ctx.twin.demo.jinganId}` }),
};
