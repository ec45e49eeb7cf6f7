/**
 * Dates as clinics keep them in spreadsheets: 2023/5/1, 2023-05-01, 2023.5.1, 2023年5月1日,
 * 20230501, full-width digits, a time after the date, or an Excel serial number (days since
 * 1899-12-30, or since 1904-01-01 in workbooks saved with the 1904 date system). Pure.
 */
import type { FieldErrorCode, FieldErrorParams } from '../schemas/error-codes.js';
import { addDays, daysBetween } from './time.js';

/** A cell read, or why not: `reason` for people, `code` (error-codes.ts) for programs. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string; code: FieldErrorCode; params?: FieldErrorParams };

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** 'YYYY-MM-DD' when the parts make a real calendar day between 1900 and 2100. */
export const isoDateOf = (year: number, month: number, day: number): string | undefined => {
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1) return undefined;
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return undefined;
  return `${year}-${pad(month)}-${pad(day)}`;
};

/** Serials above this are after 2100-12-31: not a date anyone means in a dental archive. */
const maxSerial = 73_415;

/**
 * Excel serial → 'YYYY-MM-DD'. Excel counts 1900-02-29 (serial 60), a day that never was, so
 * serials from 61 on count from 1899-12-30 and earlier ones from 1899-12-31.
 */
export const excelSerialToIsoDate = (serial: number, date1904 = false): string | undefined => {
  if (!Number.isFinite(serial) || serial < 1 || serial > maxSerial) return undefined;
  const days = Math.floor(serial);
  if (!date1904 && days === 60) return '1900-02-28';
  const epoch = date1904 ? '1904-01-01' : days >= 61 ? '1899-12-30' : '1899-12-31';
  return addDays(epoch, days);
};

export const isoDateToExcelSerial = (isoDate: string): number => daysBetween('1899-12-30', isoDate);

const separated = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]+\d{1,2}[:：]\d{2}(?:[:：]\d{2}(?:\.\d+)?)?(?:\s*(?:Z|[+-]\d{2}:?\d{2}))?)?$/;
const compact = /^((?:19|20)\d{2})(\d{2})(\d{2})$/;
const serialNumber = /^\d{1,6}(\.\d+)?$/;

const dateHint = 'must be a date such as 2023-05-01, 2023/5/1 or 2023年5月1日';

/** A date cell → 'YYYY-MM-DD'. Blank cells are the caller's business (they mean "not given"). */
export const parseDateCell = (raw: string): Parsed<string> => {
  const text = raw.normalize('NFKC').trim();
  const parts = separated.exec(text) ?? compact.exec(text);
  if (parts) {
    const iso = isoDateOf(Number(parts[1]), Number(parts[2]), Number(parts[3]));
    return iso ? { ok: true, value: iso } : { ok: false, reason: `is not a real calendar day between 1900 and 2100 (${text})`, code: 'date.not_calendar_day' };
  }
  if (/^(19|20)\d{2}$/.test(text) || /^\d{4}\s*[-/.年]\s*\d{1,2}\s*月?$/.test(text)) {
    return { ok: false, reason: `${dateHint}: ${text} has no day`, code: 'date.invalid' };
  }
  if (serialNumber.test(text)) {
    const iso = excelSerialToIsoDate(Number(text));
    return iso ? { ok: true, value: iso } : { ok: false, reason: `${dateHint} (a plain number is read as an Excel date serial, and ${text} is not one)`, code: 'date.invalid' };
  }
  if (/^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/.test(text)) {
    return { ok: false, reason: `${dateHint}: write the year first (${text} could be read as day/month or month/day)`, code: 'date.invalid' };
  }
  return { ok: false, reason: dateHint, code: 'date.invalid' };
};

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
};

/** A file holds few distinct days; each is worked out once. */
const midnights = new Map<string, string>();

/**
 * The UTC instant of local midnight of `isoDate` in `timeZone` — how a date-only visit is stored
 * as a time (invariant 4), so that the clinic's local day of it is `isoDate` again.
 */
export const localMidnightUtc = (isoDate: string, timeZone: string): string => {
  const key = `${isoDate}|${timeZone}`;
  const known = midnights.get(key);
  if (known) return known;
  const formatter = formatterFor(timeZone);
  const guess = Date.parse(`${isoDate}T00:00:00Z`);
  const offsetAt = (instant: number): number => {
    const parts = formatter.formatToParts(new Date(instant));
    const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
    return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')) - instant;
  };
  // Two passes settle zones whose offset differs on either side of the guess (DST changes).
  const first = guess - offsetAt(guess);
  const result = new Date(guess - offsetAt(first)).toISOString();
  if (midnights.size > 50_000) midnights.clear();
  midnights.set(key, result);
  return result;
};
