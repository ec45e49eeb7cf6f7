/**
 * The overview's filters as they live in the address (`#/overview?range=90d&clinic=…`), so a
 * reload or a shared link shows the same numbers. Pure and small: the router imports it.
 */
import { addDays } from '$shared/domain/time';

export const rangePresets = ['7d', '30d', '90d', 'month', 'last-month', 'custom'] as const;
export type RangePreset = (typeof rangePresets)[number];

export type OverviewFilters = {
  range: RangePreset;
  /** only for `custom`: local days, both inclusive */
  from: string | null;
  to: string | null;
  /** '' = all the clinics the user may see */
  clinicId: string;
};

export type DayRange = { from: string; to: string };

export const defaultFilters: OverviewFilters = { range: '30d', from: null, to: null, clinicId: '' };

const isoDay = /^\d{4}-\d{2}-\d{2}$/;
const isPreset = (value: string): value is RangePreset => rangePresets.some((p) => p === value);

export const parseOverviewQuery = (query: URLSearchParams): OverviewFilters => {
  const range = query.get('range') ?? '';
  const from = query.get('from') ?? '';
  const to = query.get('to') ?? '';
  const custom = range === 'custom' && isoDay.test(from) && isoDay.test(to);
  return {
    range: custom ? 'custom' : isPreset(range) && range !== 'custom' ? range : '30d',
    from: custom ? from : null,
    to: custom ? to : null,
    clinicId: query.get('clinic') ?? '',
  };
};

export const overviewQuery = (filters: OverviewFilters): URLSearchParams => {
  const params = new URLSearchParams();
  if (filters.range !== '30d') params.set('range', filters.range);
  if (filters.range === 'custom' && filters.from && filters.to) {
    params.set('from', filters.from);
    params.set('to', filters.to);
  }
  if (filters.clinicId) params.set('clinic', filters.clinicId);
  return params;
};

/** The local days a filter covers, `today` included for the rolling presets. */
export const resolveRange = (filters: OverviewFilters, today: string): DayRange => {
  const monthStart = `${today.slice(0, 7)}-01`;
  switch (filters.range) {
    case '7d':
      return { from: addDays(today, -6), to: today };
    case '90d':
      return { from: addDays(today, -89), to: today };
    case 'month':
      return { from: monthStart, to: today };
    case 'last-month': {
      const lastDay = addDays(monthStart, -1);
      return { from: `${lastDay.slice(0, 7)}-01`, to: lastDay };
    }
    case 'custom':
      if (filters.from && filters.to) return filters.from <= filters.to ? { from: filters.from, to: filters.to } : { from: filters.to, to: filters.from };
      return { from: addDays(today, -29), to: today };
    default:
      return { from: addDays(today, -29), to: today };
  }
};
