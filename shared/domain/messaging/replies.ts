/**
 * What a patient's SMS reply means. Pure: the inbound subscriber classifies, then acts.
 * Anything not recognised is a message for the front desk, never an "invalid response": a
 * patient who writes "明天下午能来吗" deserves a call back, not an error.
 */
export type ReplyIntent = 'confirm' | 'reschedule' | 'opt-out' | 'message' | 'sign-up' | 'cancel-sign-up';

/** The words China SMS practice and our own reminders ask for ("回复1确认，2改约，退订回T"). */
// Not 'N': a patient answering "no" to a reminder is not asking to stop every message (a task instead).
// R is Tencent Cloud SMS's refusal keyword (回复R退订), T and TD Alibaba's and the carriers'.
const optOutWords = new Set(['T', 'TD', 'R', 'STOP', 'UNSUBSCRIBE', '退订', '取消订阅']);
const confirmWords = new Set(['1', '确认', '是']);
const rescheduleWords = new Set(['2', '改约', '改期']);
/**
 * Member events (报名回1): "1" stays 'confirm' (an appointment within the confirm window comes
 * first, then an open event invitation); these words only ever mean the event.
 */
const signUpWords = new Set(['报名', '我要报名']);
const cancelSignUpWords = new Set(['取消报名']);

/** Leading and trailing whitespace and punctuation ("1。", "TD!", " 确认 ") carry no meaning. */
const edges = /^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu;

/**
 * NFKC turns a Chinese keyboard's full-width １２ＴＤ into 12TD; upper case makes td, Td and TD
 * the same word.
 */
export const normalizeReplyText = (body: string): string => body.normalize('NFKC').replace(edges, '').toUpperCase();

export const classifyReply = (body: string): ReplyIntent => {
  const word = normalizeReplyText(body);
  if (optOutWords.has(word)) return 'opt-out';
  if (confirmWords.has(word)) return 'confirm';
  if (rescheduleWords.has(word)) return 'reschedule';
  if (signUpWords.has(word)) return 'sign-up';
  if (cancelSignUpWords.has(word)) return 'cancel-sign-up';
  return 'message';
};

/**
 * A reply number as a key: what End User Messaging sends (E.164 or a short code) and what an
 * owner types (spaces, dashes, full-width digits) become the same string.
 */
export const normalizeReplyNumber = (input: string): string => {
  const compact = input.normalize('NFKC').replace(/[\s\-().]/g, '');
  return compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
};

/** E.164 long codes (+8610690000001) or bare short codes (106900001): 5 to 15 digits. */
export const isReplyNumber = (normalized: string): boolean => /^\+?[1-9]\d{4,14}$/.test(normalized);

/** How long a "1" reply may reach ahead: reminders go out a day and two hours before. */
export const confirmWindowHours = 48;

/** The patient's own words are kept for the front desk, bounded like any stored text. */
export const maxReplyTextLength = 1000;
