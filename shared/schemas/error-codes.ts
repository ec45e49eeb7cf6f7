/**
 * The machine codes a field error carries beside its English message (invariant 10). A program
 * (the dashboard, an integration) decides by code, never by the message's words: messages may be
 * reworded, codes may not. Every code here has a translation in the dashboard's table and the
 * table knows no other (tests/unit/error-codes.test.ts).
 *
 * Params carry the numbers a message quotes (a maximum, an amount in fen, a date) so a
 * translation can quote them too without reading the English.
 */
import type * as z from 'zod';

export const fieldErrorCodes = [
  // from any schema: the kinds of zod issue
  'required',
  'type.invalid',
  'number.not_integer',
  'number.too_small',
  'number.too_big',
  'number.not_multiple',
  'too_short',
  'too_long',
  'too_few',
  'too_many',
  'enum.invalid',
  'format.invalid',
  'date.invalid',
  'datetime.invalid',
  'email.invalid',
  'field.unknown',
  'invalid',
  // the request itself
  'body.invalid_json',
  'body.invalid_xml',
  'body.not_object',
  'body.not_empty',
  'body.too_large',
  'body.no_changes',
  'path.invalid',
  // text
  'text.empty',
  'text.control_chars',
  'list.repeat',
  'tags.too_many',
  'id.invalid',
  'cursor.invalid',
  'rate.limited',
  // phones (invariant 5)
  'phone.empty',
  'phone.chars',
  'phone.plus',
  'phone.international',
  'phone.mobile',
  'phone.invalid',
  'phone.scientific',
  'phone.extra',
  // money (invariant 3)
  'money.invalid',
  'money.fraction',
  'money.negative',
  'money.too_large',
  'money.not_positive',
  'money.refund',
  'money.over_balance',
  // dates and times
  'date.future',
  'date.too_far',
  'date.past',
  'date.range',
  'date.not_calendar_day',
  'date.order',
  'date.too_old',
  // checkout
  'lines.required',
  'procedure.unknown',
  'procedure.inactive',
  'tooth.invalid',
  'discount.over_line',
  'discount.over_subtotal',
  'payments.sum',
  'schedule.sum',
  'schedule.required',
  'schedule.only_installment',
  'schedule.not_after_today',
  'schedule.not_increasing',
  // appointments
  'slot.mark',
  'slot.taken',
  'slot.overlaps',
  'duration.range',
  'duration.multiple',
  'chair.invalid',
  'dentist.invalid',
  'appointment.closed',
  'appointment.not_found',
  'appointment.no_show_early',
  // who and where
  'clinic.not_yours',
  'clinic.required',
  'clinic.mismatch',
  'patient.not_visible',
  'patient.not_found',
  'patient.same',
  'patient.merged',
  'patient.has_medical',
  'patient.has_stored_value',
  'referrer.self',
  'family.not_found',
  'staff.not_found',
  'staff.self',
  'staff.last_owner',
  'staff.not_invited',
  'role.not_allowed',
  'search.not_allowed',
  // channels and templates (issue 14)
  'channel.provider_missing',
  'channel.purpose_forbidden',
  'channel.template_unknown',
  'channel.template_not_approved',
  'channel.template_duplicate',
  'channel.template_code_invalid',
  'channel.parameter_too_long',
  'channel.purpose_unknown',
  'channel.template_type_mismatch',
  'channel.template_wrong_purpose',
  'channel.parameter_missing',
  'channel.parameter_unsupplied',
  // state and concurrency (409)
  'conflict.changed',
  'conflict.in_progress',
  'already_exists',
  'already_done',
  'status.transition',
  'consent.stale',
  'consent.required',
  'consent.health_data_required',
  'idempotency.reused',
  // memberships
  'promotion.invalid',
  'plan.not_sold',
  'membership.family',
  'membership.cancelled',
  'membership.lapsed',
  'membership.covered_changed',
  'payment.not_offered',
  // coupons and points at checkout
  'coupon.not_found',
  'coupon.used',
  'coupon.expired',
  'coupon.not_yet',
  'coupon.clinic',
  'coupon.min_spend',
  'coupon.not_eligible',
  'coupon.definition_inactive',
  'points.over_balance',
  'points.over_cap',
  'points.not_whole_fen',
  // imports
  'gender.invalid',
  'yes_no.invalid',
  'file.empty',
  'file.invalid',
  'file.too_large',
  'import.not_mapped',
  'import.no_dry_run',
  'import.truncated',
  'visit.no_date',
  // visits
  'visit.already_void',
  'visit.reason_short',
  // automation settings
  'template.variables',
  'template.signature',
  'offer.chars',
  'window.too_short',
  'days.invalid',
  'days.none',
  'days.too_many',
  'days.repeat',
  'holidays.too_many',
  // SMS replies
  'reply_number.invalid',
  'reply_number.taken',
  'reply_number.not_set',
  // imports as clinics really use spreadsheets; a phone another patient already has
  'sheet.not_found',
  'formula.no_result',
  'visit.lines_added',
  'phone.exists',
  // members: a family member on one active card at a time
  'membership.family_on_card',
  // visit packs (次卡)
  'pack.not_sold',
  'pack.used_changed',
  'pack.cancelled',
  // campaigns
  'campaign.medical_words',
  'campaign.too_long',
  'campaign.split_sum',
  'campaign.variant_repeat',
  'campaign.window_outside',
  'campaign.audience_empty',
  'campaign.not_approved',
  'campaign.schedule_past',
  // segments: a condition on a fact the builder does not know, or a range nobody can fall in
  'segment.field_unknown',
  'segment.range',
  'segment.not_found',
  'coupon.definition_not_found',
  // segments: a range left without either end, groups nested too deep, a deleted segment named
  'segment.range_empty',
  'segment.too_deep',
  'segment.deleted',
  'segment.clinical',
  'segment.frozen',
  'list.clinical',
  'tag.clinical',
  // triggered campaigns: an event nobody emits, a survey score outside 0–10, a delay out of bounds
  'campaign.trigger_event',
  'campaign.trigger_score',
  'campaign.trigger_delay',
  // member events (会员活动)
  'event.capacity_below_signed_up',
  'event.not_invited',
  'event.not_started',
  // installments at the desk (issue 13)
  'installment.already_paid',
  'installment.void',
  // commercial-insurance claims (issue 13)
  'claim.visit_unknown',
  'claim.closed',
  'claim.paid_only',
  'claim.paid_above',
  // clinics and the catalog (issue 13): a day that closes before it opens, a recall interval out of range
  'opening_hours.order',
  'recall.months',
  // consumables stock (耗材): quantities against the item's unit, stock on hand, items named
  'quantity.negative',
  'quantity.fraction',
  'quantity.precision',
  'stock.short',
  'stock.item_unknown',
  'stock.item_inactive',
] as const;

export type FieldErrorCode = (typeof fieldErrorCodes)[number];
export type FieldErrorParams = Record<string, string | number>;

const known = new Set<string>(fieldErrorCodes);
export const isFieldErrorCode = (value: unknown): value is FieldErrorCode => typeof value === 'string' && known.has(value);

/**
 * An `error` for a zod check or type that gives its issue a specific code as well as a message:
 * `z.number().min(0, { error: coded('money.negative', 'must not be negative') })`. Zod hands the
 * error function the issue it is about to finish, so the code rides along in `params` exactly as a
 * refinement's `params: { code }` does.
 */
export const coded =
  (code: FieldErrorCode, message: string) =>
  (issue: object): string => {
    const raw = issue as { code?: string; input?: unknown; params?: Record<string, unknown> };
    // a missing field is missing, whatever the type's own code says about a wrong value
    raw.params = { ...raw.params, code: raw.code === 'invalid_type' && raw.input === undefined ? 'required' : code };
    return message;
  };

type Issue = z.core.$ZodIssue;

const numbers = (issue: Issue): FieldErrorParams => {
  const params: FieldErrorParams = {};
  if ('minimum' in issue && (typeof issue.minimum === 'number' || typeof issue.minimum === 'bigint')) params.minimum = Number(issue.minimum);
  if ('maximum' in issue && (typeof issue.maximum === 'number' || typeof issue.maximum === 'bigint')) params.maximum = Number(issue.maximum);
  if (issue.code === 'not_multiple_of') params.divisor = Number(issue.divisor);
  return params;
};

const sizeCode = (issue: Issue & { code: 'too_small' | 'too_big' }): FieldErrorCode => {
  const small = issue.code === 'too_small';
  if (issue.origin === 'number' || issue.origin === 'bigint' || issue.origin === 'int') return small ? 'number.too_small' : 'number.too_big';
  if (issue.origin === 'array' || issue.origin === 'set') return small ? (Number(issue.minimum) <= 1 ? 'required' : 'too_few') : 'too_many';
  if (issue.origin === 'date') return small ? 'date.past' : 'date.future';
  return small ? (Number(issue.minimum) <= 1 ? 'required' : 'too_short') : 'too_long';
};

const formatCode = (format: string): FieldErrorCode =>
  format === 'date' ? 'date.invalid' : format === 'datetime' ? 'datetime.invalid' : format === 'email' ? 'email.invalid' : 'format.invalid';

/** True when the field was absent; an issue parsed without `reportInput` cannot say, and counts as absent unless it is about an integer. */
export const isMissing = (issue: Issue): boolean =>
  issue.code === 'invalid_type' && ('input' in issue ? issue.input === undefined : issue.expected !== 'int');

/** The code of one zod issue: the schema's own when it named one, else one for the issue's kind. */
export const codeOfIssue = (issue: Issue): FieldErrorCode => {
  const own = (issue as { params?: Record<string, unknown> }).params?.code;
  if (isFieldErrorCode(own)) return own;
  switch (issue.code) {
    case 'invalid_type':
      // zod keeps the input only when asked (parseWith does): without it a missing field is the likely case
      if (isMissing(issue)) return 'required';
      return issue.expected === 'int' ? 'number.not_integer' : 'type.invalid';
    case 'too_small':
    case 'too_big':
      return sizeCode(issue);
    case 'invalid_format':
      return formatCode(issue.format);
    case 'not_multiple_of':
      return 'number.not_multiple';
    case 'unrecognized_keys':
      return 'field.unknown';
    case 'invalid_value':
      return 'enum.invalid';
    default:
      return 'invalid';
  }
};

/** Params a translation may quote: a size limit, what type was expected, or the schema's own. */
export const paramsOfIssue = (issue: Issue): FieldErrorParams | undefined => {
  const params: FieldErrorParams = numbers(issue);
  if (issue.code === 'invalid_type' && codeOfIssue(issue) !== 'required') params.expected = issue.expected;
  const own = (issue as { params?: Record<string, unknown> }).params ?? {};
  for (const [key, value] of Object.entries(own)) if (key !== 'code' && (typeof value === 'string' || typeof value === 'number')) params[key] = value;
  return Object.keys(params).length ? params : undefined;
};

/** The top-level `error.code` of every 4xx and 5xx: what kind of failure, before any field. */
export const apiErrorCodes = [
  'invalid_request',
  'unauthenticated',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'conflict',
  'too_large',
  'uri_too_long',
  'too_many_requests',
  'internal',
  // an owner or manager signed in without TOTP: the dashboard shows the enrolment screen
  'mfa_required',
] as const;
export type ApiErrorCode = (typeof apiErrorCodes)[number];
