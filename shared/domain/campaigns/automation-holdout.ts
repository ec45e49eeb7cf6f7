/**
 * Holdouts on automations (issue 12, item 6): recall, reactivation, birthdays and member renewal
 * may hold out a share of households, so the owner learns what each automation is worth. The
 * arm comes from the campaigns' own hash (assignment.ts) seeded by the automation's name: stable
 * per household across runs and occasions, independent of every campaign's split. The job records
 * each decision per occasion (the holdout's record is its only trace: nobody sends it anything).
 *
 * Results compare one row per patient, their first recorded occasion, with the attribution window
 * counted from it. Only rows whose window has closed are compared once any has; before that the
 * results say the window is still open, in the campaigns' words (results.ts).
 */
import { assignArm } from './assignment.js';
import { campaignResults, type CampaignResults, type RecipientOutcome } from './results.js';

export const holdoutAutomations = ['recall', 'reactivation', 'birthday', 'renewal'] as const;
export type HoldoutAutomation = (typeof holdoutAutomations)[number];

export const isHoldoutAutomation = (value: string): value is HoldoutAutomation => (holdoutAutomations as readonly string[]).includes(value);

/** The attribution window of an automation's results: the campaigns' default. */
export const automationAttributionDays = 30;

/** The hash seed of an automation: never a campaign id (those are ULIDs), so the splits are independent. */
export const automationSeed = (automation: HoldoutAutomation): string => `automation:${automation}`;

export const automationArm = (input: { automation: HoldoutAutomation; householdKey: string; holdoutPercent: number }): 'holdout' | 'treated' =>
  assignArm({ campaignId: automationSeed(input.automation), householdKey: input.householdKey, holdoutPercent: input.holdoutPercent, variants: [{ key: 'A', percent: 100 }] }).arm;

/** What the job stored for one occasion: enough to attribute, nothing about the treatment. */
export type AssignmentRow = { patientId: string; arm: 'holdout' | 'treated'; assignedAt: string };

/** Each patient's first recorded occasion (their arm is the household's, so later ones agree). */
export const firstPerPatient = <R extends AssignmentRow>(rows: readonly R[]): R[] => {
  const first = new Map<string, R>();
  for (const row of rows) {
    const seen = first.get(row.patientId);
    if (!seen || row.assignedAt < seen.assignedAt) first.set(row.patientId, row);
  }
  return [...first.values()];
};

export const windowOf = (assignedAt: string, days = automationAttributionDays): { from: string; until: string } => ({
  from: assignedAt,
  until: new Date(Date.parse(assignedAt) + days * 86_400_000).toISOString(),
});

export type AutomationResults = CampaignResults & { automation: HoldoutAutomation; attributionDays: number; measured: number; pending: number; windowClosed: boolean };

/**
 * `outcomes` holds one outcome per row of `rows` (same order). The compared rows are those whose
 * window closed by `now`; while none has, all rows are shown with the window still open.
 */
export const automationResults = (input: { automation: HoldoutAutomation; rows: readonly AssignmentRow[]; outcomes: readonly RecipientOutcome[]; now: Date; attributionDays?: number }): AutomationResults => {
  const days = input.attributionDays ?? automationAttributionDays;
  const nowIso = input.now.toISOString();
  const closed = input.rows.map((r) => windowOf(r.assignedAt, days).until <= nowIso);
  const matured = input.outcomes.filter((_, i) => closed[i]);
  const windowClosed = matured.length > 0;
  const compared = windowClosed ? matured : input.outcomes;
  return { automation: input.automation, attributionDays: days, measured: matured.length, pending: input.rows.length - matured.length, windowClosed, ...campaignResults(compared, { windowClosed }) };
};
