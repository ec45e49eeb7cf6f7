/**
 * Hourly: birthday greetings on the patient's birthday and holiday greetings on each configured
 * holiday, by each clinic's own calendar, with the owner's optional offer in {coupon}. Both are
 * marketing: off unless the chain switched them on, sent only inside the marketing window (the
 * first run in the window does the work; earlier runs would only fill the retry queue with
 * deferrals), and only through the send pipeline (consent, budget, one per occasion).
 *
 * Birthdays come from the sparse birthday index, never from the patient list. A holiday goes to
 * every consenting patient of the clinic, a page at a time in a checkpointed run per (holiday,
 * clinic): a run that fails part-way resumes at its page, and one that finished is not read again
 * by the day's later runs.
 */
import { birthdayMonthDays, birthdayOccasion, holidayOccasion, holidayOn } from '../../shared/domain/messaging/greetings.js';
import { insideWindow } from '../../shared/domain/messaging/quiet-hours.js';
import { localDay } from '../../shared/domain/time.js';
import type { Holiday } from '../../shared/schemas/automations.js';
import type { Clinic } from '../../shared/schemas/org.js';
import { getAutomationSettings } from '../adapters/dynamo/automation-settings-repository.js';
import { birthdayPatientIds, marketingAudiencePage } from '../adapters/dynamo/greeting-audience.js';
import { listClinics } from '../adapters/dynamo/org-repository.js';
import { sendMessage, windowsOf } from '../services/send-pipeline.js';
import { withHoldout } from '../services/automation-holdout.js';
import { mapLimit } from '../lib/concurrency.js';
import { runCheckpointed } from './lib/checkpointed-run.js';
import { createJobHandler } from './lib/job-runner.js';

export type GreetingOptions = {
  /** the pipeline; tests wrap it to make a run fail part-way */
  send?: typeof sendMessage;
  /** patients per holiday page (one checkpoint each) */
  pageSize?: number;
};

type Tally = Record<string, number>;
const count = (tally: Tally, label: string, n = 1): void => {
  tally[label] = (tally[label] ?? 0) + n;
};

export const greetingsWork = ({ send = sendMessage, pageSize = 100 }: GreetingOptions = {}) => async (tenantId: string, now: Date): Promise<Tally> => {
  // Read once per run and handed to every send: one settings read, not one per patient.
  const { settings } = await getAutomationSettings(tenantId);
  if (!settings.birthday.enabled && !settings.holidays.enabled) return { disabled: 1 };
  const tally: Tally = { birthdayCandidates: 0 };
  const marketingWindow = windowsOf(settings).marketing;

  const greet = (patientId: string, purpose: 'birthday' | 'holiday', occasion: string, template: string, offer: string, today: string) =>
    send(
      {
        tenantId, patientId, purpose, occasion, template, settings,
        values: { coupon: offer },
        // Stale once the clinic's day is over: a greeting deferred past midnight is not sent late.
        ref: { kind: 'local-day', localDay: today },
      },
      { now },
    );

  const birthdays = async (clinic: Clinic, today: string): Promise<void> => {
    for (const monthDay of birthdayMonthDays(today)) {
      const patientIds = await birthdayPatientIds(tenantId, clinic.clinicId, monthDay);
      count(tally, 'birthdayCandidates', patientIds.length);
      await mapLimit(patientIds, { limit: 4, onError: 'continue' }, async (patientId) => {
        const occasion = birthdayOccasion(today);
        const holdout = { tenantId, automation: 'birthday' as const, holdoutPercent: settings.birthday.holdoutPercent, now };
        const outcome = await withHoldout(holdout, patientId, occasion, () => greet(patientId, 'birthday', occasion, settings.birthday.template, settings.birthday.offer, today));
        count(tally, `birthday.${outcome.status}`);
      });
    }
  };

  const holiday = async (clinic: Clinic, day: Holiday, today: string): Promise<void> => {
    const result = await runCheckpointed<string>({
      tenantId,
      job: 'greetings',
      runKey: `holiday.${day.date}.${clinic.clinicId}`,
      fetchPage: (startKey) => marketingAudiencePage(tenantId, clinic.clinicId, startKey, pageSize),
      handle: async (patientId) => (await greet(patientId, 'holiday', holidayOccasion(day), day.template, settings.holidays.offer, today)).status,
    });
    if (result.alreadyDone) return count(tally, 'holidayRunsAlreadyDone');
    // The run's whole tally, pages of an earlier failed attempt included.
    for (const [label, n] of Object.entries(result)) count(tally, `holiday.${label}`, n);
  };

  for (const clinic of await listClinics(tenantId)) {
    if (!insideWindow(now, clinic.timeZone, marketingWindow)) {
      count(tally, 'clinicsOutsideWindow');
      continue;
    }
    const today = localDay(now, clinic.timeZone);
    if (settings.birthday.enabled) await birthdays(clinic, today);
    const day = settings.holidays.enabled ? holidayOn(settings.holidays.days, today) : undefined;
    if (day) await holiday(clinic, day, today);
  }
  return tally;
};

export const handler = createJobHandler('greetings', greetingsWork());
