/**
 * The "membership lapsed" trigger. A lapse is the calendar passing a card's end, not a write, so
 * no service announces it: the triggers job finds the cards of the chain that ended today (the
 * end is exclusive, so on the end day the card has lapsed) in the end-date index, once a day per
 * zone in the first hours of the morning, and only while a campaign listens to lapses. The
 * triggering record is the card and its end day (`<membershipId>.<endDate>`): a renewed card that
 * lapses again a year later is a new record, a second look on the same day is a duplicate.
 */
import { isTriggerSchedule } from '../../shared/domain/campaigns/triggers.js';
import { defaultTimeZone, localDay } from '../../shared/domain/time.js';
import { TZDate } from '@date-fns/tz';
import { listCampaigns } from '../adapters/dynamo/campaign-repository.js';
import { membershipsEndingOn } from '../adapters/dynamo/member-message-repository.js';
import { listClinics } from '../adapters/dynamo/org-repository.js';
import { enrollOccurrence, type TriggerDeps } from './campaign-triggers.js';

/** Local hours in which the day's lapses are looked for: a few chances should one tick fail. */
const lookHours = [8, 9, 10];

const bump = (tally: Record<string, number>, label: string, n = 1) => { tally[label] = (tally[label] ?? 0) + n; };

export const enrollLapses = async (tenantId: string, now: Date, deps: TriggerDeps = {}): Promise<Record<string, number>> => {
  const listening = (await listCampaigns(tenantId)).some((c) => c.status === 'scheduled' && isTriggerSchedule(c.schedule) && c.schedule.event === 'membership-lapsed');
  if (!listening) return {};
  const zones = [...new Set([defaultTimeZone, ...(await listClinics(tenantId)).map((c) => c.timeZone)])];
  const todays = [...new Set(zones.filter((zone) => lookHours.includes(new TZDate(now.getTime(), zone).getHours())).map((zone) => localDay(now, zone)))];
  const tally: Record<string, number> = {};
  for (const today of todays) {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await membershipsEndingOn(tenantId, today, start);
      for (const m of page.memberships.filter((card) => card.status !== 'cancelled')) {
        const result = await enrollOccurrence({ tenantId, event: 'membership-lapsed', patientId: m.holderPatientId, ref: `${m.membershipId}.${m.endDate}`, at: now.toISOString() }, now, deps);
        for (const [label, n] of Object.entries(result)) if (label !== 'listening') bump(tally, `lapse:${label}`, n);
      }
      start = page.lastKey;
    } while (start);
  }
  return tally;
};
