/**
 * Daily: the members' messages (issue 11, item 9). Renewal reminders (45 and 7 days before the
 * end by default) and the lapse notice on the end day, stating the value received this term;
 * the unused-benefit nudge (60 days before); on the 1st of the month, the check-up reminder to
 * every member of a card whose plan includes a monthly service.
 *
 * Cost: the cards are read from the chain's end-date index, one range per end date that is due
 * today, so a run reads the due cards and nothing else (a card item, projected whole, plus its
 * counters when the message needs them: at most 2 items per due member). Only the 1st of the
 * month reads every running card, because on that day every one of them is due.
 *
 * Once per member and occasion: the send ledger's claim (invariant 7); running the job twice on a
 * day finds every claim taken. A reminder deferred past a renewal is stale (renewal-reminders.ts).
 * A day the job did not run at all is not caught up: EventBridge retries a failed run, and "run
 * now" on the Automations page repeats the day. The same run lapses top-up bonus past its
 * validity (bonus-expiry.ts); that part does catch up, since it reads every marker before today.
 */
import { endDatesToRead, hasMonthlyService, memberOccasion, remindersDue } from '../../shared/domain/members/member-messages.js';
import { defaultTimeZone, localDay } from '../../shared/domain/time.js';
import type { Counters } from '../../shared/domain/members/entitlements.js';
import type { Membership } from '../../shared/schemas/members.js';
import type { Clinic } from '../../shared/schemas/org.js';
import { getAutomationSettings } from '../adapters/dynamo/automation-settings-repository.js';
import { membershipCounters, membershipsEndingAfter, membershipsEndingOn, type MembershipPage } from '../adapters/dynamo/member-message-repository.js';
import { listClinics } from '../adapters/dynamo/org-repository.js';
import { sendCheckupReminder, sendMemberReminder, type MemberSendContext } from '../services/renewal-reminders.js';
import { mapLimit } from '../lib/concurrency.js';
import { createJobHandler, type JobEvent } from './lib/job-runner.js';
import { noticeLowBalance } from '../services/low-balance-notice.js';
import { expireBonuses } from '../services/bonus-expiry.js';
import { recordPackQuarterIfDue } from '../services/pack-liability.js';
import { withHoldout } from '../services/automation-holdout.js';
import { storedValueDebitedEvent, type StoredValueDebitedDetail } from '../../shared/schedules.js';

type Tally = Record<string, number>;

const count = (tally: Tally, label: string, n = 1): void => {
  tally[label] = (tally[label] ?? 0) + n;
};

/** Every page of a range, handled page by page (a big chain's 1st of the month never sits in memory at once). */
const eachPage = async (read: (start?: Record<string, unknown>) => Promise<MembershipPage>, tally: Tally, handle: (m: Membership) => Promise<void>): Promise<void> => {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await read(start);
    count(tally, 'itemsRead', page.read);
    await mapLimit(page.memberships, { limit: 4, onError: 'continue' }, handle);
    start = page.lastKey;
  } while (start);
};

export const runMemberMessages = async (tenantId: string, now: Date): Promise<Tally> => {
  const { settings } = await getAutomationSettings(tenantId);
  const clinics = new Map<string, Clinic>((await listClinics(tenantId)).map((c) => [c.clinicId, c]));
  const zoneOf = (m: Membership) => clinics.get(m.periods.at(-1)?.clinicId ?? '')?.timeZone ?? defaultTimeZone;
  const due = {
    renewalDays: settings.renewal.enabled ? settings.renewal.daysBefore : [],
    onLapse: settings.renewal.enabled && settings.renewal.onLapse,
    benefitsDays: settings.memberBenefits.enabled ? settings.memberBenefits.daysBefore : undefined,
  };
  const tally: Tally = { itemsRead: 0, sent: 0 };
  const contextFor = (m: Membership): MemberSendContext & { today: string } => {
    const timeZone = zoneOf(m);
    return { tenantId, now, timeZone, today: localDay(now, timeZone), settings, clinics };
  };

  // Clinics may sit in different zones: read each "today" the chain has, act on a card only on its clinic's.
  const todays = [...new Set([defaultTimeZone, ...[...clinics.values()].map((c) => c.timeZone)].map((zone) => localDay(now, zone)))];
  for (const today of todays) {
    for (const endDate of endDatesToRead(today, due)) {
      await eachPage((start) => membershipsEndingOn(tenantId, endDate, start), tally, async (m) => {
        const ctx = contextFor(m);
        if (m.status === 'cancelled' || ctx.today !== today) return count(tally, 'notDue');
        const reminders = remindersDue(m.endDate, today, due);
        const counters: Counters = await membershipCounters(tenantId, m);
        count(tally, 'itemsRead');
        for (const reminder of reminders) {
          const send = () => sendMemberReminder(m, counters, reminder, ctx);
          // Renewal reminders and the lapse notice may hold a share out; the unused-benefit nudge does not.
          const holdout = { tenantId, automation: 'renewal' as const, holdoutPercent: reminder.kind === 'benefits' ? 0 : settings.renewal.holdoutPercent, now };
          count(tally, (await withHoldout(holdout, m.holderPatientId, memberOccasion(m.membershipId, m.endDate, reminder), send)).status);
        }
      });
    }
    if (settings.memberCheckup.enabled && today.endsWith('-01')) {
      await eachPage((start) => membershipsEndingAfter(tenantId, today, start), tally, async (m) => {
        const ctx = contextFor(m);
        if (m.status === 'cancelled' || ctx.today !== today || m.anchorDate > today || !hasMonthlyService(m)) return count(tally, 'notDue');
        for (const patientId of m.memberPatientIds) count(tally, (await sendCheckupReminder(m, patientId, today, ctx)).status);
      });
    }
  }
  return tally;
};

const debited = (event: JobEvent | undefined): StoredValueDebitedDetail | undefined =>
  event?.source === storedValueDebitedEvent.source && event['detail-type'] === storedValueDebitedEvent.detailType ? (event.detail as unknown as StoredValueDebitedDetail) : undefined;

/** The daily schedule runs the renewals and check-ups; a stored-value debit's event decides its low-balance notice. */
export const handler = createJobHandler('member-messages', async (tenantId, now, event) => {
  const debit = debited(event);
  if (!debit) {
    // The bonus lapse first: the day's messages then read balances that are already true.
    const today = localDay(now, defaultTimeZone);
    const lapsed = await expireBonuses(tenantId, today, now);
    const packQuarter = await recordPackQuarterIfDue(tenantId, today, now);
    return { ...(await runMemberMessages(tenantId, now)), bonusLapsedPatients: lapsed.patients, bonusLapsedFen: lapsed.lapsedFen, packQuarterRecorded: Number(packQuarter) };
  }
  const outcome = await noticeLowBalance({ ...debit, tenantId }, { now });
  return { [`lowBalance.${outcome.status}`]: 1 };
});
