import type { RouteSamples } from './types.js';

/** Holdouts on automations: an automation's results, and a patient's campaign section. */
export const automationHoldoutSamples: RouteSamples = {
  'GET /automations/{automation}/results': () => ({ path: '/automations/recall/results' }),
  'GET /patients/{patientId}/campaigns': (ctx) => ({ path: `/patients/${ctx.demoPatient.patientId}/campaigns` }),
};
