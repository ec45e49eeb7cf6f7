/** Member events (会员活动). Paths match shared/api-routes/events.ts. */
import type { HttpClient } from './http-client';
import type { AttendanceInput, EventDetail, EventInput, EventSummary, EventUpdate } from '$shared/schemas/events';

export type { EventDetail, EventInput, EventSummary, EventUpdate } from '$shared/schemas/events';

const seg = encodeURIComponent;

export class EventsApi {
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  list(): Promise<{ items: EventSummary[] }> {
    return this.#http.request('GET', '/events');
  }

  get(eventId: string): Promise<EventDetail> {
    return this.#http.request('GET', `/events/${seg(eventId)}`);
  }

  create(input: EventInput): Promise<EventSummary> {
    return this.#http.request('POST', '/events', { body: input });
  }

  update(eventId: string, input: EventUpdate): Promise<EventSummary> {
    return this.#http.request('PATCH', `/events/${seg(eventId)}`, { body: input });
  }

  attendance(eventId: string, input: AttendanceInput): Promise<EventDetail> {
    return this.#http.request('POST', `/events/${seg(eventId)}/attendance`, { body: input });
  }
}
