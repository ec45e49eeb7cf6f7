/**
 * The keys of the patient lists behind dashboard numbers (grammar in shared/schemas/kpi.ts).
 * Segments come from data (channels, partner codes, recall groups), so anything outside a safe
 * charset is replaced and a hash of the original appended: two different values never share a
 * key, and a key never carries a character that needs escaping in a URL or a DynamoDB key.
 */
/** The appointment outcomes whose patients a range list names (the kept and no-show rates). */
export type AppointmentOutcome = 'kept' | 'no-show';

export type ListKey =
  | { kind: 'base'; asOfDay: string; scope: string; metric: string }
  | { kind: 'visitors'; from: string; to: string }
  | { kind: 'new'; from: string; to: string }
  | { kind: 'appts'; from: string; to: string; outcome: AppointmentOutcome };

const fnv1a = (text: string): string => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
};

/** A metric segment: kept when already safe and short, else made safe with a hash suffix. */
export const listSegment = (value: string): string => {
  if (/^[\w:-]{1,48}$/.test(value)) return value;
  return `${value.replace(/[^\w-]/g, '_').slice(0, 30)}~${fnv1a(value)}`;
};

export const baseListKey = (asOfDay: string, scope: string, metric: string): string => `base:${asOfDay}:${scope}:${metric}`;

/** The partition name of a stored list (keys.kpiList's `list`): the scope and metric. */
export const storedListName = (scope: string, metric: string): string => `${scope}:${metric}`;

export const visitorsListKey = (from: string, to: string): string => `visitors:${from}:${to}`;

/** The patients whose first visit in the chain fell in the range (the new-patients card). */
export const newPatientsListKey = (from: string, to: string): string => `new:${from}:${to}`;

/** The patients with an appointment of that outcome in the range (the kept and no-show rates). */
export const appointmentsListKey = (from: string, to: string, outcome: AppointmentOutcome): string => `appts:${from}:${to}:${outcome}`;

/** Parses a key already checked against kpiListKeyPattern. */
export const parseListKey = (key: string): ListKey | undefined => {
  const parts = key.split(':');
  if (parts[0] === 'visitors' && parts.length === 3) return { kind: 'visitors', from: parts[1] ?? '', to: parts[2] ?? '' };
  if (parts[0] === 'new' && parts.length === 3) return { kind: 'new', from: parts[1] ?? '', to: parts[2] ?? '' };
  if (parts[0] === 'appts' && parts.length === 4 && (parts[3] === 'kept' || parts[3] === 'no-show')) return { kind: 'appts', from: parts[1] ?? '', to: parts[2] ?? '', outcome: parts[3] };
  if (parts[0] === 'base' && parts.length >= 4) return { kind: 'base', asOfDay: parts[1] ?? '', scope: parts[2] ?? '', metric: parts.slice(3).join(':') };
  return undefined;
};
