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

const shanghaiHour = (instant: Date): number => Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', hourCycle: 'h23' }).format(instant));

/**
 * When the feedback-survey run goes, for an event that ended at `endAt`: an hour after the end,
 * moved to the next 10:00 in Shanghai when that hour falls outside 10:00–18:00 (the sending
 * windows would otherwise defer the survey, and the test would depend on the hour it runs at).
 * Always within the day after the end, when the survey is due.
 */
export const surveyRunAfter = (endAt: string): Date => {
  const hourAfter = new Date(Date.parse(endAt) + 3_600_000);
  const hour = shanghaiHour(hourAfter);
  if (hour >= 10 && hour < 18) return hourAfter;
  const hoursToTen = (24 + 10 - hour) % 24 || 24;
  const atTen = new Date(hourAfter.getTime() + hoursToTen * 3_600_000);
  return new Date(atTen.getTime() - (atTen.getTime() % 3_600_000) + 60_000);
};
