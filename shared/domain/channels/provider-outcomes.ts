/**
 * What a provider's answer means for the send ledger: accepted with the provider's id, or refused
 * with a reason the Messages page names and a verdict on retrying (only when a later try can
 * succeed: a rate limit or the provider's own fault, never an unapproved template or a blocked
 * number). The codes are the providers' documented error codes; one unknown is refused, not
 * retried, and keeps its code so the ledger shows it.
 */
export type RefusalReason = 'rate-limited' | 'template-not-approved' | 'signature-not-approved' | 'number-blocked' | 'invalid-number' | 'content-refused' | 'parameters' | 'balance' | 'credentials' | 'provider-error' | 'other';

export type ProviderOutcome =
  | { kind: 'accepted'; providerMessageId: string }
  | { kind: 'refused'; code: string; reason: RefusalReason; retryable: boolean };

type Rule = { reason: RefusalReason; retryable: boolean };
const rule = (reason: RefusalReason, retryable = false): Rule => ({ reason, retryable });

/** Alibaba Cloud SMS (Dysmsapi SendSms) error codes. */
export const alibabaRefusals: Readonly<Record<string, Rule>> = {
  'isv.BUSINESS_LIMIT_CONTROL': rule('rate-limited', true),
  'isv.DAY_LIMIT_CONTROL': rule('rate-limited', true),
  Throttling: rule('rate-limited', true),
  'isv.SMS_TEMPLATE_ILLEGAL': rule('template-not-approved'),
  'isv.SMS_SIGNATURE_ILLEGAL': rule('signature-not-approved'),
  'isv.MOBILE_NUMBER_ILLEGAL': rule('invalid-number'),
  'isv.BLACK_KEY_CONTROL_LIMIT': rule('content-refused'),
  'isv.TEMPLATE_MISSING_PARAMETERS': rule('parameters'),
  'isv.PARAM_LENGTH_LIMIT': rule('parameters'),
  'isv.INVALID_PARAMETERS': rule('parameters'),
  'isv.AMOUNT_NOT_ENOUGH': rule('balance'),
  'isv.OUT_OF_SERVICE': rule('balance'),
  SignatureDoesNotMatch: rule('credentials'),
  'InvalidAccessKeyId.NotFound': rule('credentials'),
  'isp.RAM_PERMISSION_DENY': rule('credentials'),
  'isp.SYSTEM_ERROR': rule('provider-error', true),
};

/** Tencent Cloud SMS (SendSms 2021-01-11) error codes, for the request or for one number. */
export const tencentRefusals: Readonly<Record<string, Rule>> = {
  'LimitExceeded.PhoneNumberDailyLimit': rule('rate-limited', true),
  'LimitExceeded.PhoneNumberOneHourLimit': rule('rate-limited', true),
  'LimitExceeded.PhoneNumberThirtySecondLimit': rule('rate-limited', true),
  'LimitExceeded.PhoneNumberSameContentDailyLimit': rule('rate-limited', true),
  'LimitExceeded.DeliveryFrequencyLimit': rule('rate-limited', true),
  'RequestLimitExceeded': rule('rate-limited', true),
  'FailedOperation.TemplateIncorrectOrUnapproved': rule('template-not-approved'),
  'FailedOperation.SignatureIncorrectOrUnapproved': rule('signature-not-approved'),
  'FailedOperation.PhoneNumberInBlacklist': rule('number-blocked'),
  'FailedOperation.ContainSensitiveWord': rule('content-refused'),
  'InvalidParameterValue.IncorrectPhoneNumber': rule('invalid-number'),
  'InvalidParameterValue.TemplateParameterLengthLimit': rule('parameters'),
  'InvalidParameterValue.ProhibitedUseUrlInTemplateParameter': rule('parameters'),
  'FailedOperation.InsufficientBalanceInSmsPackage': rule('balance'),
  'AuthFailure.SignatureFailure': rule('credentials'),
  'AuthFailure.SecretIdNotFound': rule('credentials'),
  'UnauthorizedOperation.SmsSdkAppIdVerifyFail': rule('credentials'),
  'InternalError.Timeout': rule('provider-error', true),
  'InternalError.RequestTimeException': rule('provider-error', true),
};

export const refusalOf = (table: Readonly<Record<string, Rule>>, code: string): ProviderOutcome => {
  const known = table[code];
  return { kind: 'refused', code, reason: known?.reason ?? 'other', retryable: known?.retryable ?? false };
};

/** WeChat Official Account subscription notices (bizsend) and token errcodes. */
export const wechatRefusals: Readonly<Record<string, Rule>> = {
  '43101': rule('number-blocked'),
  '40037': rule('template-not-approved'),
  '47003': rule('parameters'),
  '40003': rule('invalid-number'),
  '45009': rule('rate-limited', true),
  '45047': rule('rate-limited', true),
  '40001': rule('credentials'),
  '40125': rule('credentials'),
  '40164': rule('credentials'),
  '-1': rule('provider-error', true),
};
