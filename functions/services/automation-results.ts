/**
 * GET /automations/{automation}/results: what an automation with a holdout changed. Reads the
 * recorded decisions (one row per patient, their first occasion), what each patient did within
 * the attribution window from it (appointments booked, visits and their revenue, an opt-out),
 * and hands them to the campaigns' pure results (Newcombe interval, bootstrap revenue, verdict).
 * Counts and money totals only: no names, phones, occasions or procedures.
 */
import type { Caller } from '../../shared/domain/access.js';
import { automationResults, firstPerPatient, isHoldoutAutomation, windowOf } from '../../shared/domain/campaigns/automation-holdout.js';
import type { RecipientOutcome } from '../../shared/domain/campaigns/results.js';
import { notFound } from '../../shared/domain/errors.js';
import type { AutomationResultsView } from '../../shared/schemas/automation-holdouts.js';
import { listPatientAppointments } from '../adapters/dynamo/appointment-repository.js';
import { getAutomationSettings } from '../adapters/dynamo/automation-settings-repository.js';
import { listAssignments, type AutomationAssignment } from '../adapters/dynamo/automation-holdout-repository.js';
import { getPatient } from '../adapters/dynamo/patient-repository.js';
import { phoneSuppressedAt } from '../adapters/dynamo/phone-suppression-repository.js';
import { listVisits } from '../adapters/dynamo/visit-repository.js';
import { mapLimit } from '../lib/concurrency.js';

type Window = { from: string; until: string };
const inside = (at: string | undefined, w: Window): boolean => at !== undefined && at >= w.from && at < w.until;

const outcomeOf = async (tenantId: string, row: AutomationAssignment): Promise<RecipientOutcome> => {
  const w = windowOf(row.assignedAt);
  const [appointments, visits, patient] = await Promise.all([listPatientAppointments(tenantId, row.patientId), listVisits(tenantId, row.patientId), getPatient(tenantId, row.patientId)]);
  const counted = visits.filter((v) => !v.voidedAt && inside(v.visitedAt, w));
  const optedOutAt = patient?.phone ? await phoneSuppressedAt(tenantId, patient.phone) : undefined;
  return {
    arm: row.arm,
    delivered: row.outcome === 'sent',
    optedOut: inside(optedOutAt, w),
    booked: appointments.some((a) => inside(a.createdAt, w)),
    visited: counted.length > 0,
    revenueFen: counted.reduce((s, v) => s + v.totalFen, 0),
    redeemed: false,
  };
};

export const automationResultsOf = async (caller: Caller, automation: string, now = new Date()): Promise<AutomationResultsView> => {
  if (!isHoldoutAutomation(automation)) throw notFound('automation');
  const [{ settings }, assignments] = await Promise.all([getAutomationSettings(caller.tenantId), listAssignments(caller.tenantId, automation)]);
  const rows = firstPerPatient(assignments);
  const outcomes = await mapLimit(rows, { limit: 8 }, (row) => outcomeOf(caller.tenantId, row));
  return { holdoutPercent: settings[automation].holdoutPercent, ...automationResults({ automation, rows, outcomes, now }) };
};
