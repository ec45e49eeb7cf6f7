/**
 * What a message is about, kept with its ledger item so that a deferred or failed send can be
 * tried again later and still be checked at that moment (invariant 6).
 * - appointment: still booked, at that version and that time;
 * - appointment-cancelled: still cancelled at that version (a cancellation notice);
 * - recall: the recall is still due on that date (no visit since moved it) and nothing is booked ahead;
 * - dormant: no visit since the one the reactivation was based on, and nothing booked ahead;
 * - installment: that part is still unpaid;
 * - local-day: a birthday or holiday greeting, true only on that day in the clinic's zone;
 * - membership: the card (in its holder's partition) still ends on that day and is not cancelled,
 *   so a renewal (which moves the end) makes its reminders stale;
 * - wallet-low: the stored-value balance is still below the threshold (a top-up meanwhile makes
 *   the low-balance notice stale);
 * - campaign: the campaign was not cancelled since (a message deferred by quiet hours, or retried
 *   after a failed publish, goes out after its page: cancelling stops it too);
 * - standing: nothing that can go stale (post-treatment care right after the visit).
 */
export type OccasionRef = (
  | { kind: 'appointment'; appointmentId: string; version: number; startAt: string }
  | { kind: 'appointment-cancelled'; appointmentId: string; version: number }
  | { kind: 'recall'; group: string; dueDate: string }
  | { kind: 'dormant'; lastVisitAt: string }
  | { kind: 'installment'; visitId: string; n: number }
  | { kind: 'local-day'; localDay: string }
  | { kind: 'membership'; holderPatientId: string; membershipId: string; endDate: string }
  | { kind: 'wallet-low'; thresholdFen: number }
  | { kind: 'campaign'; campaignId: string }
  | { kind: 'standing' }
) & {
  /**
   * After this instant the message would be wrong however true its occasion (a "tomorrow"
   * reminder on the day itself, a reminder after the appointment began, a due-date notice after
   * the due date): a deferral or retry past it is skipped as stale.
   */
  notAfter?: string;
};

/** The clock's part of "still true": past its notAfter, or an appointment already begun. */
export const occasionExpired = (ref: OccasionRef, now: Date): boolean =>
  (ref.notAfter !== undefined && now.toISOString() >= ref.notAfter) || (ref.kind === 'appointment' && Date.parse(ref.startAt) <= now.getTime());
