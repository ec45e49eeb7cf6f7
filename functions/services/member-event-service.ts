/**
 * Member events (会员活动) as staff use them: marketing, managers and owners create and edit;
 * the front desk (and managers, owners) tick attendance. The clinic's zone turns the date and
 * wall-clock time into UTC instants. A clinic outside the caller's scope, another chain's event
 * or segment: not found (404), or refused by field (400), never read.
 */
import { ulid } from 'ulid';
import { canSeeClinic, seesContactDetails, type Caller } from '../../shared/domain/access.js';
import { DomainError, invalid, invalidFields, notFound, staleVersion, type FieldProblem } from '../../shared/domain/errors.js';
import { maxDaysAhead } from '../../shared/domain/campaigns/validation.js';
import { attendanceOpen, attendanceOpensAt, eventPhase } from '../../shared/domain/events/schedule.js';
import { instantOnLocalDay } from '../../shared/domain/local-instant.js';
import { maskPhone } from '../../shared/domain/phone.js';
import { defaultTimeZone } from '../../shared/domain/time.js';
import type { AttendanceInput, EventDetail, EventInput, EventSummary, EventUpdate, MemberEvent } from '../../shared/schemas/events.js';
import { getEvent, listAttendees, listEvents, putNewEvent, putNotices, setAttendance, updateEvent, type EventChanges } from '../adapters/dynamo/member-event-repository.js';
import { getClinic } from '../adapters/dynamo/org-repository.js';
import { getPatient } from '../adapters/dynamo/patient-repository.js';
import { getSegment } from '../adapters/dynamo/segment-repository.js';
import { mapLimit } from '../lib/concurrency.js';
import { promoteWaiting } from './member-event-seats.js';
import { learnsTreatmentAudiences } from '../../shared/domain/campaigns/treatment-aim.js';

type When = Pick<MemberEvent, 'clinicId' | 'date' | 'time' | 'durationMinutes'>;

const instants = async (tenantId: string, when: When): Promise<{ startAt: string; endAt: string }> => {
  const zone = (await getClinic(tenantId, when.clinicId))?.timeZone ?? defaultTimeZone;
  const [hour, minute] = when.time.split(':').map(Number) as [number, number];
  const startAt = instantOnLocalDay(when.date, zone, { hour, minute });
  return { startAt, endAt: new Date(Date.parse(startAt) + when.durationMinutes * 60_000).toISOString() };
};

/** The clinic and segment must be this chain's and the caller's; the start must lie ahead. */
const referenceProblems = async (caller: Caller, input: { clinicId?: string | undefined; segmentId?: string | null | undefined }): Promise<FieldProblem[]> => {
  const [clinic, segment] = await Promise.all([
    input.clinicId ? getClinic(caller.tenantId, input.clinicId) : Promise.resolve(undefined),
    input.segmentId ? getSegment(caller.tenantId, input.segmentId) : Promise.resolve(undefined),
  ]);
  return [
    ...(input.clinicId && (!clinic || !canSeeClinic(caller, input.clinicId)) ? [{ path: 'clinicId', message: 'is not a clinic you work in', code: 'id.invalid' as const }] : []),
    ...(input.segmentId && !segment ? [{ path: 'segmentId', message: 'is not a saved segment of this chain', code: 'segment.not_found' as const }] : []),
  ];
};

const pastProblem = (startAt: string, now: Date): FieldProblem[] => {
  if (Date.parse(startAt) <= now.getTime()) return [{ path: 'date', message: 'the event must start in the future', code: 'date.past' }];
  if (Date.parse(startAt) > now.getTime() + maxDaysAhead * 86_400_000) return [{ path: 'date', message: `must be within ${maxDaysAhead} days`, code: 'date.too_far', params: { days: maxDaysAhead } }];
  return [];
};

const summary = (event: MemberEvent, now: Date): EventSummary => ({ ...event, phase: eventPhase(event, now) });

/** The event, if this chain's and in the caller's clinics; 404 otherwise (invariant 1). */
export const readEvent = async (caller: Caller, eventId: string): Promise<MemberEvent> => {
  const event = await getEvent(caller.tenantId, eventId);
  if (!event || !canSeeClinic(caller, event.clinicId)) throw notFound('event');
  return event;
};

export const createEvent = async (caller: Caller, input: EventInput, now = new Date()): Promise<EventSummary> => {
  const refs = await referenceProblems(caller, input);
  if (refs.length) throw invalidFields(refs);
  const times = await instants(caller.tenantId, input);
  const past = pastProblem(times.startAt, now);
  if (past.length) throw invalidFields(past);
  const at = now.toISOString();
  const event: MemberEvent = {
    ...input, ...times, eventId: ulid(), status: 'scheduled', signedUp: 0, waiting: 0, attended: 0, invited: 0,
    createdBy: caller.userId, createdAt: at, updatedAt: at, version: 1,
  };
  await putNewEvent(caller.tenantId, event);
  return summary(event, now);
};

/**
 * Those signed up or waiting are told when the clinic moves the event (day, time, clinic or
 * place) or calls it off; the notice quotes the event as it now is and is sent by the events job.
 */
const tellAttendees = async (tenantId: string, before: MemberEvent, fields: Omit<EventUpdate, 'version'>, now: Date): Promise<void> => {
  const calledOff = fields.status === 'cancelled' && before.status !== 'cancelled';
  const moved = (['date', 'time', 'clinicId', 'place'] as const).some((k) => fields[k] !== undefined && fields[k] !== before[k]);
  if (!calledOff && !moved) return;
  const at = now.toISOString();
  const kind = calledOff ? 'event-cancelled' : 'changed';
  const told = (await listAttendees(tenantId, before.eventId)).filter((a) => a.status === 'signed-up' || a.status === 'waiting');
  await putNotices(tenantId, before.eventId, told.map((a) => ({ noticeId: ulid(), patientId: a.patientId, kind, at })));
};

export const changeEvent = async (caller: Caller, eventId: string, update: EventUpdate, now = new Date()): Promise<EventSummary> => {
  const current = await readEvent(caller, eventId);
  const { version, ...fields } = update;
  // Called off is final: those signed up have been told, and a second notice would contradict it.
  if (current.status === 'cancelled') throw new DomainError('conflict', 'a cancelled event stays cancelled: plan a new one');
  const refs = await referenceProblems(caller, { clinicId: fields.clinicId, segmentId: fields.segmentId });
  if (refs.length) throw invalidFields(refs);
  const when: When = { clinicId: fields.clinicId ?? current.clinicId, date: fields.date ?? current.date, time: fields.time ?? current.time, durationMinutes: fields.durationMinutes ?? current.durationMinutes };
  const moved = fields.clinicId !== undefined || fields.date !== undefined || fields.time !== undefined || fields.durationMinutes !== undefined;
  const times = moved ? await instants(caller.tenantId, when) : { startAt: current.startAt, endAt: current.endAt };
  if (fields.date !== undefined || fields.time !== undefined) {
    const past = pastProblem(times.startAt, now);
    if (past.length) throw invalidFields(past);
  }
  const changes: EventChanges = { ...fields, ...(moved ? times : {}) };
  const result = await updateEvent(caller.tenantId, eventId, changes, version, now.toISOString());
  if (result === 'missing') throw notFound('event');
  if (result === 'stale') throw staleVersion('This event');
  if (result === 'below-signed-up') throw invalidFields([{ path: 'capacity', message: `must hold the ${current.signedUp} already signed up`, code: 'event.capacity_below_signed_up', params: { min: current.signedUp } }]);
  await tellAttendees(caller.tenantId, current, fields, now);
  // A larger room: the first waiting move up at once.
  if (fields.capacity !== undefined && fields.capacity > current.capacity) await promoteWaiting(caller.tenantId, eventId, now);
  return summary(await readEvent(caller, eventId), now);
};

export const eventList = async (caller: Caller, now = new Date()): Promise<{ items: EventSummary[] }> => ({
  items: (await listEvents(caller.tenantId))
    .filter((e) => canSeeClinic(caller, e.clinicId))
    .sort((a, b) => b.startAt.localeCompare(a.startAt))
    .map((e) => summary(e, now)),
});

/**
 * The event with everyone who answered (signed up, waiting, cancelled) or came; the merely
 * invited are a count. Names and phones are read now (a phone may have changed); marketing
 * sees phones masked (DESIGN), and no one of an event that invited people by treatment.
 */
export const eventDetail = async (caller: Caller, eventId: string, now = new Date()): Promise<EventDetail> => {
  const event = await readEvent(caller, eventId);
  // Its invitations went to people chosen by treatment (marked before they were sent).
  if (!learnsTreatmentAudiences(caller.role) && event.aimedByTreatment) {
    return { ...summary(event, now), attendees: [], attendeesWithheld: 'clinical' };
  }
  const answered = (await listAttendees(caller.tenantId, eventId)).filter((a) => a.status !== 'invited' || a.attendedAt);
  const attendees = await mapLimit(answered, { limit: 8 }, async (a) => {
    const patient = await getPatient(caller.tenantId, a.patientId);
    const phone = patient?.phone ?? '';
    return {
      patientId: a.patientId, clinicId: a.clinicId, name: patient?.name ?? '', phone: seesContactDetails(caller.role) ? phone : phone && maskPhone(phone), status: a.status,
      ...(a.invitedAt ? { invitedAt: a.invitedAt } : {}), ...(a.respondedAt ? { respondedAt: a.respondedAt } : {}), ...(a.attendedAt ? { attendedAt: a.attendedAt } : {}),
    };
  });
  return { ...summary(event, now), attendees: attendees.sort((x, y) => (x.respondedAt ?? '').localeCompare(y.respondedAt ?? '')) };
};

/** The front desk ticks who came, from an hour before the start; a patient never invited to this event is refused by field. */
export const recordAttendance = async (caller: Caller, eventId: string, input: AttendanceInput, now = new Date()): Promise<EventDetail> => {
  const event = await readEvent(caller, eventId);
  if (event.status === 'cancelled') throw new DomainError('conflict', 'This event was cancelled');
  if (input.attended && !attendanceOpen(event, now)) {
    throw invalid('attended', 'can be ticked from an hour before the event starts', { code: 'event.not_started', params: { from: attendanceOpensAt(event).toISOString() } });
  }
  const known = new Set((await listAttendees(caller.tenantId, eventId)).map((a) => a.patientId));
  const unknown = input.patientIds.filter((id) => !known.has(id));
  if (unknown.length) throw invalidFields(unknown.map((id) => ({ path: `patientIds.${input.patientIds.indexOf(id)}`, message: 'was not invited to this event', code: 'event.not_invited' as const })));
  for (const patientId of new Set(input.patientIds)) await setAttendance(caller.tenantId, eventId, patientId, input.attended, caller.userId, now.toISOString());
  return eventDetail(caller, eventId, now);
};
