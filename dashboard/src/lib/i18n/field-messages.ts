import type { MessageKey } from './zh-cn';
import type { MessageParams } from './i18n.svelte';
import { formatFen } from '../format/money';

type Translate = (key: MessageKey, params?: MessageParams) => string;
/** Formats an ISO instant a message names (a slot start) on the clinic's clock. */
type FormatInstant = (iso: string) => string;

const fen = (value: string | undefined): string => formatFen(Number(value ?? 0));

/**
 * Field errors come from the shared zod schemas (client side) or the API (server side) in English.
 * Known ones are shown in the chosen language; anything else is shown as the server wrote it.
 */
const patterns: Array<[RegExp, MessageKey, (m: RegExpMatchArray, instant: FormatInstant) => MessageParams]> = [
  [/^is required$/, 'err.required', () => ({})],
  [/^Too small: expected (string|array) to have >=1 (characters|items)$/, 'err.required', () => ({})],
  [/^must be at most (\d+) characters$/, 'err.maxChars', (m) => ({ n: m[1] ?? '' })],
  [/^must be a date written YYYY-MM-DD$/, 'err.date', () => ({})],
  [/^must be between 1900-01-01 and today$/, 'err.dateRange', () => ({})],
  [/^must be one of /, 'err.oneOf', () => ({})],
  [/^is empty$/, 'err.phoneEmpty', () => ({})],
  [/^may contain only digits/, 'err.phoneChars', () => ({})],
  [/^has a \+ that is not at the start$/, 'err.phonePlus', () => ({})],
  [/^is not a valid international number/, 'err.phoneIntl', () => ({})],
  [/^is not a valid mainland China mobile number$/, 'err.phoneMobile', () => ({})],
  [/^must be a mainland mobile/, 'err.phoneFormat', () => ({})],
  [/^must not be empty$/, 'err.notEmpty', () => ({})],
  [/^at most (\d+) tags$/, 'err.maxTags', (m) => ({ n: m[1] ?? '' })],
  [/^must be true or false$/, 'err.boolean', () => ({})],
  // money and checkout
  [/^must be whole fen \(an integer\), not a fraction$/, 'err.fenFraction', () => ({})],
  [/^has more than 2 decimal places/, 'err.fenFraction', () => ({})],
  [/^must not be negative \(refunds/, 'err.negativeRefund', () => ({})],
  [/^must not be negative$/, 'err.negative', () => ({})],
  [/^must be an amount in fen/, 'err.amount', () => ({})],
  [/^must be an amount in yuan/, 'err.amount', () => ({})],
  [/^must be at most ¥1,000,000$/, 'err.amountMax', () => ({})],
  [/^must be more than zero$/, 'err.positive', () => ({})],
  [/^must be an FDI tooth number/, 'err.tooth', () => ({})],
  [/^must not exceed the line’s price \((\d+) fen\)$/, 'err.discountOverLine', (m) => ({ amount: fen(m[1]) })],
  [/^must not exceed the subtotal \((\d+) fen\)$/, 'err.discountOverSubtotal', (m) => ({ amount: fen(m[1]) })],
  [/^add up to (\d+) fen but the visit total is (\d+) fen$/, 'err.paymentsSum', (m) => ({ paid: fen(m[1]), total: fen(m[2]) })],
  [/^adds up to (\d+) fen, not the (\d+) fen of the payment$/, 'err.scheduleSum', (m) => ({ sum: fen(m[1]), amount: fen(m[2]) })],
  [/^must be after today \((\d{4}-\d{2}-\d{2})\)$/, 'err.afterToday', (m) => ({ today: m[1] ?? '' })],
  [/^must be later than the part before it$/, 'err.laterThanPrevious', () => ({})],
  [/^is required for an installment payment$/, 'err.scheduleRequired', () => ({})],
  [/^is only for installment payments$/, 'err.scheduleOnlyInstallment', () => ({})],
  [/^must have at least one procedure$/, 'co.needLines', () => ({})],
  [/^is not a procedure in this chain’s catalog$/, 'err.unknownProcedure', () => ({})],
  [/^is no longer offered/, 'err.inactiveProcedure', () => ({})],
  [/^must be a whole number$/, 'err.wholeNumber', () => ({})],
  // appointments
  [/^is not a dentist of this clinic$/, 'err.notDentist', () => ({})],
  [/^must start on a 15-minute mark/, 'err.slotMark', () => ({})],
  [/^must be at least 15 minutes$/, 'err.durationRange', () => ({})],
  [/^must be at most 4 hours/, 'err.durationRange', () => ({})],
  [/^must be a chair name/, 'err.chair', () => ({})],
  [/^is in the past$/, 'appt.inPast', () => ({})],
  [/^overlaps another appointment$/, 'appt.overlaps', () => ({})],
  [/^is already booked at (.+)$/, 'appt.slotTaken', (m, instant) => ({ time: instant(m[1] ?? '') })],
  [/^is not a patient you can see$/, 'err.patientNotVisible', () => ({})],
  [/^is not one of your clinics$/, 'err.notYourClinic', () => ({})],
  [/^is no longer open$/, 'co.appointmentClosed', () => ({})],
  [/^is (completed|cancelled|no-show)$/, 'co.appointmentClosed', () => ({})],
  [/^must be an ISO-8601 date-time$/, 'err.dateTime', () => ({})],
  [/^must not be in the future$/, 'err.future', () => ({})],
  // imports
  [/^must be 男 or 女/, 'err.gender', () => ({})],
  [/^must be 是 or 否/, 'err.yesNo', () => ({})],
  [/^is not a real calendar day/, 'err.calendarDay', () => ({})],
  [/^is in scientific notation/, 'err.scientific', () => ({})],
  [/^is blank, so the procedure and amount/, 'err.noVisitDate', () => ({})],
  // automation settings
  [/^must be at least (\d+) characters$/, 'err.minChars', (m) => ({ n: m[1] ?? '' })],
  [/^must be at least (-?\d+)$/, 'err.min', (m) => ({ n: m[1] ?? '' })],
  [/^must be at most (-?\d+)$/, 'err.max', (m) => ({ n: m[1] ?? '' })],
  [/^must be a number$/, 'err.number', () => ({})],
  [/^must be text$/, 'err.text', () => ({})],
  [/^must be a list of days$/, 'err.daysList', () => ({})],
  [/^must name at least one day$/, 'err.daysMin', () => ({})],
  [/^must name at most (\d+) days$/, 'err.daysMax', (m) => ({ n: m[1] ?? '' })],
  [/^must not repeat a day$/, 'err.daysRepeat', () => ({})],
  [/^may only use the variables (.+)$/, 'err.templateVars', (m) => ({ vars: m[1] ?? '' })],
  [/^must not contain 【】: /, 'err.templateSignature', () => ({})],
  [/^must not contain 【】 or braces$/, 'err.offerChars', () => ({})],
  [/^the sending window must be at least (\d+) hours$/, 'err.window', (m) => ({ n: m[1] ?? '' })],
  [/^must list at most (\d+) holidays$/, 'err.holidaysMax', (m) => ({ n: m[1] ?? '' })],
  // visit void and SMS replies
  [/^must say why/, 'void.reasonShort', () => ({})],
  [/^is already void$/, 'void.already', () => ({})],
  [/^must be the chain’s SMS reply number/, 'err.replyNumber', () => ({})],
  [/^is used by another chain$/, 'err.replyNumberTaken', () => ({})],
  [/^is not set$/, 'err.replyNumberNotSet', () => ({})],
  [/^Invalid input/, 'err.invalid', () => ({})],
];

export const translateFieldMessage = (message: string, t: Translate, formatInstant: FormatInstant = (iso) => iso): string => {
  for (const [pattern, key, params] of patterns) {
    const match = message.match(pattern);
    if (match) return t(key, params(match, formatInstant));
  }
  return message;
};
