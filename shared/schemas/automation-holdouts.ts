/** The automations that may hold out a share of households (path parameter of their results). */
import * as z from 'zod';
import { holdoutAutomations, type AutomationResults, type HoldoutAutomation } from '../domain/campaigns/automation-holdout.js';

export const holdoutAutomationSchema = z.enum(holdoutAutomations);

/** GET /automations/{automation}/results: the campaigns' results of one automation, with its current share. */
export type AutomationResultsView = AutomationResults & { holdoutPercent: number };

type Arm = 'holdout' | 'treated';
/** GET /patients/{patientId}/campaigns: a campaign or an automation with a holdout, and what this patient got from it. */
export type PatientCampaignEntry =
  | { kind: 'campaign'; campaignId: string; name: string; arm: Arm; variant?: string; outcome?: string; at: string }
  | { kind: 'automation'; automation: HoldoutAutomation; arm: Arm; outcome?: string; at: string };
