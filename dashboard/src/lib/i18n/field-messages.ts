import type { MessageKey } from './zh-cn';
import type { MessageParams } from './i18n.svelte';

type Translate = (key: MessageKey, params?: MessageParams) => string;

/**
 * Field errors come from the shared zod schemas (client side) or the API (server side) in English.
 * Known ones are shown in the chosen language; anything else is shown as the server wrote it.
 */
const patterns: Array<[RegExp, MessageKey, (m: RegExpMatchArray) => MessageParams]> = [
  [/^is required$/, 'err.required', () => ({})],
  [/^must be at most (\d+) characters$/, 'err.maxChars', (m) => ({ n: m[1] ?? '' })],
  [/^must be a date written YYYY-MM-DD$/, 'err.date', () => ({})],
  [/^must be between 1900-01-01 and today$/, 'err.dateRange', () => ({})],
  [/^must be one of /, 'err.oneOf', () => ({})],
  [/^is empty$/, 'err.phoneEmpty', () => ({})],
  [/^may contain only digits/, 'err.phoneChars', () => ({})],
  [/^has a \+ that is not at the start$/, 'err.phonePlus', () => ({})],
  [/^is not a valid international number$/, 'err.phoneIntl', () => ({})],
  [/^is not a valid mainland China mobile number$/, 'err.phoneMobile', () => ({})],
  [/^must be a mainland mobile/, 'err.phoneFormat', () => ({})],
  [/^must not be empty$/, 'err.notEmpty', () => ({})],
  [/^at most (\d+) tags$/, 'err.maxTags', (m) => ({ n: m[1] ?? '' })],
  [/^must be true or false$/, 'err.boolean', () => ({})],
  [/^Invalid input/, 'err.invalid', () => ({})],
];

export const translateFieldMessage = (message: string, t: Translate): string => {
  for (const [pattern, key, params] of patterns) {
    const match = message.match(pattern);
    if (match) return t(key, params(match));
  }
  return message;
};
