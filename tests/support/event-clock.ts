/**
 * Moves a member event's start to half an hour ago, as if its day had come: the API refuses a
 * start in the past, and the desk may tick who came only from an hour before the start.
 */
export const beginEvent = async (tenantId: string, eventId: string): Promise<{ startAt: string; endAt: string }> => {
  const { getEvent, updateEvent } = await import('../../functions/adapters/dynamo/member-event-repository.js');
  const event = await getEvent(tenantId, eventId);
  if (!event) throw new Error(`no event ${eventId}`);
  const startAt = new Date(Date.now() - 30 * 60_000).toISOString();
  const endAt = new Date(Date.parse(startAt) + (Date.parse(event.endAt) - Date.parse(event.startAt))).toISOString();
  const result = await updateEvent(tenantId, eventId, { startAt, endAt }, event.version, new Date().toISOString());
  if (result !== 'ok') throw new Error(`event ${eventId} not begun: ${result}`);
  return { startAt, endAt };
};
