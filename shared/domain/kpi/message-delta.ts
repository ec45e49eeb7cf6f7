/**
 * Send-ledger outcomes per automation (message purpose), on the clinic day of the outcome.
 * Only final outcomes count: sent, skipped (with reason) and failed. A deferred or claimed item
 * counts nothing yet, and a failed send later retried and sent moves from `failed` to `sent`.
 */
import type { MessagePurpose } from '../messaging/purposes.js';
import type { SkipReason } from '../messaging/send-decision.js';
import { counterNames as n, type Counters } from './counters.js';
import { clinicDay, diffDayCounters, type DayCounters } from './day-counters.js';

export type KpiMessageStatus = 'claimed' | 'deferred' | 'sent' | 'skipped' | 'failed' | 'unknown';

export type KpiMessage = {
  /** the ledger item's id; unused by the arithmetic, kept so records can be matched up */
  ledgerId?: string;
  clinicId: string;
  purpose: MessagePurpose;
  status: KpiMessageStatus;
  /** when the outcome was recorded (UTC) */
  at: string;
  /** for skipped: the decision's reason; free text (e.g. "template: …") counts as `other` */
  skipReason?: string;
};

const knownReasons: readonly SkipReason[] = ['no-consent', 'opted-out', 'deceased', 'open-complaint', 'budget', 'stale-occasion', 'no-phone', 'shared-phone', 'automation-off'];

/** Bounded: only the send decision's reasons, or `template`, or `other`. */
export const skipReasonKey = (reason: string | undefined): string => {
  if (reason === undefined) return 'other';
  if ((knownReasons as readonly string[]).includes(reason)) return reason;
  return reason.startsWith('template') ? 'template' : 'other';
};

export const messageCounters = (message: KpiMessage): Counters => {
  if (message.status !== 'sent' && message.status !== 'skipped' && message.status !== 'failed') return {};
  const c: Record<string, number> = { [n.messages(message.status)]: 1, [n.messages(message.status, message.purpose)]: 1 };
  if (message.status === 'skipped') c[n.messageSkipReason(skipReasonKey(message.skipReason))] = 1;
  return c;
};

export const messageContribution = (message: KpiMessage, timeZone: string): DayCounters[] => {
  const counters = messageCounters(message);
  return Object.keys(counters).length === 0 ? [] : [{ ...clinicDay(message.clinicId, message.at, timeZone), counters }];
};

/**
 * A ledger item's outcome recorded or changed (before undefined: its first; after undefined: it
 * counts nothing any more), each side on its own clinic's local day.
 */
export const deltaForMessageOutcome = (before: KpiMessage | undefined, after: KpiMessage | undefined, zoneOf: (clinicId: string) => string): DayCounters[] =>
  diffDayCounters(before ? messageContribution(before, zoneOf(before.clinicId)) : [], after ? messageContribution(after, zoneOf(after.clinicId)) : []);
