import { addDays, localDay } from '../../../shared/domain/time.js';
import type { RouteSamples } from './types.js';

/** The last 30 Shanghai days: the dashboard's default range. */
const range = () => {
  const today = localDay(new Date(), 'Asia/Shanghai');
  return { from: addDays(today, -29), to: today };
};

// 静安店 is in every demo role's scope, so each allowed role gets a 200 here.
export const kpiSamples: RouteSamples = {
  'GET /kpi/overview': (ctx) => ({ path: `/kpi/overview?from=${range().from}&to=${range().to}&clinicId=${ctx.twin.demo.jinganId}` }),
  'GET /kpi/patient-base': (ctx) => ({ path: `/kpi/patient-base?clinicId=${ctx.twin.demo.jinganId}` }),
  'GET /kpi/patients': (ctx) => ({ path: `/kpi/patients?list=visitors:${range().from}:${range().to}&clinicId=${ctx.twin.demo.jinganId}` }),
};
