/**
 * The automation jobs' audience step when a holdout is on (issue 12, item 6): before a recall,
 * reactivation, birthday or renewal message is sent, the patient's household is assigned an arm
 * (the campaigns' hash), the decision is claimed per occasion, and a held-out patient gets
 * nothing. Sits in front of the send pipeline and never inside it: the pipeline's claim and
 * ledger are unchanged, and with the holdout off (the default) this costs no read at all.
 */
import { automationArm, type HoldoutAutomation } from '../../shared/domain/campaigns/automation-holdout.js';
import { claimAssignment, recordedArm, recordAssignmentOutcome } from '../adapters/dynamo/automation-holdout-repository.js';
import { getPatient } from '../adapters/dynamo/patient-repository.js';
import { householdKeyOf } from './segment-facts-of.js';

export type HoldoutContext = { tenantId: string; automation: HoldoutAutomation; holdoutPercent: number; now: Date };

/** 'heldOut' the first time an occasion is held out; 'heldOutAgain' for a run that finds it recorded. */
export type HeldOut = { status: 'heldOut' | 'heldOutAgain' };

/**
 * Runs `send` for a treated patient (recording its outcome) or holds the patient out. With the
 * holdout at 0 it is `send()` itself: nothing is recorded, the automation runs as before.
 */
export const withHoldout = async <O extends { status: string }>(ctx: HoldoutContext, patientId: string, occasion: string, send: () => Promise<O>): Promise<O | HeldOut> => {
  if (ctx.holdoutPercent <= 0) return send();
  const patient = await getPatient(ctx.tenantId, patientId);
  // No profile: the pipeline answers for it (skipped), as it does without a holdout.
  if (!patient) return send();
  const householdKey = patient.phone ? householdKeyOf(ctx.tenantId, patient.phone) : patientId;
  const key = { automation: ctx.automation, patientId, occasion };
  const arm = automationArm({ automation: ctx.automation, householdKey, holdoutPercent: ctx.holdoutPercent });
  const recorded = await claimAssignment(ctx.tenantId, { ...key, arm, assignedAt: ctx.now.toISOString(), holdoutPercent: ctx.holdoutPercent });
  // The arm recorded first wins: a settings change between two runs of one occasion cannot flip it.
  const settled = recorded ? arm : ((await recordedArm(ctx.tenantId, key)) ?? arm);
  if (settled === 'holdout') return { status: recorded ? 'heldOut' : 'heldOutAgain' };
  const outcome = await send();
  // A duplicate's answer says nothing new: the run that sent it records the outcome.
  if (outcome.status !== 'duplicate') await recordAssignmentOutcome(ctx.tenantId, key, outcome.status);
  return outcome;
};
