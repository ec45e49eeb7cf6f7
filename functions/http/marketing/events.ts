/** Member events (会员活动): list, plan, edit, read with sign-ups, tick attendance. Served by the marketing area. */
import { attendanceSchema, eventInputSchema, eventUpdateSchema } from '../../../shared/schemas/events.js';
import { changeEvent, createEvent, eventDetail, eventList, recordAttendance } from '../../services/member-event-service.js';
import { jsonBody, pathParam } from '../lib/request.js';
import { created, ok, type AreaOperations } from '../lib/router.js';

const id = (event: Parameters<AreaOperations[string]>[0]) => pathParam(event, 'eventId');

export const eventOperations: AreaOperations = {
  'GET /events': async (_event, caller) => ok(await eventList(caller)),
  'POST /events': async (event, caller) => created(await createEvent(caller, jsonBody(event, eventInputSchema))),
  'GET /events/{eventId}': async (event, caller) => ok(await eventDetail(caller, id(event))),
  'PATCH /events/{eventId}': async (event, caller) => ok(await changeEvent(caller, id(event), jsonBody(event, eventUpdateSchema))),
  'POST /events/{eventId}/attendance': async (event, caller) => ok(await recordAttendance(caller, id(event), jsonBody(event, attendanceSchema))),
};
