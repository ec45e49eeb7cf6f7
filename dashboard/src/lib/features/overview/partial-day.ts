/**
 * Today is not over: its figure so far is drawn apart (dashed, or a paler bar) rather than as a
 * drop at the end of the line. `complete` holds every finished day (today null); `partial`
 * holds today, joined to yesterday so the dashed piece continues the line. Days after today (a
 * partly future range, issue 13) are in neither: a gap, not a fall to zero. A range wholly in
 * the future has no partial day but still no complete one.
 */
export type SplitSeries = { complete: (number | null)[]; partial: (number | null)[] | null };

export const splitPartialDay = (days: readonly string[], values: readonly number[], today: string): SplitSeries => {
  const at = days.indexOf(today);
  const complete = values.map((v, i) => ((days[i] ?? '') < today ? v : null));
  if (at < 0) return { complete, partial: null };
  return { complete, partial: values.map((v, i) => (i === at || i === at - 1 ? v : null)) };
};
