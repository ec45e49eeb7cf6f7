/**
 * The one send pipeline every automation uses. At the moment of sending it re-reads the patient
 * and the clinic, decides (consent, suppression, window, budget, occasion), claims the ledger
 * item, publishes through the SNS adapter, and records the result. A failed publish is recorded
 * and retried later; a duplicate delivery finds the claim taken and sends nothing.
 *
 * What a sent message writes, and why it cannot write less without giving up a guarantee:
 *   shared-phone claim 1 (one-per-phone purposes only: one recall per household per day; a
 *     conditional write on the phone's item, since the ledger is per patient)
 *   ledger claim 1 + its list entry 1 (invariant 7: the conditional write before publishing; it
 *     is its own handing marker, and its keys-only list entry is how the claim sweep finds it
 *     after a crash and how the Messages page lists it, so nothing else is indexed)
 *   outcome 1 (status and the channel's message id, right after the publish: it closes the
 *     channel window; no index copy changes, the list entry holds keys only). The ledger is the
 *     record of what went out: the SNS channel writes no second copy (notifier.ts); the twin's
 *     channel writes its handset row, which stands in for the phone, not for a record.
 *   KPI counts: once per job batch (a single send outside a job writes them at once: +1)
 * So 4 for a one-per-phone purpose (recall, marketing), 3 for the others. Below that, the claim,
 * the crash sweep or the household rule would have to go.
 */
import { doNotContactOf } from '../../shared/domain/patient.js';
import { messagePurposes, purposeRules, type MessagePurpose } from '../../shared/domain/messaging/purposes.js';
import { defaultWindows, type SendingWindow } from '../../shared/domain/messaging/quiet-hours.js';
import { decideSend } from '../../shared/domain/messaging/send-decision.js';
import { renderMessage, type TemplateVariable } from '../../shared/domain/messaging/template.js';
import type { OutboxMessage } from '../../shared/schemas/outbox.js';
import { getClinic } from '../adapters/dynamo/org-repository.js';
import { getPatient } from '../adapters/dynamo/patient-repository.js';
import { claimSend, marketingSentSince, recordOutcome, type LedgerKey, type LedgerStatus, type RetryPayload } from '../adapters/dynamo/send-ledger-repository.js';
import { claimPhoneOccasion } from '../adapters/dynamo/phone-occasion-repository.js';
import { isPhoneSuppressed } from '../adapters/dynamo/phone-suppression-repository.js';
import { getAutomationSettings } from '../adapters/dynamo/automation-settings-repository.js';
import type { AutomationSettings } from '../../shared/schemas/automations.js';
import type { Clinic } from '../../shared/schemas/org.js';
import type { RollupBuffer } from '../adapters/dynamo/kpi-repository.js';
import { localDay } from '../../shared/domain/time.js';
import { occasionHolds } from './occasion-check.js';
import { automationEnabled } from '../../shared/domain/messaging/automation-switch.js';
import { contactBudgetSince, type SendFacts } from './send-facts.js';
import { sendSms, type SmsRequest } from '../adapters/notifier.js';
import { occasionExpired, type OccasionRef } from '../../shared/domain/messaging/occasion.js';

export type SendRequest = LedgerKey & {
  template: string;
  values?: Partial<Record<TemplateVariable, string>>;
  /** what the message is about; stored so a later retry can check it again */
  ref: OccasionRef;
  /** the chain's settings when the caller (a job run) already read them; read here otherwise */
  settings?: AutomationSettings;
  /** the chain's clinics when the caller already holds them (name, signature, zone) */
  clinics?: ReadonlyMap<string, Clinic>;
  /** a job's buffer for the KPI message counts, flushed at the end of its batch */
  counts?: RollupBuffer;
};

export type SendOutcome = { status: 'sent' | 'skipped' | 'deferred' | 'failed' | 'duplicate'; reason?: string; retryAt?: string };
export type Publisher = (tenantId: string, sms: SmsRequest) => Promise<OutboxMessage>;

const retryBackoffMinutes = [5, 30, 120, 720];
const marketingPurposes = messagePurposes.filter((p) => purposeRules[p].marketing);

const retryPayload = (request: SendRequest): RetryPayload => ({ template: request.template, values: request.values ?? {}, ref: request.ref });

/** The chain's windows: care (reminders, recall…) fixed; marketing as the owner set it. */
export const windowsOf = (settings: AutomationSettings): Record<'care' | 'marketing', SendingWindow> => ({
  care: defaultWindows.care,
  marketing: { startHour: settings.marketing.windowStartHour, endHour: settings.marketing.windowEndHour },
});

export type SendOptions = {
  /** the channel; the SNS adapter unless a test hands in another */
  publish?: Publisher;
  /** the moment of sending: the decision (window, budget, occasion) is taken at it */
  now?: Date;
  /** the patient and occasion read for a whole batch a moment ago (send-facts.ts) */
  facts?: SendFacts;
};

/** Statuses no later decision can change: the claim and every skip or deferral would fail their condition. */
const settledStatuses: readonly LedgerStatus[] = ['sent', 'claimed', 'unknown'];

export const sendMessage = async (request: SendRequest, { publish = sendSms, now = new Date(), facts }: SendOptions = {}): Promise<SendOutcome> => {
  const at = now.toISOString();
  // The batch read the ledger a moment ago: a settled occasion ends here, as its failed
  // conditional write would (and AWS bills a failed conditional write like a done one).
  if (facts?.ledger && settledStatuses.includes(facts.ledger.status)) return { status: 'duplicate' };
  // The facts are read concurrently (or were read for a whole batch a moment ago, see send-facts.ts);
  // the occasion check needs the clinic's zone only for day-bound greetings.
  const earlyOccasion =
    facts?.occasionStillTrue !== undefined ? Promise.resolve(facts.occasionStillTrue && !occasionExpired(request.ref, now)) : request.ref.kind === 'local-day' ? undefined : occasionHolds(request.tenantId, request.patientId, request.ref, now, '');
  const [patient, settings] = await Promise.all([
    facts ? facts.patient : getPatient(request.tenantId, request.patientId),
    request.settings ?? getAutomationSettings(request.tenantId).then((stored) => stored.settings),
  ]);
  const clinic = patient ? (request.clinics?.get(patient.clinicId) ?? (await getClinic(request.tenantId, patient.clinicId))) : undefined;
  if (!patient || !clinic || patient.mergedInto) {
    await earlyOccasion;
    return (await recordOutcome(request, patient?.clinicId ?? '', { status: 'skipped', decision: { at, kind: 'skip', reason: 'stale-occasion' } }, false)) ? { status: 'skipped', reason: 'stale-occasion' } : { status: 'duplicate' };
  }
  const rules = purposeRules[request.purpose];
  if (!automationEnabled(settings, request.purpose)) {
    await earlyOccasion;
    const recorded = await recordOutcome(request, clinic.clinicId, { status: 'skipped', decision: { at, kind: 'skip', reason: 'automation-off' }, timeZone: clinic.timeZone }, false);
    return recorded ? { status: 'skipped', reason: 'automation-off' } : { status: 'duplicate' };
  }
  const since = contactBudgetSince(now);
  const [marketingSentInPeriod, occasionStillTrue, phoneSuppressed] = await Promise.all([
    rules.marketing ? (facts?.marketingSentInPeriod ?? marketingSentSince(request.tenantId, request.patientId, marketingPurposes, since)) : 0,
    earlyOccasion ?? occasionHolds(request.tenantId, request.patientId, request.ref, now, clinic.timeZone),
    patient.phone ? (facts?.phoneSuppressed ?? isPhoneSuppressed(request.tenantId, patient.phone)) : false,
  ]);
  const doNotContact = doNotContactOf(patient);
  const decision = decideSend({
    purpose: request.purpose,
    consents: patient.consents,
    doNotContact: { ...doNotContact, optedOut: doNotContact.optedOut || phoneSuppressed },
    hasPhone: patient.phone !== '',
    now,
    timeZone: clinic.timeZone,
    windows: windowsOf(settings),
    marketingSentInPeriod,
    marketingBudget: settings.marketing.budgetPer30Days,
    occasionStillTrue,
  });

  if (decision.kind === 'skip') {
    const recorded = await recordOutcome(request, clinic.clinicId, { status: 'skipped', decision: { at, kind: 'skip', reason: decision.reason }, timeZone: clinic.timeZone, ...(request.counts ? { counts: request.counts } : {}) }, false);
    return recorded ? { status: 'skipped', reason: decision.reason } : { status: 'duplicate' };
  }
  if (decision.kind === 'defer') {
    // Deferred already, to the same moment for the same reason (a reminder run every 15 minutes
    // through the night): the ledger says it all; rewriting would only grow its history.
    const same = facts?.ledger?.status === 'deferred' && facts.ledger.retryAt === decision.until && facts.ledger.lastReason === decision.reason;
    if (same) return { status: 'deferred', reason: decision.reason, retryAt: decision.until };
    const recorded = await recordOutcome(request, clinic.clinicId, { status: 'deferred', decision: { at, kind: 'defer', reason: decision.reason }, retryAt: decision.until, retry: retryPayload(request), timeZone: clinic.timeZone, ...(request.counts ? { counts: request.counts } : {}) }, false);
    return recorded ? { status: 'deferred', reason: decision.reason, retryAt: decision.until } : { status: 'duplicate' };
  }

  // Everything that may still skip comes before the claim, so the claim is followed by nothing but
  // the publish: it is its own handing marker (send-ledger-repository.ts). The shared-phone claim
  // names this patient and occasion, so a redelivery of the same send finds its own and goes on.
  const recordSkip = async (reason: string): Promise<SendOutcome> => {
    const recorded = await recordOutcome(request, clinic.clinicId, { status: 'skipped', decision: { at, kind: 'skip', reason }, timeZone: clinic.timeZone, ...(request.counts ? { counts: request.counts } : {}) }, false);
    return recorded ? { status: 'skipped', reason: reason.startsWith('template') ? 'template' : reason } : { status: 'duplicate' };
  };
  const rendered = renderMessage(request.template, { name: patient.name, clinic: clinic.name, ...request.values }, clinic.smsSignature, rules.marketing);
  if (!rendered.ok) return recordSkip(`template: ${rendered.reason}`);
  // The two claims go together (one round trip instead of two); the channel is called only once
  // both hold. A household's number taken by another patient then turns the ledger claim into that
  // skip. (A crash between the two leaves a claim the sweep takes for maybe handed: marketing then
  // counts it unknown; recall goes through the pipeline again, whose phone claim skips it.)
  const [phoneFree, claim] = await Promise.all([
    rules.onePerPhone ? claimPhoneOccasion(request, patient.phone, `${request.purpose}.${localDay(now, clinic.timeZone)}`, at) : true,
    claimSend(request, clinic.clinicId, at, retryPayload(request), { fresh: facts !== undefined && facts.ledger === undefined }),
  ]);
  if (claim === null) return { status: 'duplicate' };
  if (!phoneFree) {
    const released = await recordOutcome(request, clinic.clinicId, { status: 'skipped', decision: { at, kind: 'skip', reason: 'shared-phone' }, timeZone: clinic.timeZone, claimedAt: claim.claimedAt, ...(claim.previous ? { previous: claim.previous } : {}), ...(request.counts ? { counts: request.counts } : {}) }, true);
    return released ? { status: 'skipped', reason: 'shared-phone' } : { status: 'duplicate' };
  }
  const attempt = claim.attempt;
  const claimed = { timeZone: clinic.timeZone, claimedAt: claim.claimedAt, ...(claim.previous ? { previous: claim.previous } : {}), ...(claim.item ? { claimedItem: claim.item } : {}), ...(request.counts ? { counts: request.counts } : {}) };
  let message: OutboxMessage;
  try {
    message = await publish(request.tenantId, { to: patient.phone, text: rendered.text, purpose: request.purpose, smsType: rules.smsType, patientId: patient.patientId, clinicId: clinic.clinicId });
  } catch (error) {
    const reason = error instanceof Error ? error.name : 'publish failed';
    // After the last try the failure is final and stays visible on the Messages page.
    const waitMinutes = retryBackoffMinutes[attempt - 1];
    const retry = waitMinutes === undefined ? {} : { retryAt: new Date(now.getTime() + waitMinutes * 60_000).toISOString(), retry: retryPayload(request) };
    await recordOutcome(request, clinic.clinicId, { status: 'failed', decision: { at, kind: 'failed', reason }, ...retry, ...claimed }, true);
    return { status: 'failed', reason, ...(retry.retryAt ? { retryAt: retry.retryAt } : {}) };
  }
  // Published: from here on nothing may schedule a retry. The channel's id goes in the very next
  // write (the unavoidable window is this one round trip). If recording fails, the claim stays
  // with its handing marker and the claim sweep decides per purpose (claim-recovery.ts).
  await recordOutcome(request, clinic.clinicId, { status: 'sent', decision: { at, kind: 'send' }, messageId: message.messageId, sentAt: at, ...claimed }, true);
  return { status: 'sent' };
};

export { type MessagePurpose };
