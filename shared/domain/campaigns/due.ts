/**
 * Whether a campaign's runner should work now: a scheduled campaign once its time has come (now,
 * its `at`, or its monthly day and hour in the clinic's zone, once per month), a sending one to
 * continue; either only inside the campaign's sending hours in the clinic's zone.
 */
import { TZDate } from '@date-fns/tz';
import type { Campaign } from '../../schemas/campaigns.js';

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
  const month = now.toISOString().slice(0, 7);
  // Once per month: the last run's key is its month.
  return campaign.runKey !== month && (local.getDate() > schedule.dayOfMonth || (local.getDate() === schedule.dayOfMonth && local.getHours() >= schedule.hour));
};
