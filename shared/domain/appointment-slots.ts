/**
 * Free times near a wanted one, for a booking that clashed: quarter-hour starts on the same day
 * where the dentist and the chair are both free for the whole duration, inside the clinic's day,
 * not in the past, nearest to the wanted start first (earlier before later at equal distance).
 */
export type BookedSpan = { startAt: string; endAt: string; dentistId: string; chair: string; status: string };

export type FreeStartQuery = {
  booked: readonly BookedSpan[];
  dentistId: string;
  chair: string;
  /** ISO instant the desk asked for */
  wanted: string;
  durationMinutes: number;
  /** ISO instants bounding the clinic's day: [dayStart, dayEnd) */
  dayStart: string;
  dayEnd: string;
  /** nothing before this instant (now) */
  notBefore: string;
  count?: number;
};

const quarter = 15 * 60_000;

export const nearestFreeStarts = (q: FreeStartQuery): string[] => {
  const duration = q.durationMinutes * 60_000;
  const busy = q.booked
    .filter((b) => b.status === 'booked' || b.status === 'checked-in')
    .filter((b) => b.dentistId === q.dentistId || b.chair === q.chair)
    .map((b) => [Date.parse(b.startAt), Date.parse(b.endAt)] as const);
  const first = Math.ceil(Math.max(Date.parse(q.dayStart), Date.parse(q.notBefore)) / quarter) * quarter;
  const wanted = Date.parse(q.wanted);
  const free: number[] = [];
  for (let start = first; start + duration <= Date.parse(q.dayEnd); start += quarter) {
    if (busy.every(([s, e]) => start + duration <= s || start >= e)) free.push(start);
  }
  return free
    .sort((a, b) => Math.abs(a - wanted) - Math.abs(b - wanted) || a - b)
    .slice(0, q.count ?? 3)
    .sort((a, b) => a - b)
    .map((t) => new Date(t).toISOString());
};
