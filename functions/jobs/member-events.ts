/**
 * Every 5 minutes: member events' invitations (a week before), the answers to sign-up replies,
 * reminders the day before and feedback surveys after (member-event-run.ts). Idempotent: each
 * message is claimed once in the send ledger, invitations and survey links are written once.
 */
import { runMemberEvents } from '../services/member-event-run.js';
import { createJobHandler } from './lib/job-runner.js';

export const handler = createJobHandler('member-events', (tenantId, now) => runMemberEvents(tenantId, now));
