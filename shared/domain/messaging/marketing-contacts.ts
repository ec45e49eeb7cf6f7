/**
 * A phone's marketing contacts of the last 30 days, kept on one item per number: the contact
 * budget (per patient) and the one-promotion-per-number-per-day rule (a family sharing a phone)
 * are decided on it, and claimed with one conditional write of it. Read with a batch's other
 * facts, it replaces a query of each patient's whole ledger, and two runs racing for the same
 * number cannot both pass the budget: the second write fails its condition and decides again.
 */
export type MarketingContact = {
  at: string;
  patientId: string;
  purpose: string;
  occasion: string;
  /** `${purpose}.${local day}`: the one-per-number rule's occasion */
  day: string;
};

export type ContactClaim =
  | { kind: 'claim'; contacts: MarketingContact[] }
  | { kind: 'mine' }
  | { kind: 'skip'; reason: 'shared-phone' | 'budget' };

export const contactBudgetDays = 30;

/** Where the budget's period starts. */
export const contactBudgetSince = (now: Date): string => new Date(now.getTime() - contactBudgetDays * 86_400_000).toISOString();

/** The patient's marketing contacts in the period. */
export const contactsOfPatient = (contacts: readonly MarketingContact[], patientId: string, since: string): number =>
  contacts.filter((c) => c.patientId === patientId && c.at >= since).length;

export type ContactRequest = { patientId: string; purpose: string; occasion: string; day: string; onePerPhone: boolean; budget: number; now: Date };

/**
 * Whether this message may take a place on the number: its own place already (a redelivery), a
 * skip, or the contacts to write (older than the period dropped, so the item stays small).
 */
export const decideContactClaim = (contacts: readonly MarketingContact[], request: ContactRequest): ContactClaim => {
  const mine = (c: MarketingContact) => c.patientId === request.patientId && c.purpose === request.purpose && c.occasion === request.occasion;
  if (contacts.some(mine)) return { kind: 'mine' };
  if (request.onePerPhone && contacts.some((c) => c.day === request.day)) return { kind: 'skip', reason: 'shared-phone' };
  const since = contactBudgetSince(request.now);
  if (contactsOfPatient(contacts, request.patientId, since) >= request.budget) return { kind: 'skip', reason: 'budget' };
  const at = request.now.toISOString();
  const kept = contacts.filter((c) => c.at >= since);
  return { kind: 'claim', contacts: [...kept, { at, patientId: request.patientId, purpose: request.purpose, occasion: request.occasion, day: request.day }] };
};
