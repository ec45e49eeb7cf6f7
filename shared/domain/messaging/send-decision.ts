/**
 * The decision taken at the moment of sending (invariant 6): consent for the purpose, never a
 * suppressed patient (opted out, deceased, open complaint), inside the clinic's
 * window (else deferred), within the contact budget, and only while the occasion is still true.
 * Pure: the pipeline gathers the facts, this says send, skip (with the reason) or defer (until when).
 */
import { hasConsent } from '../patient.js';
import type { ConsentPurpose, ConsentRecord, DoNotContact } from '../../schemas/patient.js';
import { purposeRules, type MessagePurpose } from './purposes.js';
import { insideWindow, nextOpening, type SendingWindow } from './quiet-hours.js';

export type SkipReason = 'no-consent' | 'opted-out' | 'deceased' | 'open-complaint' | 'budget' | 'stale-occasion' | 'no-phone' | 'shared-phone' | 'automation-off';
export type SendDecision = { kind: 'send' } | { kind: 'skip'; reason: SkipReason } | { kind: 'defer'; until: string; reason: 'quiet-hours' };

export type SendFacts = {
  purpose: MessagePurpose;
  consents: Partial<Record<ConsentPurpose, ConsentRecord>>;
  doNotContact: DoNotContact;
  hasPhone: boolean;
  now: Date;
  timeZone: string;
  windows: Record<'care' | 'marketing', SendingWindow>;
  /** marketing messages already sent to this patient in the budget period */
  marketingSentInPeriod: number;
  marketingBudget: number;
  /** false when the appointment moved or was cancelled, the recall is no longer due… */
  occasionStillTrue: boolean;
};

export const decideSend = (facts: SendFacts): SendDecision => {
  const rules = purposeRules[facts.purpose];
  if (!facts.hasPhone) return { kind: 'skip', reason: 'no-phone' };
  if (facts.doNotContact.deceased) return { kind: 'skip', reason: 'deceased' };
  if (facts.doNotContact.optedOut) return { kind: 'skip', reason: 'opted-out' };
  // DESIGN invariant 6: an open complaint suppresses the number for every kind of message until
  // the complaint is resolved (staff call the patient instead).
  if (facts.doNotContact.openComplaint) return { kind: 'skip', reason: 'open-complaint' };
  if (!hasConsent(facts.consents, rules.consent)) return { kind: 'skip', reason: 'no-consent' };
  if (!facts.occasionStillTrue) return { kind: 'skip', reason: 'stale-occasion' };
  if (rules.marketing && facts.marketingSentInPeriod >= facts.marketingBudget) return { kind: 'skip', reason: 'budget' };
  const window = facts.windows[rules.window];
  if (!insideWindow(facts.now, facts.timeZone, window)) {
    return { kind: 'defer', until: nextOpening(facts.now, facts.timeZone, window).toISOString(), reason: 'quiet-hours' };
  }
  return { kind: 'send' };
};
