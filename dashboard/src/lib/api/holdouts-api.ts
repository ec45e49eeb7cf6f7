/**
 * Holdouts on automations (issue 12, items 6–7): an automation's results against its holdout, and
 * a patient's campaign section. One method per route of shared/api-routes/automation-holdouts.ts.
 */
import type { HoldoutAutomation } from '$shared/domain/campaigns/automation-holdout';
import type { AutomationResultsView, PatientCampaignEntry } from '$shared/schemas/automation-holdouts';
import type { HttpClient } from './http-client';
import type { Items } from './types';

export type { AutomationResultsView, HoldoutAutomation, PatientCampaignEntry };

const seg = encodeURIComponent;

export class HoldoutsApi {
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  /** campaigns:read (owner, manager, marketing): counts and money only */
  results(automation: HoldoutAutomation): Promise<AutomationResultsView> {
    return this.#http.request('GET', `/automations/${seg(automation)}/results`);
  }

  /** campaigns:read: what campaigns and automations with a holdout sent the patient, or that they were held out */
  patientCampaigns(patientId: string): Promise<Items<PatientCampaignEntry>> {
    return this.#http.request('GET', `/patients/${seg(patientId)}/campaigns`);
  }
}
