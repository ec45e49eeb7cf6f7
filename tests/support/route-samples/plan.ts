/**
 * Planning samples: the current Shanghai month at 静安店 (in every demo role's scope). Setting
 * targets reads the version first with the owner's token, so each call succeeds on its own.
 */
import { localDay } from '../../../shared/domain/time.js';
import type { TargetsView } from '../../../shared/schemas/plan.js';
import type { RouteSamples } from './types.js';

const month = () => localDay(new Date(), 'Asia/Shanghai').slice(0, 7);

export const planSamples: RouteSamples = {
  'GET /targets': (ctx) => ({ path: `/targets?month=${month()}&clinicId=${ctx.twin.demo.jinganId}` }),
  'PUT /targets/{clinicId}/{month}': async (ctx) => {
    const view = await ctx.twin.api<TargetsView>('GET', `/targets?month=${month()}&clinicId=${ctx.twin.demo.jinganId}`, { token: ctx.ownerToken });
    const version = view.body.clinics?.[0]?.version ?? 0;
    return { path: `/targets/${ctx.twin.demo.jinganId}/${month()}`, body: { visits: 600, revenueFen: 30_000_000, newPatients: 80, returnRate: 45, nps: 50, newMembers: 12, version } };
  },
  'GET /performance': (ctx) => ({ path: `/performance?month=${month()}&clinicId=${ctx.twin.demo.jinganId}` }),
  'GET /staffing': (ctx) => ({ path: `/staffing?clinicId=${ctx.twin.demo.jinganId}` }),
};
