/** Planning (issue 13): monthly targets and their progress, figures per staff member, staffing by hour. */
import { monthSchema, performanceQuerySchema, staffingQuerySchema, targetsQuerySchema, targetsUpdateSchema } from '../../../shared/schemas/plan.js';
import { monthPerformance } from '../../services/plan-performance.js';
import { clinicStaffing } from '../../services/plan-staffing.js';
import { monthTargets, setTargets } from '../../services/plan-targets.js';
import { jsonBody, parseWith, pathParam, queryParams } from '../lib/request.js';
import { createAreaHandler, ok } from '../lib/router.js';

export const handler = createAreaHandler('plan', {
  'GET /targets': async (event, caller) => ok(await monthTargets(caller, queryParams(event, targetsQuerySchema))),

  'PUT /targets/{clinicId}/{month}': async (event, caller) => {
    const month = parseWith(monthSchema, pathParam(event, 'month'));
    return ok(await setTargets(caller, pathParam(event, 'clinicId'), month, jsonBody(event, targetsUpdateSchema)));
  },

  'GET /performance': async (event, caller) => ok(await monthPerformance(caller, queryParams(event, performanceQuerySchema))),

  'GET /staffing': async (event, caller) => ok(await clinicStaffing(caller, queryParams(event, staffingQuerySchema).clinicId)),
});
