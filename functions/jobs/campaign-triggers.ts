/**
 * Triggered campaigns (services/campaign-triggers.ts). A trigger event (visit checked out, survey
 * answered, lead converted, membership sold or lapsed) enrolls its patient in the chain's
 * listening campaigns, then sends whatever is due (a zero delay goes at once); the 5-minute
 * schedule sends the messages whose delay has passed, and in the morning finds the day's lapsed
 * memberships (a lapse is the calendar, not a write: nothing announces it). EventBridge delivers at least once: a
 * redelivered event finds its enrollment claimed and the message's ledger claim taken.
 */
import { occurrenceOf } from '../../shared/domain/campaigns/triggers.js';
import { enrollOccurrence, sendDueTriggers } from '../services/campaign-triggers.js';
import { enrollLapses } from '../services/campaign-lapses.js';
import { createJobHandler, type JobEvent } from './lib/job-runner.js';

export const runCampaignTriggers = async (tenantId: string, now: Date, event?: JobEvent): Promise<Record<string, number>> => {
  const occurrence = event ? occurrenceOf(event) : undefined;
  // The job runner picked the chain from the event's tenantId; an occurrence of another is never read.
  // An event enrolls its occurrence; a scheduled tick looks for the day's lapsed cards (campaign-lapses.ts).
  const enrolled = occurrence && occurrence.tenantId === tenantId ? await enrollOccurrence(occurrence, now) : occurrence ? {} : await enrollLapses(tenantId, now);
  return { ...enrolled, ...(await sendDueTriggers(tenantId, now)) };
};

export const handler = createJobHandler('campaign-triggers', runCampaignTriggers);
