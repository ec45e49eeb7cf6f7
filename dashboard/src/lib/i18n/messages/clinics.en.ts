import type { clinicsZhCN } from './clinics.zh-cn';

/** Clinic settings: opening hours, chairs, SMS signature, reply number (English). */
export const clinicsEn: Record<keyof typeof clinicsZhCN, string> = {
  'shell.navClinics': 'Clinics',

  'clin.title': 'Clinics',
  'clin.intro': 'Each clinic’s address, time zone, SMS signature, opening hours, chairs and reply number. Times are on the clinic’s own clock.',
  'clin.new': 'New clinic',
  'clin.newTitle': 'New clinic',
  'clin.editTitle': 'Edit clinic: {name}',
  'clin.name': 'Clinic name',
  'clin.address': 'Address',
  'clin.timeZone': 'Time zone',
  'clin.timeZoneHint': 'An IANA zone, such as Asia/Shanghai',
  'clin.signature': 'SMS signature',
  'clin.signatureHint': '2–12 characters, no brackets; messages show {preview}',
  'clin.replyNumber': 'Reply number',
  'clin.replyNumberHint': 'The clinic’s own SMS reply number (digits); empty uses the chain’s',
  'clin.replyChain': 'The chain’s number',
  'clin.chairs': 'Chairs',
  'clin.chairsHint': 'Type a name and press Enter, e.g. Chair-1',
  'clin.hours': 'Opening hours',
  'clin.hoursHint': 'Tick the days the clinic opens; times are local to the clinic.',
  'clin.closed': 'closed',
  'clin.opensOn': '{day} opening time',
  'clin.closesOn': '{day} closing time',
  'clin.day.mon': 'Mon',
  'clin.day.tue': 'Tue',
  'clin.day.wed': 'Wed',
  'clin.day.thu': 'Thu',
  'clin.day.fri': 'Fri',
  'clin.day.sat': 'Sat',
  'clin.day.sun': 'Sun',

  'err.openingHoursOrder': 'Must be later than the opening time',
};
