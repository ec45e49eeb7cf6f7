import { defineEntity } from './define-entity.js';
import { tenantPartition } from './partitions.js';

/** One partition per member event: its attendees, its waiting list and the notices still to send. */
export const memberEventPartition = 'T#{tenantId}#EVENT#{eventId}' as const;

/** The event as staff wrote it, with its seat counters (kept by the attendees' transactions). */
export const memberEventEntity = defineEntity({ type: 'member-event', pk: tenantPartition, sk: 'EVENT#{eventId}' });

/** One invited patient: invited, signed up, waiting or cancelled; attendance; the survey link's token. */
export const eventAttendeeEntity = defineEntity({ type: 'event-attendee', pk: memberEventPartition, sk: 'ATT#{patientId}', internal: ['surveyToken'] });

/** The waiting list in order: the key sorts by the time the reply arrived (roster.ts waitKey). */
export const eventWaitEntity = defineEntity({ type: 'event-wait', pk: memberEventPartition, sk: 'WAIT#{waitKey}' });

/**
 * A reply's answer still to send ("已报名", "已加入候补", "候补成功"…), written in the reply's own
 * transaction: the replies function never publishes SMS, the events job sends and removes it.
 */
export const eventNoticeEntity = defineEntity({ type: 'event-notice', pk: memberEventPartition, sk: 'NOTE#{noticeId}' });

/** Per patient, the events they were invited to: what a "1" reply is looked up by. */
export const eventInvitationEntity = defineEntity({ type: 'event-invitation', pk: 'T#{tenantId}#EVINV#{patientId}', sk: 'EVENT#{eventId}' });
