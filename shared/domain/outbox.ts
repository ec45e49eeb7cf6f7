/**
 * What each caller sees of the outbox. Staff scoped to clinics see their clinics' messages and
 * the chain's alerts; marketing sees masked numbers and the text only of marketing messages
 * (a reminder or a care message says what treatment a patient had).
 */
import { canSeeClinic, seesContactDetails, type Caller } from './access.js';
import { maskPhone } from './phone.js';
import { isMarketingPurpose } from './messaging/purposes.js';
import type { OutboxMessage } from '../schemas/outbox.js';

export const hiddenText = '(hidden)';

export const outboxVisibleTo = (caller: Caller, message: OutboxMessage): boolean =>
  message.clinicId === undefined ? message.kind === 'staff-alert' : canSeeClinic(caller, message.clinicId);

export const presentOutboxMessage = (caller: Caller, message: OutboxMessage): OutboxMessage => {
  if (seesContactDetails(caller.role) || message.kind !== 'sms') return message;
  return { ...message, to: maskPhone(message.to), text: isMarketingPurpose(message.purpose) ? message.text : hiddenText };
};
