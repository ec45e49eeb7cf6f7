/**
 * What a message is about, kept with its ledger item so that a deferred or failed send can be
 * tried again later and still be checked at that moment (invariant 6): an appointment at a given
 * version and time, or nothing that can go stale.
 */
export type OccasionRef =
  | { kind: 'appointment'; appointmentId: string; version: number; startAt: string }
  | { kind: 'standing' };
