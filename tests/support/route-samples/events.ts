import type { EventSummary } from '../../../shared/schemas/events.js';
import { beginEvent } from '../event-clock.js';
import { freshSegment } from './segments.js';
import type { RouteSamples, SampleContext } from './types.js';

/** A day ten days ahead: an event in the future whatever day the tests run. */
export const eventDay = (days = 10): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export const eventBody = (ctx: SampleContext) => ({ title: '口腔健康沙龙', clinicId: ctx.twin.demo.jinganId, date: eventDay(), time: '14:30', place: '静安店二楼会议室', capacity: 20 });

/** A fresh event in 静安店, with the sample patient invited (so attendance has someone to tick). */
const freshEvent = async (ctx: SampleContext): Promise<EventSummary> => {
  const res = await ctx.twin.api<EventSummary>('POST', '/events', { token: ctx.ownerToken, body: eventBody(ctx) });
  if (res.status >= 300) throw new Error(`sample event failed: ${res.status} ${JSON.stringify(res.body)}`);
  const { putInvitation } = await import('../../../functions/adapters/dynamo/member-event-repository.js');
  await putInvitation(ctx.twin.demo.tenantId, res.body, { patientId: ctx.demoPatient.patientId, clinicId: ctx.demoPatient.clinicId }, new Date().toISOString());
  return res.body;
};

export const eventSamples: RouteSamples = {
  'GET /events': () => ({ path: '/events' }),
  'POST /events': async (ctx) => ({ path: '/events', body: { ...eventBody(ctx), segmentId: (await freshSegment(ctx)).segmentId } }),
  'GET /events/{eventId}': async (ctx) => ({ path: `/events/${(await freshEvent(ctx)).eventId}` }),
  'PATCH /events/{eventId}': async (ctx) => {
    const e = await freshEvent(ctx);
    return { path: `/events/${e.eventId}`, body: { capacity: 30, version: e.version } };
  },
  // Under way (ticks open an hour before the start; the API refuses earlier ones).
  'POST /events/{eventId}/attendance': async (ctx) => {
    const { eventId } = await freshEvent(ctx);
    await beginEvent(ctx.twin.demo.tenantId, eventId);
    return { path: `/events/${eventId}/attendance`, body: { patientIds: [ctx.demoPatient.patientId] } };
  },
};
