/**
 * The stored patient and what each role sees of it. Pure: no AWS, no I/O.
 */
import type { Role } from './access.js';
import { seesContactDetails } from './access.js';
import { tagsShownTo } from './patient-tags.js';
import { maskPhone } from './phone.js';
import type { ConsentInput, ConsentPurpose, ConsentRecord, DoNotContact, Patient } from '../schemas/patient.js';

/**
 * As stored: the phone is always full E.164 here, and the do-not-contact reasons are kept as
 * the facts they come from (a count of open complaints, the time of an opt-out).
 */
export type PatientRecord = Omit<Patient, 'notes' | 'doNotContact'> & {
  notes: string;
  deceased?: boolean;
  optedOutAt?: string;
  openComplaintCount?: number;
  /** bumped by every consent change; a change applies only to the version it was decided on */
  consentVersion?: number;
  /** set on a record merged into another: it answers 404 and points to the one that stayed */
  mergedInto?: string;
  /** the patient's openid on the chain's Official Account, once they subscribed to its notices (issue 14) */
  wechatOpenId?: string;
};

export const doNotContactOf = (record: Pick<PatientRecord, 'deceased' | 'optedOutAt' | 'openComplaintCount'>): DoNotContact => ({
  deceased: record.deceased === true,
  optedOut: record.optedOutAt !== undefined,
  openComplaint: (record.openComplaintCount ?? 0) > 0,
});

export const presentPatient = (record: PatientRecord, role: Role): Patient => {
  const { deceased: _d, optedOutAt: _o, openComplaintCount: _c, consentVersion: _v, mergedInto: _m, wechatOpenId: _w, notes, ...rest } = record;
  const base = { ...rest, tags: tagsShownTo(role, record.tags), doNotContact: doNotContactOf(record) };
  if (seesContactDetails(role)) return { ...base, notes };
  return { ...base, phone: maskPhone(record.phone) };
};

/** A consent as given, stamped with its time (now unless the form says when). */
export const consentRecordFrom = (input: ConsentInput, now: string, recordedBy: string): ConsentRecord => ({
  granted: input.granted,
  recordedBy,
  source: input.source,
  at: input.at ? new Date(input.at).toISOString() : now,
  channel: 'sms',
  ...(input.proof ? { proof: input.proof } : {}),
});

export const consentRecordsFrom = (
  inputs: Partial<Record<ConsentPurpose, ConsentInput>>,
  now: string,
  recordedBy: string,
): Partial<Record<ConsentPurpose, ConsentRecord>> =>
  Object.fromEntries(
    Object.entries(inputs)
      .filter((entry): entry is [ConsentPurpose, ConsentInput] => entry[1] !== undefined)
      .map(([purpose, input]) => [purpose, consentRecordFrom(input, now, recordedBy)]),
  );

/** Whether a purpose is consented right now; absent means no (consent is opt-in). */
export const hasConsent = (consents: Partial<Record<ConsentPurpose, ConsentRecord>>, purpose: ConsentPurpose): boolean =>
  consents[purpose]?.granted === true;
