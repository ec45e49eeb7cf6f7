/** Holdouts on automations: an automation's results and a patient's campaign section. Served by the marketing area. */
import { automationResultsOf } from '../../services/automation-results.js';
import { patientCampaigns } from '../../services/patient-campaigns.js';
import { pathParam } from '../lib/request.js';
import { ok, type AreaOperations } from '../lib/router.js';

export const automationHoldoutOperations: AreaOperations = {
  'GET /automations/{automation}/results': async (event, caller) => ok(await automationResultsOf(caller, pathParam(event, 'automation'))),
  'GET /patients/{patientId}/campaigns': async (event, caller) => ok(await patientCampaigns(caller, pathParam(event, 'patientId'))),
};
