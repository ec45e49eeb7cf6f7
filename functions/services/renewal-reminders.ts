/**
 * The members' reminders for one card, through the send pipeline (consent, window, budget, one
 * per occasion, occasion still true at the moment of sending). The daily members job
 * (jobs/member-messages.ts) finds the cards from the end-date index and calls these.
 *
 * Every reminder about a card carries a `membership` OccasionRef: it holds only while the card
 * still ends on the day the reminder speaks of and is not cancelled. A renewal moves the end, so a
 * reminder deferred (quiet hours) or retried after the member renewed is skipped as stale.
 */
import { chineseMonthDay } from '../../shared/domain/messaging/day-text.js';
import { instantOnLocalDay } from '../../shared/domain/local-instant.js';
import {
  checkupOccasion, formatSaving, lastTermOf, memberOccasion, unusedBenefits, valueReceived, type MemberReminder,
} from '../../shared/domain/members/member-messages.js';
import type { Counters } from '../../shared/domain/members/entitlements.js';
import { addDays } from '../../shared/domain/time.js';
import type { AutomationSettings } from '../../shared/schemas/automations.js';
import type { Membership } from '../../shared/schemas/members.js';
import type { Clinic } from '../../shared/schemas/org.js';
import { sendMessage, type Publisher, type SendOutcome } from './send-pipeline.js';

export type MemberSendContext = {
  tenantId: string;
  now: Date;
  timeZone: string;
  settings: AutomationSettings;
  clinics?: ReadonlyMap<string, Clinic>;
  publish?: Publisher;
};

export type MemberOutcome = SendOutcome | { status: 'nothing-unused' };

const cardRef = (m: Membership, notAfterDay: string, timeZone: string) => ({
  kind: 'membership' as const, holderPatientId: m.holderPatientId, membershipId: m.membershipId, endDate: m.endDate, notAfter: instantOnLocalDay(notAfterDay, timeZone),
});

const send = (ctx: MemberSendContext, request: Omit<Parameters<typeof sendMessage>[0], 'tenantId' | 'settings' | 'clinics'>): Promise<SendOutcome> =>
  sendMessage(
    { ...request, tenantId: ctx.tenantId, settings: ctx.settings, ...(ctx.clinics ? { clinics: ctx.clinics } : {}) },
    { now: ctx.now, ...(ctx.publish ? { publish: ctx.publish } : {}) },
  );

/**
 * A renewal reminder, a lapse notice or an unused-benefit nudge, to the holder. The day named is
 * the last covered day (the end is exclusive). A reminder before the end is wrong once the end
 * has come; the lapse notice stays true for a week (then the front desk's call list takes over).
 */
export const sendMemberReminder = (m: Membership, counters: Counters, reminder: MemberReminder, ctx: MemberSendContext): Promise<MemberOutcome> => {
  const lastDay = chineseMonthDay(addDays(m.endDate, -1));
  const term = lastTermOf(m);
  if (reminder.kind === 'benefits') {
    const left = unusedBenefits(m, counters, term, addDays(m.endDate, -1));
    if (left === 0) return Promise.resolve({ status: 'nothing-unused' });
    return send(ctx, {
      patientId: m.holderPatientId, purpose: 'member-benefits', occasion: memberOccasion(m.membershipId, m.endDate, reminder),
      template: ctx.settings.memberBenefits.template, values: { count: String(left), time: lastDay }, ref: cardRef(m, m.endDate, ctx.timeZone),
    });
  }
  const lapsed = reminder.kind === 'lapsed';
  return send(ctx, {
    patientId: m.holderPatientId, purpose: 'renewal', occasion: memberOccasion(m.membershipId, m.endDate, reminder),
    template: lapsed ? ctx.settings.renewal.lapsedTemplate : ctx.settings.renewal.template,
    values: { time: lastDay, amount: formatSaving(valueReceived(counters, term)) },
    ref: cardRef(m, lapsed ? addDays(m.endDate, 7) : m.endDate, ctx.timeZone),
  });
};

/** The monthly check-up reminder to one member of the card, once per member and month, true until the month ends. */
export const sendCheckupReminder = (m: Membership, patientId: string, today: string, ctx: MemberSendContext): Promise<SendOutcome> => {
  const month = today.slice(0, 7);
  const nextMonth = addDays(`${month}-28`, 4).slice(0, 7);
  return send(ctx, {
    patientId, purpose: 'member-checkup', occasion: checkupOccasion(m.membershipId, month), template: ctx.settings.memberCheckup.template,
    ref: cardRef(m, `${nextMonth}-01`, ctx.timeZone),
  });
};
