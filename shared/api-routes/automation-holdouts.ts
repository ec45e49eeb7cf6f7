/** Holdouts on automations (issue 12, items 6–7): each automation's results, and a patient's campaign history. */
import { route } from './route-definition.js';

export const automationHoldoutRoutes = [
  // Counts and money totals, like a campaign's results: whoever reads campaign results reads these.
  route('GET', '/automations/{automation}/results', 'marketing', 'campaigns:read'),
  // Campaigns and automations a patient received or was held out of; no medical field, so marketing may read it.
  route('GET', '/patients/{patientId}/campaigns', 'marketing', 'campaigns:read'),
];
