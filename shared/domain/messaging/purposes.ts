/**
 * Why a message is sent decides everything about it: which consent it needs, whether SNS sends it
 * as Transactional or Promotional, its sending window, whether it carries a way to refuse, and
 * whether it counts against the patient's marketing budget.
 */
import type { ConsentPurpose } from '../../schemas/patient.js';

export const messagePurposes = [
  'appointment-reminder', 'care', 'recall', 'installment', 'renewal', 'survey',
  'reactivation', 'birthday', 'marketing-campaign',
] as const;
export type MessagePurpose = (typeof messagePurposes)[number];

export type PurposeRules = {
  consent: ConsentPurpose;
  smsType: 'Transactional' | 'Promotional';
  window: 'care' | 'marketing';
  /** counts against the per-patient marketing budget and must end with a way to refuse */
  marketing: boolean;
  /** lower sends first when the budget is tight */
  priority: number;
};

const care = (priority: number): PurposeRules => ({ consent: 'care', smsType: 'Transactional', window: 'care', marketing: false, priority });
const promo = (priority: number): PurposeRules => ({ consent: 'marketing', smsType: 'Promotional', window: 'marketing', marketing: true, priority });

export const purposeRules: Record<MessagePurpose, PurposeRules> = {
  'appointment-reminder': care(1),
  care: care(1),
  installment: care(2),
  recall: care(3),
  renewal: care(3),
  survey: care(4),
  reactivation: promo(5),
  birthday: promo(6),
  'marketing-campaign': promo(7),
};
