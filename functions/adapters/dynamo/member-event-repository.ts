/**
 * Member events in the chain's partition; attendees, the waiting list and pending notices in the
 * event's own partition; each patient's invitations in a small partition of their own.
 *
 * Seats change only by one transaction that holds the event's counters to what the step needs
 * (`signedUp < capacity` to take a seat, `signedUp >= capacity` to queue) together with the
 * attendee's status as read: concurrent replies serialise on the event item, a loser re-reads and
 * decides again, a redelivered reply finds its attendee already moved. Capacity is never exceeded
 * and every reply counts once.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { transactionConflicted } from './conditional-write.js';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AttendeeStatus } from '../../../shared/domain/events/roster.js';
import type { NoticeKind } from '../../../shared/domain/events/texts.js';
import type { MemberEvent } from '../../../shared/schemas/events.js';
import { retry } from '../../lib/retry.js';
import { documentClient, tableName } from './client.js';
import { eventAttendeeEntity, eventInvitationEntity, eventNoticeEntity, eventWaitEntity, memberEventEntity } from './entities/member-event.js';
import { queryAll } from './query-all.js';
import { batchWriteAll } from './import-batch.js';

export type EventAttendee = {
  patientId: string;
  clinicId: string;
  status: AttendeeStatus;
  invitedAt: string;
  inviteOutcome?: string;
  respondedAt?: string;
  waitKey?: string;
  attendedAt?: string;
  attendedBy?: string;
  remindedAt?: string;
  surveySentAt?: string;
};

export type EventNotice = { noticeId: string; patientId: string; kind: NoticeKind; at: string };

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** How a seat transaction ended: done, or which of its conditions failed (event counters, attendee). */
export type SeatResult = { ok: true } | { ok: false; eventFailed: boolean; attendeeFailed: boolean };

const isConditionFailure = (error: unknown): boolean => error instanceof Error && error.name === 'ConditionalCheckFailedException';

/**
 * One seat transaction; a conflict with a concurrent one on the event item is tried again
 * (jittered), a failed condition is answered so the caller can decide again on fresh counts.
 */
const seatTransaction = async (items: TransactItem[]): Promise<SeatResult> => {
  try {
    await retry(() => documentClient.send(new TransactWriteCommand({ TransactItems: items })), { attempts: 12, baseMs: 20, capMs: 400, retryIf: transactionConflicted });
    return { ok: true };
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const codes = (error.CancellationReasons ?? []).map((r) => r.Code);
    if (!codes.includes('ConditionalCheckFailed')) throw error;
    return { ok: false, eventFailed: codes[0] === 'ConditionalCheckFailed', attendeeFailed: codes[1] === 'ConditionalCheckFailed' };
  }
};

export const putNewEvent = async (tenantId: string, event: MemberEvent): Promise<void> => {
  await documentClient.send(new PutCommand({ TableName: tableName, Item: { ...memberEventEntity.key({ tenantId, eventId: event.eventId }), type: memberEventEntity.type, ...event }, ConditionExpression: 'attribute_not_exists(pk)' }));
};

export const getEvent = async (tenantId: string, eventId: string): Promise<MemberEvent | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: memberEventEntity.key({ tenantId, eventId }), ConsistentRead: true }));
  return Item ? memberEventEntity.fromItem<MemberEvent>(strip(Item)) : undefined;
};

const strip = (item: Record<string, unknown>): Record<string, unknown> => {
  const { pk: _pk, sk: _sk, type: _type, ...rest } = item;
  return rest;
};

export const listEvents = async (tenantId: string): Promise<MemberEvent[]> => {
  const range = memberEventEntity.range({ tenantId });
  const items = await queryAll({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': range.pk, ':p': range.skPrefix } });
  return items.map((i) => memberEventEntity.fromItem<MemberEvent>(strip(i)));
};

export type EventChanges = Partial<Pick<MemberEvent, 'title' | 'clinicId' | 'date' | 'time' | 'durationMinutes' | 'startAt' | 'endAt' | 'place' | 'capacity' | 'membersOnly' | 'status'>> & { segmentId?: string | null };

/** 'stale' when someone changed the event since `versionRead`; 'below-signed-up' when the new capacity would not hold those signed up. */
export const updateEvent = async (tenantId: string, eventId: string, changes: EventChanges, versionRead: number, at: string): Promise<'ok' | 'stale' | 'below-signed-up' | 'missing'> => {
  const names: Record<string, string> = { '#ver': 'version', '#upd': 'updatedAt' };
  const values: Record<string, unknown> = { ':ver': versionRead, ':one': 1, ':at': at };
  const sets = ['#ver = #ver + :one', '#upd = :at'];
  const removes: string[] = [];
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) continue;
    names[`#${k}`] = k;
    if (v === null) removes.push(`#${k}`);
    else {
      sets.push(`#${k} = :${k}`);
      values[`:${k}`] = v;
    }
  }
  const capacityHolds = changes.capacity !== undefined ? ' AND signedUp <= :capacity' : '';
  // #capacity is the placeholder of the changed field itself (reserved word), :capacity its new value.
  try {
    await documentClient.send(new UpdateCommand({
      TableName: tableName, Key: memberEventEntity.key({ tenantId, eventId }),
      UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
      ConditionExpression: `attribute_exists(pk) AND #ver = :ver${capacityHolds}`,
      ExpressionAttributeNames: names, ExpressionAttributeValues: values,
    }));
    return 'ok';
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const now = await getEvent(tenantId, eventId);
    if (!now) return 'missing';
    if (now.version !== versionRead) return 'stale';
    return 'below-signed-up';
  }
};

export const markInvitationsDone = async (tenantId: string, eventId: string, at: string, invited: number): Promise<void> => {
  await documentClient.send(new UpdateCommand({
    TableName: tableName, Key: memberEventEntity.key({ tenantId, eventId }),
    UpdateExpression: 'SET invitationsDoneAt = if_not_exists(invitationsDoneAt, :at), invited = :n',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':at': at, ':n': invited },
  }));
};

const attendeeKey = (tenantId: string, eventId: string, patientId: string) => eventAttendeeEntity.key({ tenantId, eventId, patientId });

export const getAttendee = async (tenantId: string, eventId: string, patientId: string): Promise<EventAttendee | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: attendeeKey(tenantId, eventId, patientId), ConsistentRead: true }));
  return Item ? eventAttendeeEntity.fromItem<EventAttendee>(strip(Item)) : undefined;
};

/** The survey token is internal: read only by the job that sends the link. */
export const attendeeSurveyToken = async (tenantId: string, eventId: string, patientId: string): Promise<string | undefined> => {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: attendeeKey(tenantId, eventId, patientId), ConsistentRead: true, ProjectionExpression: 'surveyToken' }));
  return typeof Item?.surveyToken === 'string' ? Item.surveyToken : undefined;
};

export const listAttendees = async (tenantId: string, eventId: string): Promise<EventAttendee[]> => {
  const range = eventAttendeeEntity.range({ tenantId, eventId });
  const items = await queryAll({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': range.pk, ':p': range.skPrefix } });
  return items.map((i) => eventAttendeeEntity.fromItem<EventAttendee>(strip(i)));
};

/** The invitation, written once per patient (a second run finds it): attendee and the patient's index entry. */
export const putInvitation = async (tenantId: string, event: Pick<MemberEvent, 'eventId' | 'startAt'>, member: { patientId: string; clinicId: string }, at: string): Promise<boolean> => {
  try {
    await documentClient.send(new PutCommand({
      TableName: tableName,
      Item: { ...attendeeKey(tenantId, event.eventId, member.patientId), type: eventAttendeeEntity.type, patientId: member.patientId, clinicId: member.clinicId, status: 'invited', invitedAt: at },
      ConditionExpression: 'attribute_not_exists(pk)',
    }));
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
  await documentClient.send(new PutCommand({ TableName: tableName, Item: { ...eventInvitationEntity.key({ tenantId, patientId: member.patientId, eventId: event.eventId }), type: eventInvitationEntity.type, eventId: event.eventId, startAt: event.startAt } }));
  return true;
};

export const recordInviteOutcome = async (tenantId: string, eventId: string, patientId: string, outcome: string): Promise<void> => {
  await documentClient.send(new UpdateCommand({ TableName: tableName, Key: attendeeKey(tenantId, eventId, patientId), UpdateExpression: 'SET inviteOutcome = :o', ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':o': outcome } }));
};

/** The events a patient was invited to that start after `after`. */
export const invitationsOf = async (tenantId: string, patientId: string, after: string): Promise<{ eventId: string; startAt: string }[]> => {
  const range = eventInvitationEntity.range({ tenantId, patientId });
  const items = await queryAll({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': range.pk, ':p': range.skPrefix } });
  return items.map((i) => ({ eventId: String(i.eventId), startAt: String(i.startAt) })).filter((i) => i.startAt > after);
};

const eventKey = (tenantId: string, eventId: string) => memberEventEntity.key({ tenantId, eventId });

/** The event's counters by placeholder (capacity and status are reserved words); only those an expression uses are sent. */
const counterNames: Record<string, string> = { '#cap': 'capacity', '#su': 'signedUp', '#wt': 'waiting', '#st': 'status', '#att': 'attended' };
const eventCounters = (tenantId: string, eventId: string, update: string, condition: string, values: Record<string, unknown>): TransactItem => ({
  Update: {
    TableName: tableName, Key: eventKey(tenantId, eventId), UpdateExpression: update, ConditionExpression: condition,
    ExpressionAttributeNames: Object.fromEntries(Object.entries(counterNames).filter(([k]) => `${update} ${condition}`.includes(k))),
    ExpressionAttributeValues: values,
  },
});
const noticePut = (tenantId: string, eventId: string, notice: EventNotice): TransactItem => ({
  Put: { TableName: tableName, Item: { ...eventNoticeEntity.key({ tenantId, eventId, noticeId: notice.noticeId }), type: eventNoticeEntity.type, ...notice } },
});
const attendeeMove = (tenantId: string, eventId: string, patientId: string, from: AttendeeStatus, to: AttendeeStatus, extra: { set?: string; remove?: string; values?: Record<string, unknown> } = {}): TransactItem => ({
  Update: {
    TableName: tableName, Key: attendeeKey(tenantId, eventId, patientId),
    UpdateExpression: `SET #s = :to${extra.set ? `, ${extra.set}` : ''}${extra.remove ? ` REMOVE ${extra.remove}` : ''}`,
    ConditionExpression: '#s = :from',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':from': from, ':to': to, ...extra.values },
  },
});

export type SeatMove = { tenantId: string; eventId: string; patientId: string; from: AttendeeStatus; at: string; notice: EventNotice };

/** A seat while `signedUp < capacity` and the event is still on. */
export const takeSeat = (m: SeatMove): Promise<SeatResult> =>
  seatTransaction([
    eventCounters(m.tenantId, m.eventId, 'SET #su = #su + :one', '#st = :on AND #su < #cap', { ':one': 1, ':on': 'scheduled' }),
    attendeeMove(m.tenantId, m.eventId, m.patientId, m.from, 'signed-up', { set: 'respondedAt = :at', values: { ':at': m.at } }),
    noticePut(m.tenantId, m.eventId, m.notice),
  ]);

/** On the waiting list only while the event is full (a place freed meanwhile: take it instead). */
export const joinWaitingList = (m: SeatMove & { waitKey: string }): Promise<SeatResult> =>
  seatTransaction([
    eventCounters(m.tenantId, m.eventId, 'SET #wt = #wt + :one', '#st = :on AND #su >= #cap', { ':one': 1, ':on': 'scheduled' }),
    attendeeMove(m.tenantId, m.eventId, m.patientId, m.from, 'waiting', { set: 'respondedAt = :at, waitKey = :wk', values: { ':at': m.at, ':wk': m.waitKey } }),
    { Put: { TableName: tableName, Item: { ...eventWaitEntity.key({ tenantId: m.tenantId, eventId: m.eventId, waitKey: m.waitKey }), type: eventWaitEntity.type, patientId: m.patientId, waitKey: m.waitKey } } },
    noticePut(m.tenantId, m.eventId, m.notice),
  ]);

/** A signed-up patient cancels: the seat is free for the first one waiting. */
export const freeSeat = (m: Omit<SeatMove, 'from'>): Promise<SeatResult> =>
  seatTransaction([
    eventCounters(m.tenantId, m.eventId, 'SET #su = #su - :one', '#su > :zero', { ':one': 1, ':zero': 0 }),
    attendeeMove(m.tenantId, m.eventId, m.patientId, 'signed-up', 'cancelled', { set: 'respondedAt = :at', values: { ':at': m.at } }),
    noticePut(m.tenantId, m.eventId, m.notice),
  ]);

export const leaveWaitingList = (m: Omit<SeatMove, 'from'> & { waitKey: string }): Promise<SeatResult> =>
  seatTransaction([
    eventCounters(m.tenantId, m.eventId, 'SET #wt = #wt - :one', '#wt > :zero', { ':one': 1, ':zero': 0 }),
    attendeeMove(m.tenantId, m.eventId, m.patientId, 'waiting', 'cancelled', { set: 'respondedAt = :at', remove: 'waitKey', values: { ':at': m.at } }),
    { Delete: { TableName: tableName, Key: eventWaitEntity.key({ tenantId: m.tenantId, eventId: m.eventId, waitKey: m.waitKey }) } },
    noticePut(m.tenantId, m.eventId, m.notice),
  ]);

/** The first on the waiting list, or none. */
export const firstWaiting = async (tenantId: string, eventId: string): Promise<{ patientId: string; waitKey: string } | undefined> => {
  const range = eventWaitEntity.range({ tenantId, eventId });
  const { Items } = await documentClient.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': range.pk, ':p': range.skPrefix }, Limit: 1, ConsistentRead: true }));
  const item = Items?.[0];
  return item ? { patientId: String(item.patientId), waitKey: String(item.waitKey) } : undefined;
};

/** The first waiting moves up while a place is free: both counters, the attendee, the queue entry, the notice. */
export const moveUp = (m: Omit<SeatMove, 'from'> & { waitKey: string }): Promise<SeatResult> =>
  seatTransaction([
    eventCounters(m.tenantId, m.eventId, 'SET #su = #su + :one, #wt = #wt - :one', '#st = :on AND #su < #cap AND #wt > :zero', { ':one': 1, ':zero': 0, ':on': 'scheduled' }),
    attendeeMove(m.tenantId, m.eventId, m.patientId, 'waiting', 'signed-up', { remove: 'waitKey' }),
    { Delete: { TableName: tableName, Key: eventWaitEntity.key({ tenantId: m.tenantId, eventId: m.eventId, waitKey: m.waitKey }), ConditionExpression: 'attribute_exists(pk)' } },
    noticePut(m.tenantId, m.eventId, m.notice),
  ]);

/** Attendance ticked or unticked once, with the event's count. False when it already was so. */
export const setAttendance = async (tenantId: string, eventId: string, patientId: string, attended: boolean, by: string, at: string): Promise<boolean> => {
  const result = await seatTransaction([
    eventCounters(tenantId, eventId, 'SET #att = #att + :d', 'attribute_exists(pk)', { ':d': attended ? 1 : -1 }),
    {
      Update: attended
        ? { TableName: tableName, Key: attendeeKey(tenantId, eventId, patientId), UpdateExpression: 'SET attendedAt = :at, attendedBy = :by', ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(attendedAt)', ExpressionAttributeValues: { ':at': at, ':by': by } }
        : { TableName: tableName, Key: attendeeKey(tenantId, eventId, patientId), UpdateExpression: 'REMOVE attendedAt, attendedBy', ConditionExpression: 'attribute_exists(attendedAt)' },
    },
  ]);
  return result.ok;
};

/** Notices for many attendees at once (the clinic moved or called off the event): plain puts, each its own id. */
export const putNotices = async (tenantId: string, eventId: string, notices: readonly EventNotice[]): Promise<void> => {
  await batchWriteAll(notices.map((n) => ({ ...eventNoticeEntity.key({ tenantId, eventId, noticeId: n.noticeId }), type: eventNoticeEntity.type, ...n })), 4);
};

export const listNotices = async (tenantId: string, eventId: string): Promise<EventNotice[]> => {
  const range = eventNoticeEntity.range({ tenantId, eventId });
  const items = await queryAll({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': range.pk, ':p': range.skPrefix }, ConsistentRead: true });
  return items.map((i) => ({ noticeId: String(i.noticeId), patientId: String(i.patientId), kind: i.kind as NoticeKind, at: String(i.at) }));
};

export const deleteNotice = async (tenantId: string, eventId: string, noticeId: string): Promise<void> => {
  await documentClient.send(new DeleteCommand({ TableName: tableName, Key: eventNoticeEntity.key({ tenantId, eventId, noticeId }) }));
};

/** Marks a message of this attendee as handed to the send pipeline (the ledger keeps it once; this only saves re-reading). */
export const markAttendee = async (tenantId: string, eventId: string, patientId: string, field: 'remindedAt' | 'surveySentAt', at: string): Promise<void> => {
  await documentClient.send(new UpdateCommand({ TableName: tableName, Key: attendeeKey(tenantId, eventId, patientId), UpdateExpression: `SET ${field} = if_not_exists(${field}, :at)`, ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':at': at } }));
};

/** The first token stored wins: two runs racing send the same link (the ledger sends it once). */
export const claimSurveyToken = async (tenantId: string, eventId: string, patientId: string, token: string): Promise<{ token: string; mine: boolean }> => {
  try {
    await documentClient.send(new UpdateCommand({ TableName: tableName, Key: attendeeKey(tenantId, eventId, patientId), UpdateExpression: 'SET surveyToken = :t', ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(surveyToken)', ExpressionAttributeValues: { ':t': token } }));
    return { token, mine: true };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return { token: (await attendeeSurveyToken(tenantId, eventId, patientId)) ?? token, mine: false };
  }
};
