/** The dashboard's KPI reads (issue 5): rollup overview, nightly patient-base snapshot, the patients behind a number. */
import { kpiOverviewQuerySchema, kpiPatientBaseQuerySchema, kpiPatientsQuerySchema } from '../../../shared/schemas/kpi.js';
import { kpiOverview } from '../../services/kpi-overview.js';
import { patientBase } from '../../services/kpi-patient-base.js';
import { kpiPatients } from '../../services/kpi-patients.js';
import { queryParams } from '../lib/request.js';
import { createAreaHandler, ok } from '../lib/router.js';

export const handler = createAreaHandler('kpi', {
  'GET /kpi/overview': async (event, caller) => ok(await kpiOverview(caller, queryParams(event, kpiOverviewQuerySchema))),

  'GET /kpi/patient-base': async (event, caller) => ok(await patientBase(caller, queryParams(event, kpiPatientBaseQuerySchema).clinicId)),

  'GET /kpi/patients': async (event, caller) => ok(await kpiPatients(caller, queryParams(event, kpiPatientsQuerySchema))),
});
