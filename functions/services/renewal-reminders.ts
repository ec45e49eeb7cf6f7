/**
 * The renewal hook for memberships. The membership work (not built yet) calls
 * `sendRenewalReminder` from its own daily job for each membership nearing expiry, read from its
 * own expiry index; this module only decides whether a reminder is due today in the patient's
 * clinic and sends it through the pipeline (consent, window, one per occasion).
 *
 * Until memberships exist the occasion is checked as a local day (a reminder deferred past its
 * day is dropped). The membership work should add an OccasionRef kind that checks the
 * membership still expires on `expiresOn` (a renewed card makes the reminder stale).
 */
import { chineseMonthDay } from '../../shared/domain/messaging/day-text.js';
import { renewalOccasion, renewalReminderDue } from '../../shared/domain/messaging/renewal.js';
import { localDay } from '../../shared/domain/time.js';
import { defaultTemplates, type AutomationSettings } from '../../shared/schemas/automations.js';
import { getAutomationSettings } from '../adapters/dynamo/automation-settings-repository.js';
import { getClinic } from '../adapters/dynamo/org-repository.js';
import { getPatient } from '../adapters/dynamo/patient-repository.js';
import { sendMessage, type Publisher, type SendOutcome } from './send-pipeline.js';

export type RenewalSubject = { tenantId: string; patientId: string; membershipId: string; expiresOn: string };
export type RenewalOutcome = SendOutcome | { status: 'disabled' | 'not-due' | 'no-patient' };

export const sendRenewalReminder = async (
  subject: RenewalSubject,
  now: Date,
  options: {
    /** a job run passes the settings it read once */
    settings?: AutomationSettings;
    publish?: Publisher;
  } = {},
): Promise<RenewalOutcome> => {
  const { settings, publish } = options;
  const chosen = settings ?? (await getAutomationSettings(subject.tenantId)).settings;
  if (!chosen.renewal.enabled) return { status: 'disabled' };
  const patient = await getPatient(subject.tenantId, subject.patientId);
  const clinic = patient ? await getClinic(subject.tenantId, patient.clinicId) : undefined;
  if (!clinic) return { status: 'no-patient' };
  const today = localDay(now, clinic.timeZone);
  const days = renewalReminderDue(subject.expiresOn, today, chosen.renewal.daysBefore);
  if (days === undefined) return { status: 'not-due' };
  return sendMessage(
    {
      tenantId: subject.tenantId,
      patientId: subject.patientId,
      purpose: 'renewal',
      occasion: renewalOccasion(subject.membershipId, subject.expiresOn, days),
      template: defaultTemplates.renewal,
      values: { time: chineseMonthDay(subject.expiresOn) },
      ref: { kind: 'local-day', localDay: today },
      settings: chosen,
    },
    { publish, now },
  );
};
