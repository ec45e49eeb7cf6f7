/**
 * The one send pipeline every automation uses. At the moment of sending it re-reads the patient
 * and the clinic, decides (consent, suppression, window, budget, occasion), claims the ledger
 * item, publishes through the SNS adapter, and records the result. A failed publish is recorded
 * and retried later; a duplicate delivery finds the claim taken and sends nothing.
 *
 * What a sent message writes, and why it cannot write less without giving up a guarantee:
 *   the number's place 1 (a conditional write on the phone's item, since the ledger is per
 *     patient): for marketing, the number's marketing contacts of 30 days, where the contact budget
 *     and one promotion per number per day are decided and claimed at once (read with the batch,
 *     no query of the patient's ledger); for recall, one per household per day
 *   ledger claim 1 + its list entry 1 (invariant 7: the conditional write before publishing; it
 *     is its own handing marker, and its keys-only list entry is how the claim sweep finds it
 *     after a crash and how the Messages page lists it, so nothing else is indexed)
 *   outcome 1 (status and the channel's message id, right after the publish: it closes the
 *     channel window; no index copy changes, the list entry holds keys only). The ledger is the
 *     record of what went out: the SNS channel writes no second copy (notifier.ts); the twin's
 *     channel writes its handset row, which stands in for the phone, not for a record.
 *   KPI counts: none here. The message-counts function reads them off the table's change stream
 *     (functions/streams/message-counts.ts), a batch of changes at a time, so a job that dies
 *     after its sends loses no count either.
 * So 4 for marketing and recall, 3 for the others. Below that, the claim,
 * the crash sweep or the household rule would have to go.
 */
import { doNotContactOf } from '../../shared/domain/patient.js';
import { purposeRules, type MessagePurpose } from '../../shared/domain/messaging/purposes.js';
import { defaultWindows, type SendingWindow } from '../../shared/domain/messaging/quiet-hours.js';
import { decideSend } from '../../shared/domain/messaging/send-decision.js';
import { renderMessage, type TemplateVariable } from '../../shared/domain/messaging/template.js';
import type { OutboxMessage } from '../../shared/schemas/outbox.js';
import { getClinic } from '../adapters/dynamo/org-repository.js';
import { getPatient } from '../adapters/dynamo/patient-repository.js';
import { claimSend, recordOutcome, type LedgerKey, type LedgerStatus, type RetryPayload } from '../adapters/dynamo/send-ledger-repository.js';
import type { SentOutcomeBatch } from '../adapters/dynamo/sent-outcome-batch.js';
import { readPhoneContacts, noContacts } from '../adapters/dynamo/phone-contacts-repository.js';
import { contactBudgetSince, contactsOfPatient } from '../../shared/domain/messaging/marketing-contacts.js';
import { isPhoneSuppressed } from '../adapters/dynamo/phone-suppression-repository.js';
import { getAutomationSettings } from '../adapters/dynamo/automation-settings-repository.js';
import type { AutomationSettings } from '../../shared/schemas/automations.js';
import type { Clinic } from '../../shared/schemas/org.js';
import { localDay } from '../../shared/domain/time.js';
import { occasionHolds } from './occasion-check.js';
import { automationEnabled } from '../../shared/domain/messaging/automation-switch.js';
import type { SendFacts } from './send-facts.js';
import { sendSms, type SmsRequest } from '../adapters/notifier.js';
import { senderOfOccasion } from '../../shared/domain/campaigns/treatment-aim.js';
import { routeFor } from './channel-route.js';
import { claimNumber, handOver } from './send-handover.js';
import { ledgerReference } from '../../shared/domain/channels/receipts.js';
import { localHour } from '../../shared/domain/messaging/quiet-hours.js';
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
  /** a campaign message's variant, kept with the ledger item (its retry payload) */
  variant?: string;
};

export type SendOutcome = { status: 'sent' | 'skipped' | 'deferred' | 'failed' | 'duplicate'; reason?: string; retryAt?: string };
export type Publisher = (tenantId: string, sms: SmsRequest) => Promise<OutboxMessage>;

const retryBackoffMinutes = [5, 30, 120, 720];

const retryPayload = (request: SendRequest): RetryPayload => ({ template: request.template, values: request.values ?? {}, ref: request.ref, ...(request.variant ? { variant: request.variant } : {}) });

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
  /** a campaign page's batch for the sent outcomes of first claims (sent-outcome-batch.ts) */
  sentBatch?: SentOutcomeBatch;
};

/** Statuses no later decision can change: the claim and every skip or deferral would fail their condition. */
export const settledStatuses: readonly LedgerStatus[] = ['sent', 'claimed', 'unknown'];

export const sendMessage = async (request: SendRequest, { publish = sendSms, now = new Date(), facts, sentBatch }: SendOptions = {}): Promise<SendOutcome> => {
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
    const recorded = await recordOutcome(request, clinic.clinicId, { status: 'skipped', decision: { at, kind: 'skip', reason: 'automation-off' } }, false);
    return recorded ? { status: 'skipped', reason: 'automation-off' } : { status: 'duplicate' };
  }
  const [phoneContacts, occasionStillTrue, phoneSuppressed] = await Promise.all([
    rules.marketing && patient.phone ? (facts?.phoneContacts ?? readPhoneContacts(request.tenantId, patient.phone)) : noContacts,
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
    marketingSentInPeriod: contactsOfPatient(phoneContacts.contacts, patient.patientId, contactBudgetSince(now)),
    marketingBudget: settings.marketing.budgetPer30Days,
    occasionStillTrue,
  });

  if (decision.kind === 'skip') {
    const recorded = await recordOutcome(request, clinic.clinicId, { status: 'skipped', decision: { at, kind: 'skip', reason: decision.reason } }, false);
    return recorded ? { status: 'skipped', reason: decision.reason } : { status: 'duplicate' };
  }
  if (decision.kind === 'defer') {
    // Deferred already, to the same moment for the same reason (a reminder run every 15 minutes
    // through the night): the ledger says it all; rewriting would only grow its history.
    const same = facts?.ledger?.status === 'deferred' && facts.ledger.retryAt === decision.until && facts.ledger.lastReason === decision.reason;
    if (same) return { status: 'deferred', reason: decision.reason, retryAt: decision.until };
    const recorded = await recordOutcome(request, clinic.clinicId, { status: 'deferred', decision: { at, kind: 'defer', reason: decision.reason }, retryAt: decision.until, retry: retryPayload(request) }, false);
    return recorded ? { status: 'deferred', reason: decision.reason, retryAt: decision.until } : { status: 'duplicate' };
  }

  // Everything that may still skip comes before the claim, so the claim is followed by nothing but
  // the publish: it is its own handing marker (send-ledger-repository.ts). The shared-phone claim
  // names this patient and occasion, so a redelivery of the same send finds its own and goes on.
  const recordSkip = async (reason: string): Promise<SendOutcome> => {
    const recorded = await recordOutcome(request, clinic.clinicId, { status: 'skipped', decision: { at, kind: 'skip', reason } }, false);
    return recorded ? { status: 'skipped', reason: reason.startsWith('template') ? 'template' : reason } : { status: 'duplicate' };
  };
  const rendered = renderMessage(request.template, { name: patient.name, clinic: clinic.name, ...request.values }, clinic.smsSignature, rules.marketing);
  if (!rendered.ok) return recordSkip(`template: ${rendered.reason}`);
  // The carrier (issue 14): SNS unless the chain routes this purpose through a provider; none
  // that may carry it to this patient now is a skip with its reason, before anything is claimed.
  const route = await routeFor(request.tenantId, request.purpose, patient, { localHour: localHour(now, clinic.timeZone), today: localDay(now, clinic.timeZone) });
  if (route.kind === 'none') return recordSkip('no-channel');
  // The two claims go together (one round trip instead of two); the channel is called only once
  // both hold. A household's number taken by another patient then turns the ledger claim into that
  // skip. (A crash between the two leaves a claim the sweep takes for maybe handed: marketing then
  // counts it unknown; recall goes through the pipeline again, whose phone claim skips it.)
  const phoneDay = `${request.purpose}.${localDay(now, clinic.timeZone)}`;
  const [numberTaken, claim] = await Promise.all([
    claimNumber(request, patient.phone, phoneDay, { now, budget: settings.marketing.budgetPer30Days, read: phoneContacts }),
    claimSend(request, clinic.clinicId, at, retryPayload(request), { fresh: facts !== undefined && facts.ledger === undefined }),
  ]);
  if (claim === null) return { status: 'duplicate' };
  if (numberTaken !== undefined) {
    const released = await recordOutcome(request, clinic.clinicId, { status: 'skipped', decision: { at, kind: 'skip', reason: numberTaken }, claimedAt: claim.claimedAt }, true);
    return released ? { status: 'skipped', reason: numberTaken } : { status: 'duplicate' };
  }
  const attempt = claim.attempt;
  const claimed = { claimedAt: claim.claimedAt, ...(claim.item ? { claimedItem: claim.item } : {}) };
  const sender = senderOfOccasion(request.occasion);
  const sms = { to: patient.phone, text: rendered.text, purpose: request.purpose, smsType: rules.smsType, patientId: patient.patientId, clinicId: clinic.clinicId, ...(sender ? { [sender.kind === 'campaign' ? 'campaignId' : 'eventId']: sender.id } : {}) };
  const values = { name: patient.name, clinic: clinic.name, ...request.values };
  const handed = await handOver(route, { tenantId: request.tenantId, sms, publish, patient, values, reference: ledgerReference(request), day: localDay(now, clinic.timeZone) });
  if (!handed.ok) {
    // After the last try, or when trying again cannot help, the failure is final and stays visible on the Messages page.
    const waitMinutes = handed.retryable ? retryBackoffMinutes[attempt - 1] : undefined;
    const retry = waitMinutes === undefined ? {} : { retryAt: new Date(now.getTime() + waitMinutes * 60_000).toISOString(), retry: retryPayload(request) };
    await recordOutcome(request, clinic.clinicId, { status: 'failed', decision: { at, kind: 'failed', reason: handed.reason }, ...retry, ...claimed, ...handed.channel }, true);
    return { status: 'failed', reason: handed.reason, ...(retry.retryAt ? { retryAt: retry.retryAt } : {}) };
  }
  // Published: from here on nothing may schedule a retry. The channel's id goes in the very next
  // write (the unavoidable window is this one round trip). If recording fails, the claim stays
  // with its handing marker and the claim sweep decides per purpose (claim-recovery.ts).
  const sent = { status: 'sent' as const, decision: { at, kind: 'send' as const }, messageId: handed.messageId, sentAt: at, ...claimed, ...handed.channel };
  if (sentBatch && claim.item) {
    sentBatch.add(claim.item, sent);
    return { status: 'sent' };
  }
  await recordOutcome(request, clinic.clinicId, sent, true);
  return { status: 'sent' };
};

export { type MessagePurpose };
