/** The clinic form as typed, and what it sends: everything for a new clinic, the changes for an edit. */
import type { Clinic, ClinicFields } from '../../api/catalog-api';
import { defaultOpeningHours, weekdays, type OpeningHours } from '$shared/domain/clinic-hours';

/** A fresh copy in weekday order (a stored map's keys come back in any order). */
const hoursCopy = (hours: OpeningHours): OpeningHours =>
  Object.fromEntries(weekdays.map((day) => { const span = hours[day]; return [day, span ? { opens: span.opens, closes: span.closes } : null]; })) as OpeningHours;

export type ClinicDraft = { name: string; address: string; timeZone: string; smsSignature: string; openingHours: OpeningHours; chairs: string[]; replyNumber: string };

export const emptyClinicDraft = (smsSignature: string): ClinicDraft => ({
  name: '', address: '', timeZone: 'Asia/Shanghai', smsSignature, openingHours: defaultOpeningHours(), chairs: [], replyNumber: '',
});

export const clinicDraftOf = (c: Clinic): ClinicDraft => ({
  name: c.name, address: c.address, timeZone: c.timeZone, smsSignature: c.smsSignature,
  openingHours: hoursCopy(c.openingHours), chairs: [...c.chairs], replyNumber: c.replyNumber ?? '',
});

export const clinicFieldsOf = (d: ClinicDraft): ClinicFields => ({
  name: d.name, address: d.address, timeZone: d.timeZone.trim(), smsSignature: d.smsSignature,
  openingHours: hoursCopy(d.openingHours), chairs: [...d.chairs], replyNumber: d.replyNumber.trim() === '' ? null : d.replyNumber.trim(),
});

/** Only what differs from the clinic as read; a cleared reply number is null (removed). */
export const clinicChangesOf = (c: Clinic, d: ClinicDraft): Partial<ClinicFields> => {
  const next = clinicFieldsOf(d);
  const before: ClinicFields = { name: c.name, address: c.address, timeZone: c.timeZone, smsSignature: c.smsSignature, openingHours: hoursCopy(c.openingHours), chairs: c.chairs, replyNumber: c.replyNumber ?? null };
  const changed = (Object.keys(next) as (keyof ClinicFields)[]).filter((k) => JSON.stringify(next[k]) !== JSON.stringify(before[k]));
  return Object.fromEntries(changed.map((k) => [k, next[k]])) as Partial<ClinicFields>;
};
