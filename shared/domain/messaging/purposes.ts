/**
 * Why a message is sent decides everything about it: which consent it needs, whether SNS sends it
 * as Transactional or Promotional, its sending window, whether it carries a way to refuse, and
 * whether it counts against the patient's marketing budget.
 */
import type { ConsentPurpose } from '../../schemas/patient.js';

export const messagePurposes = [
  'appointment-reminder', 'care', 'recall', 'installment', 'renewal', 'survey',
  'reactivation', 'birthday', 'holiday', 'marketing-campaign',
  'member-checkup', 'member-benefits', 'low-balance',
  'member-event',
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
  /**
   * One message per phone number per day for this purpose: family members sharing a number get
   * one recall or greeting, not one each (appointment reminders stay per appointment).
   */
  onePerPhone: boolean;
};

const care = (priority: number, onePerPhone = false): PurposeRules => ({ consent: 'care', smsType: 'Transactional', window: 'care', marketing: false, priority, onePerPhone });
const promo = (priority: number, onePerPhone = true): PurposeRules => ({ consent: 'marketing', smsType: 'Promotional', window: 'marketing', marketing: true, priority, onePerPhone });

export const purposeRules: Record<MessagePurpose, PurposeRules> = {
  'appointment-reminder': care(1),
  care: care(1),
  installment: care(2),
  recall: care(3, true),
  // Members' messages are service notices about a contract the patient already holds (the term
  // ending, what it still includes, the prepaid balance): the consumer-protection rules for
  // prepaid cards expect the issuer to tell the holder. They need care consent, are sent as
  // Transactional in the care window and never count against the marketing budget. Their text
  // names no treatment and offers nothing new; a discount to renew would make it marketing.
  renewal: care(3),
  'member-checkup': care(4),
  'member-benefits': care(4),
  'low-balance': care(3),
  survey: care(4),
  reactivation: promo(5),
  // Each family member's birthday is their own occasion.
  birthday: promo(6, false),
  holiday: promo(6),
  'marketing-campaign': promo(7),
  // A member event's answers to the patient's own replies (已报名, 已加入候补, 候补成功) and the
  // reminder the day before: about something the patient asked for, so a service notice (care
  // consent, care window), one per person (a family may come together). The invitation itself is
  // marketing ('marketing-campaign'), the feedback link a 'survey'.
  'member-event': care(4),
};

export const isMarketingPurpose = (purpose: string): boolean => (messagePurposes as readonly string[]).includes(purpose) && purposeRules[purpose as MessagePurpose].marketing;
