/**
 * Today is not over: its figure so far is drawn apart (dashed, or a paler bar) rather than as a
 * drop at the end of the line. `complete` holds every finished day (today null); `partial`
 * holds today, joined to yesterday so the dashed piece continues the line.
 */
export type SplitSeries = { complete: (number | null)[]; partial: (number | null)[] | null };

export const splitPartialDay = (days: readonly string[], values: readonly number[], today: string): SplitSeries => {
  const last = days.length - 1;
  if (last < 0 || days[last] !== today) return { complete: [...values], partial: null };
  return {
    complete: values.map((v, i) => (i === last ? null : v)),
    partial: values.map((v, i) => (i === last || i === last - 1 ? v : null)),
  };
};
