/**
 * Whether a campaign's runner should work now: a scheduled campaign once its time has come (now,
 * its `at`, or its monthly day and hour in the clinic's zone, once per month), a sending one to
 * continue; either only inside the campaign's sending hours in the clinic's zone.
 */
import { TZDate } from '@date-fns/tz';
import type { Campaign } from '../../schemas/campaigns.js';
import { localDay } from '../time.js';

/**
 * One run per occurrence: a one-off campaign runs once; a monthly one once per month of the
 * chain's calendar (its day and hour are local too, so a run on the 1st before 08:00 in Shanghai is
 * that month's, not the previous one's as the UTC month would say).
 */
export const campaignRunKey = (campaign: Pick<Campaign, 'schedule'>, now: Date, timeZone: string): string =>
  campaign.schedule.kind === 'monthly' ? localDay(now, timeZone).slice(0, 7) : 'once';

export const insideCampaignHours = (campaign: Pick<Campaign, 'window'>, now: Date, timeZone: string): boolean => {
  const hour = new TZDate(now.getTime(), timeZone).getHours();
  return hour >= campaign.window.startHour && hour < campaign.window.endHour;
};

export const campaignDue = (campaign: Campaign, now: Date, timeZone: string): boolean => {
  if (!insideCampaignHours(campaign, now, timeZone)) return false;
  if (campaign.status === 'sending') return true;
  if (campaign.status !== 'scheduled') return false;
  const { schedule } = campaign;
  if (schedule.kind === 'now') return true;
  if (schedule.kind === 'at') return Date.parse(schedule.at) <= now.getTime();
  // A triggered campaign has no batch run: its events enroll patients (campaign-triggers job).
  if (schedule.kind === 'trigger') return false;
  const local = new TZDate(now.getTime(), timeZone);
  // Once per month: the last run's key is its month.
  return campaign.runKey !== campaignRunKey(campaign, now, timeZone) && (local.getDate() > schedule.dayOfMonth || (local.getDate() === schedule.dayOfMonth && local.getHours() >= schedule.hour));
};
