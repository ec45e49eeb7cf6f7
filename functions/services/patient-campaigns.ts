/**
 * GET /patients/{patientId}/campaigns: what campaigns and automations with a holdout did for one
 * patient: the messages they were sent, or that they were held out. Read like the profile (the
 * caller's chain and clinics, else 404). No medical field, occasion or procedure: marketing reads
 * it, so an automation entry names only the automation, its arm, the send's outcome and the time.
 */
import type { Caller } from '../../shared/domain/access.js';
import type { PatientCampaignEntry } from '../../shared/schemas/automation-holdouts.js';
import { patientAssignments } from '../adapters/dynamo/automation-holdout-repository.js';
import { listCampaigns } from '../adapters/dynamo/campaign-repository.js';
import { patientCampaignMessages, patientRecipients, patientTriggerRecipients } from '../adapters/dynamo/patient-campaigns-repository.js';
import { readPatient } from './patient-service.js';
import { audiencesHiddenFrom } from './treatment-aimed.js';

export const patientCampaigns = async (caller: Caller, patientId: string): Promise<{ items: PatientCampaignEntry[] }> => {
  await readPatient(caller, patientId);
  const [campaigns, assignments, hidden] = await Promise.all([listCampaigns(caller.tenantId), patientAssignments(caller.tenantId, patientId), audiencesHiddenFrom(caller)]);
  // A campaign aimed by treatment is left out for roles that may not learn who had it.
  const names = new Map(campaigns.filter((c) => !hidden.has(c.campaignId)).map((c) => [c.campaignId, c.name]));
  const triggered = campaigns.filter((c) => c.schedule.kind === 'trigger' && names.has(c.campaignId)).map((c) => c.campaignId);
  const [batch, fromTriggers, messages] = await Promise.all([
    patientRecipients(caller.tenantId, patientId, [...names.keys()]),
    patientTriggerRecipients(caller.tenantId, patientId, triggered),
    patientCampaignMessages(caller.tenantId, patientId),
  ]);
  const recipients = [...batch, ...fromTriggers];
  // A run's recipient item (held out, or recorded before page results) and a triggered campaign's
  // (one per triggering record) say it all; a treated member of a newer batch run is its ledger item.
  const recorded = new Set(recipients.map((r) => `${r.campaignId}|${r.runKey}`));
  const sent = messages.filter((m) => names.has(m.campaignId) && !recorded.has(`${m.campaignId}|${m.runKey}`));
  const items: PatientCampaignEntry[] = [
    ...recipients.map((r): PatientCampaignEntry => ({
      kind: 'campaign', campaignId: r.campaignId, name: names.get(r.campaignId) ?? '', arm: r.arm,
      ...(r.arm === 'treated' && r.variant ? { variant: r.variant } : {}), ...(r.outcome ? { outcome: r.outcome } : {}), at: r.assignedAt,
    })),
    ...sent.map((m): PatientCampaignEntry => ({ kind: 'campaign', campaignId: m.campaignId, name: names.get(m.campaignId) ?? '', arm: 'treated', ...(m.variant ? { variant: m.variant } : {}), outcome: m.status, at: m.at })),
    ...assignments.map((a): PatientCampaignEntry => ({ kind: 'automation', automation: a.automation, arm: a.arm, ...(a.outcome ? { outcome: a.outcome } : {}), at: a.assignedAt })),
  ];
  return { items: items.sort((a, b) => b.at.localeCompare(a.at)) };
};
