/**
 * Announces what triggered campaigns listen to (shared/schedules.ts: Survey Answered, Lead
 * Converted, Membership Sold, Membership Lapsed; checkout announces its own). Put after the change
 * committed; a bus that refuses never fails the change, it is logged (ids only) and that one
 * trigger is missed. Ids and times only: the job re-reads everything else.
 */
import { putEvent } from '../adapters/event-bus.js';
import { logger } from '../adapters/logger.js';

export const announceTrigger = async (event: { source: string; detailType: string }, detail: { tenantId: string; patientId: string; at: string } & Record<string, string | number>): Promise<void> => {
  try {
    await putEvent({ source: event.source, detailType: event.detailType, detail });
  } catch (error) {
    logger.warn('trigger event not put', { detailType: event.detailType, tenantId: detail.tenantId, errorName: error instanceof Error ? error.name : 'unknown' });
  }
};
