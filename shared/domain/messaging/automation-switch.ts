/**
 * Whether the owner has this kind of message switched on, read at the moment of sending: a
 * message deferred yesterday is not sent today if its automation was switched off meanwhile.
 * Surveys and one-off campaigns are started by a person, not by an automation.
 */
import type { AutomationSettings } from '../../schemas/automations.js';
import type { MessagePurpose } from './purposes.js';

export const automationEnabled = (settings: AutomationSettings, purpose: MessagePurpose): boolean => {
  switch (purpose) {
    case 'appointment-reminder':
      return settings.appointmentReminders.enabled;
    case 'care':
      return settings.care.enabled;
    case 'recall':
      return settings.recall.enabled;
    case 'installment':
      return settings.installment.enabled;
    case 'renewal':
      return settings.renewal.enabled;
    case 'member-checkup':
      return settings.memberCheckup.enabled;
    case 'member-benefits':
      return settings.memberBenefits.enabled;
    case 'low-balance':
      return settings.lowBalance.enabled;
    case 'reactivation':
      return settings.reactivation.enabled;
    case 'birthday':
      return settings.birthday.enabled;
    case 'holiday':
      return settings.holidays.enabled;
    case 'survey':
    case 'marketing-campaign':
    case 'member-event':
      return true;
  }
};
