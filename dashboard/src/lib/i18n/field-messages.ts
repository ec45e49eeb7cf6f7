// relative, not $shared: the unit tests import this table from outside the dashboard build
import type { FieldErrorCode, FieldErrorParams } from '../../../../shared/schemas/error-codes';
import type { MessageKey } from './zh-cn';
import type { MessageParams } from './i18n.svelte';
import { formatFen } from '../format/money';

type Translate = (key: MessageKey, params?: MessageParams) => string;
/** Formats an ISO instant a message names (a slot start) on the clinic's clock. */
type FormatInstant = (iso: string) => string;

/**
 * A field error as the API (`fields[]`) or the shared zod schema in the browser names it: the
 * code decides the words shown, the English message is the fallback for a code this build of the
 * dashboard does not know yet (a newer API).
 */
export type FieldIssue = { message: string; code?: string; params?: FieldErrorParams };

type Wording = [MessageKey, MessageParams?];
type Phrase = (params: FieldErrorParams, instant: FormatInstant) => Wording;

const num = (params: FieldErrorParams, name: string): string => String(params[name] ?? '');
const fen = (params: FieldErrorParams, name: string): string => formatFen(Number(params[name] ?? 0));
const fixed = (key: MessageKey): Phrase => () => [key];

const typeWording = (params: FieldErrorParams): Wording => {
  if (params.expected === 'number') return ['err.number'];
  if (params.expected === 'boolean') return ['err.boolean'];
  if (params.expected === 'string') return ['err.text'];
  return ['err.invalid'];
};

/**
 * Every code of shared/schemas/error-codes.ts and how it reads; the Record type makes a new code
 * a compile error here until it has words (tests/unit/error-codes.test.ts checks both ways).
 */
export const fieldMessageTable: Record<FieldErrorCode, Phrase> = {
  required: fixed('err.required'),
  'type.invalid': typeWording,
  'number.not_integer': fixed('err.wholeNumber'),
  'number.too_small': (p) => ['err.min', { n: num(p, 'minimum') }],
  'number.too_big': (p) => ['err.max', { n: num(p, 'maximum') }],
  'number.not_multiple': (p) => ['err.notMultiple', { n: num(p, 'divisor') }],
  too_short: (p) => ['err.minChars', { n: num(p, 'minimum') }],
  too_long: (p) => ['err.maxChars', { n: num(p, 'maximum') }],
  too_few: (p) => ['err.tooFew', { n: num(p, 'minimum') }],
  too_many: (p) => ['err.tooMany', { n: num(p, 'maximum') }],
  'enum.invalid': fixed('err.oneOf'),
  'format.invalid': fixed('err.format'),
  'date.invalid': fixed('err.date'),
  'datetime.invalid': fixed('err.dateTime'),
  'email.invalid': fixed('err.email'),
  'field.unknown': fixed('err.unknownField'),
  invalid: fixed('err.invalid'),
  'body.invalid_json': fixed('err.request'),
  'body.invalid_xml': fixed('err.request'),
  'body.not_object': fixed('err.request'),
  'body.not_empty': fixed('err.request'),
  'body.too_large': fixed('err.tooLarge'),
  'body.no_changes': fixed('err.noChanges'),
  'path.invalid': fixed('err.request'),
  'text.empty': fixed('err.notEmpty'),
  'text.control_chars': fixed('err.controlChars'),
  'list.repeat': fixed('err.listRepeat'),
  'tags.too_many': (p) => ['err.maxTags', { n: num(p, 'maximum') }],
  'id.invalid': fixed('err.id'),
  'cursor.invalid': fixed('err.cursor'),
  'rate.limited': fixed('err.rateLimited'),
  'phone.empty': fixed('err.phoneEmpty'),
  'phone.chars': fixed('err.phoneChars'),
  'phone.plus': fixed('err.phonePlus'),
  'phone.international': fixed('err.phoneIntl'),
  'phone.mobile': fixed('err.phoneMobile'),
  'phone.invalid': fixed('err.phoneFormat'),
  'phone.scientific': fixed('err.scientific'),
  'phone.extra': (p) => ['err.phoneExtra', { count: num(p, 'count') }],
  'money.invalid': fixed('err.amount'),
  'money.fraction': fixed('err.fenFraction'),
  'money.negative': fixed('err.negative'),
  'money.too_large': (p) => ['err.amountMax', { amount: fen(p, 'maximum') }],
  'money.not_positive': fixed('err.positive'),
  'money.refund': fixed('err.negativeRefund'),
  'money.over_balance': fixed('err.overBalance'),
  'date.future': fixed('err.future'),
  'date.too_far': (p) => ['err.tooFar', { days: num(p, 'days') }],
  'date.past': fixed('appt.inPast'),
  'date.range': fixed('err.dateRange'),
  'date.not_calendar_day': fixed('err.calendarDay'),
  'date.order': fixed('err.dateOrder'),
  'date.too_old': (p) => ['err.tooOld', { n: num(p, 'maximum') }],
  'lines.required': fixed('co.needLines'),
  'procedure.unknown': fixed('err.unknownProcedure'),
  'procedure.inactive': fixed('err.inactiveProcedure'),
  'tooth.invalid': fixed('err.tooth'),
  'discount.over_line': (p) => ['err.discountOverLine', { amount: fen(p, 'amountFen') }],
  'discount.over_subtotal': (p) => ['err.discountOverSubtotal', { amount: fen(p, 'amountFen') }],
  'payments.sum': (p) => ['err.paymentsSum', { paid: fen(p, 'paidFen'), total: fen(p, 'totalFen') }],
  'schedule.sum': (p) => ['err.scheduleSum', { sum: fen(p, 'sumFen'), amount: fen(p, 'amountFen') }],
  'schedule.required': fixed('err.scheduleRequired'),
  'schedule.only_installment': fixed('err.scheduleOnlyInstallment'),
  'schedule.not_after_today': (p) => ['err.afterToday', { today: num(p, 'today') }],
  'schedule.not_increasing': fixed('err.laterThanPrevious'),
  'slot.mark': fixed('err.slotMark'),
  'slot.taken': (p, instant) => ['appt.slotTaken', { time: instant(num(p, 'at')) }],
  'slot.overlaps': fixed('appt.overlaps'),
  'duration.range': fixed('err.durationRange'),
  'duration.multiple': fixed('err.durationMultiple'),
  'chair.invalid': fixed('err.chair'),
  'dentist.invalid': fixed('err.notDentist'),
  'appointment.closed': fixed('co.appointmentClosed'),
  'appointment.not_found': fixed('err.appointmentNotFound'),
  'appointment.no_show_early': fixed('err.noShowEarly'),
  'clinic.not_yours': fixed('err.notYourClinic'),
  'clinic.required': fixed('err.clinicRequired'),
  'clinic.mismatch': fixed('err.clinicMismatch'),
  'patient.not_visible': fixed('err.patientNotVisible'),
  'patient.not_found': fixed('err.patientNotFound'),
  'patient.same': fixed('err.samePatient'),
  'patient.merged': fixed('err.patientMerged'),
  'patient.has_medical': fixed('err.hasMedical'),
  'patient.has_stored_value': fixed('err.hasStoredValue'),
  'referrer.self': fixed('err.referrerSelf'),
  'family.not_found': fixed('err.familyNotFound'),
  'staff.not_found': fixed('err.staffNotFound'),
  'role.not_allowed': fixed('err.roleNotAllowed'),
  'staff.self': fixed('err.staffSelf'),
  'staff.last_owner': fixed('err.staffLastOwner'),
  'staff.not_invited': fixed('err.staffNotInvited'),
  'search.not_allowed': fixed('err.searchNotAllowed'),
  'channel.provider_missing': fixed('err.channelProviderMissing'),
  'channel.purpose_forbidden': fixed('err.channelPurposeForbidden'),
  'channel.template_unknown': fixed('err.channelTemplateUnknown'),
  'channel.template_not_approved': fixed('err.channelTemplateNotApproved'),
  'channel.template_duplicate': fixed('err.channelTemplateDuplicate'),
  'channel.template_code_invalid': fixed('err.channelTemplateCode'),
  'channel.parameter_too_long': fixed('err.channelParameterTooLong'),
  'channel.purpose_unknown': fixed('err.channelPurposeUnknown'),
  'channel.template_type_mismatch': fixed('err.channelTemplateType'),
  'channel.template_wrong_purpose': fixed('err.channelTemplateWrongPurpose'),
  'channel.parameter_missing': fixed('err.channelParameterMissing'),
  'channel.parameter_unsupplied': fixed('err.channelParameterUnsupplied'),
  'conflict.changed': fixed('err.changed'),
  'conflict.in_progress': fixed('err.inProgress'),
  already_exists: fixed('err.exists'),
  already_done: fixed('err.alreadyDone'),
  'status.transition': fixed('err.statusTransition'),
  'consent.stale': fixed('err.consentStale'),
  'consent.required': fixed('err.consentRequired'),
  'consent.health_data_required': fixed('err.healthDataConsent'),
  'idempotency.reused': fixed('err.idempotency'),
  'promotion.invalid': fixed('err.promotion'),
  'plan.not_sold': fixed('err.planNotSold'),
  'membership.family': fixed('err.membershipFamily'),
  'membership.cancelled': fixed('err.membershipCancelled'),
  'membership.lapsed': fixed('err.membershipLapsed'),
  'membership.covered_changed': fixed('err.coveredChanged'),
  'payment.not_offered': fixed('err.paymentNotOffered'),
  'coupon.not_found': fixed('err.couponNotFound'),
  'coupon.used': fixed('err.couponUsed'),
  'coupon.expired': (p) => ['err.couponExpired', { date: num(p, 'date') }],
  'coupon.not_yet': (p) => ['err.couponNotYet', { date: num(p, 'date') }],
  'coupon.clinic': fixed('err.couponClinic'),
  'coupon.min_spend': (p) => ['err.couponMinSpend', { amount: fen(p, 'amountFen') }],
  'coupon.not_eligible': fixed('err.couponNotEligible'),
  'coupon.definition_inactive': fixed('err.couponInactive'),
  'points.over_balance': (p) => ['err.pointsOverBalance', { points: num(p, 'points') }],
  'points.over_cap': (p) => ['err.pointsOverCap', { amount: fen(p, 'amountFen'), percent: num(p, 'percent') }],
  'points.not_whole_fen': (p) => ['err.pointsNotWholeFen', { points: num(p, 'pointsPerYuan') }],
  'gender.invalid': fixed('err.gender'),
  'yes_no.invalid': fixed('err.yesNo'),
  'file.empty': fixed('err.fileEmpty'),
  'file.invalid': fixed('err.fileInvalid'),
  'file.too_large': fixed('err.fileTooLarge'),
  'import.not_mapped': fixed('err.notMapped'),
  'import.no_dry_run': fixed('err.noDryRun'),
  'import.truncated': (p) => ['err.truncated', { n: num(p, 'maximum') }],
  'visit.no_date': fixed('err.noVisitDate'),
  'visit.already_void': fixed('void.already'),
  'visit.reason_short': fixed('void.reasonShort'),
  'template.variables': (p) => ['err.templateVars', { vars: num(p, 'vars') }],
  'template.signature': fixed('err.templateSignature'),
  'offer.chars': fixed('err.offerChars'),
  'window.too_short': (p) => ['err.window', { n: num(p, 'hours') }],
  'days.invalid': fixed('err.daysList'),
  'days.none': fixed('err.daysMin'),
  'days.too_many': (p) => ['err.daysMax', { n: num(p, 'maximum') }],
  'days.repeat': fixed('err.daysRepeat'),
  'holidays.too_many': (p) => ['err.holidaysMax', { n: num(p, 'maximum') }],
  'reply_number.invalid': fixed('err.replyNumber'),
  'reply_number.taken': fixed('err.replyNumberTaken'),
  'reply_number.not_set': fixed('err.replyNumberNotSet'),
  'sheet.not_found': fixed('err.sheetNotFound'),
  'formula.no_result': fixed('err.formulaNoResult'),
  'visit.lines_added': (p) => ['err.visitLinesAdded', { row: num(p, 'row'), amount: fen(p, 'amountFen') }],
  'phone.exists': fixed('err.phoneExists'),
  'membership.family_on_card': fixed('err.familyOnCard'),
  'pack.not_sold': fixed('err.packNotSold'),
  'pack.used_changed': fixed('err.packUsedChanged'),
  'pack.cancelled': fixed('err.packCancelled'),
  'campaign.medical_words': (p) => ['err.campaignMedical', { words: num(p, 'words') }],
  'campaign.too_long': (p) => ['err.campaignTooLong', { parts: num(p, 'parts') }],
  'campaign.split_sum': (p) => ['err.campaignSplit', { sum: num(p, 'sum') }],
  'campaign.variant_repeat': fixed('err.campaignVariantRepeat'),
  'campaign.window_outside': (p) => ['err.campaignWindow', { start: num(p, 'start'), end: num(p, 'end') }],
  'campaign.audience_empty': fixed('err.campaignAudienceEmpty'),
  'campaign.not_approved': fixed('err.campaignNotApproved'),
  'campaign.schedule_past': fixed('err.campaignSchedulePast'),
  'segment.field_unknown': fixed('err.segmentField'),
  'segment.range': fixed('err.segmentRange'),
  'segment.not_found': fixed('err.segmentNotFound'),
  'coupon.definition_not_found': fixed('err.couponDefinitionNotFound'),
  'segment.range_empty': fixed('err.segmentRangeEmpty'),
  'segment.too_deep': (p) => ['err.segmentTooDeep', { max: num(p, 'max') }],
  'segment.deleted': fixed('err.segmentDeleted'),
  'segment.clinical': fixed('err.segmentClinical'),
  'segment.frozen': fixed('err.segmentFrozen'),
  'list.clinical': fixed('err.listClinical'),
  'tag.clinical': fixed('err.tagClinical'),
  'campaign.trigger_event': fixed('err.campaignTriggerEvent'),
  'campaign.trigger_score': fixed('err.campaignTriggerScore'),
  'campaign.trigger_delay': fixed('err.campaignTriggerDelay'),
  'event.capacity_below_signed_up': (p) => ['err.eventCapacityBelow', { n: num(p, 'min') }],
  'event.not_invited': fixed('err.eventNotInvited'),
  'event.not_started': fixed('err.eventNotStarted'),
  'installment.already_paid': fixed('err.installmentAlreadyPaid'),
  'installment.void': fixed('err.installmentVoid'),
  'claim.visit_unknown': fixed('err.claimVisitUnknown'),
  'claim.closed': fixed('err.claimClosed'),
  'claim.paid_only': fixed('err.claimPaidOnly'),
  'claim.paid_above': (p) => ['err.claimPaidAbove', { max: num(p, 'max') }],
  'opening_hours.order': fixed('err.openingHoursOrder'),
  'recall.months': fixed('err.recallMonths'),
  'quantity.negative': fixed('err.stockQuantityNegative'),
  'quantity.fraction': fixed('err.stockQuantityFraction'),
  'quantity.precision': fixed('err.stockQuantityPrecision'),
  'stock.short': (p) => ['err.stockShort', { n: num(p, 'available') }],
  'stock.item_unknown': fixed('err.stockItemUnknown'),
  'stock.item_inactive': fixed('err.stockItemInactive'),
};

const isKnownCode = (code: string | undefined): code is FieldErrorCode => code !== undefined && Object.hasOwn(fieldMessageTable, code);

/**
 * The words for one field error in the chosen language, by its code; the server's own message
 * for a code this table does not know. A plain string is already words (the form's own check).
 */
export const translateFieldMessage = (issue: FieldIssue | string, t: Translate, formatInstant: FormatInstant = (iso) => iso): string => {
  if (typeof issue === 'string') return issue;
  if (!isKnownCode(issue.code)) return issue.message;
  const [key, params] = fieldMessageTable[issue.code](issue.params ?? {}, formatInstant);
  return t(key, params);
};
