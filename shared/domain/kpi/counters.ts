/**
 * KPI counters: a flat map of counter name → integer. A rollup document (one clinic, one local
 * day) and a delta (what one record change adds to it) have the same shape, so a delta applies
 * with a DynamoDB `ADD` per counter and rollups of many days or clinics add up with `addCounters`.
 *
 * Counter names are dot-separated segments (see `counterNames` for the full list):
 *
 * | name                                   | unit   | what one unit is                                   |
 * |----------------------------------------|--------|----------------------------------------------------|
 * | `visits`                               | count  | a live (not cancelled) visit on that local day     |
 * | `uniquePatients`                       | count  | a patient with ≥1 visit at that clinic that day    |
 * | `newPatients`                          | count  | a patient whose first visit in the chain it was    |
 * | `newPatients.channel.<channel>`        | count  | the same, by acquisition channel                   |
 * | `revenueFen`                           | fen    | visit totals (after all discounts)                 |
 * | `revenueFen.category.<category>`       | fen    | by procedure category (visit discount allocated)   |
 * | `revenueFen.method.<method>`           | fen    | by payment method; `unrecorded` = total − paid     |
 * | `appointments.booked`                  | count  | appointments scheduled on that day, any status     |
 * | `appointments.open`                    | count  | … still booked or checked in                       |
 * | `appointments.kept`                    | count  | … completed                                        |
 * | `appointments.noShow`                  | count  | … no-show                                          |
 * | `appointments.cancelled`               | count  | … cancelled                                        |
 * | `tasks.due[.<staff>]`                  | count  | follow-up tasks due that day                       |
 * | `tasks.done[.<staff>]`                 | count  | … of which done                                    |
 * | `tasks.overdue[.<staff>]`              | count  | … of which went past due (see task-delta.ts)       |
 * | `messages.<status>[.<purpose>]`        | count  | send-ledger outcomes sent/skipped/failed that day  |
 * | `messages.skipReason.<reason>`         | count  | skips by reason                                    |
 * | `surveys.responses`, `surveys.scoreSum`| count  | answers that day; sum of the 1–5 scores            |
 * | `surveys.promoters/passives/detractors`| count  | NPS buckets (shared/domain/nps.ts)                 |
 * | `dentist.visits.<staff>`               | count  | visits of the treating dentist (when recorded)     |
 * | `dentist.revenueFen.<staff>`           | fen    | their visit totals (绩效考核, issue 13)              |
 *
 * Every breakdown has its total next to it (`revenueFen` beside `revenueFen.category.*`) so the
 * overview reads one number without summing a family, and tests can check the family adds up.
 * Summed over days, `uniquePatients` is patient-days (a patient on two days counts twice); the
 * number of distinct patients over a range comes from the patient-base metrics, not rollups.
 */

/** Counter name → integer. Missing names are zero; stored maps drop zeros. */
export type Counters = Readonly<Record<string, number>>;

/**
 * A segment is one dot-free part of a name. Known enum values (channels, categories, purposes)
 * pass as they are; free ids (staff user ids) are bounded so one rollup item and one attribute
 * name stay small whatever an id looks like.
 */
export const maxSegmentLength = 64;

/** FNV-1a 32-bit: deterministic and dependency-free; only used to shorten overlong ids. */
const fnv1a = (text: string): string => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
};

/** A dot would split the name, so it becomes '_'; an overlong id keeps a prefix plus a hash of the whole. */
export const segment = (value: string): string => {
  const clean = value.trim().replace(/\./g, '_') || '_';
  if (clean.length <= maxSegmentLength) return clean;
  return `${clean.slice(0, maxSegmentLength - 10)}~h${fnv1a(clean)}`;
};

/** All counter names; the dashboard and the writers build names only through these. */
export const counterNames = {
  visits: 'visits',
  uniquePatients: 'uniquePatients',
  newPatients: 'newPatients',
  newPatientsByChannel: (channel: string) => `newPatients.channel.${segment(channel)}`,
  revenueFen: 'revenueFen',
  revenueByCategory: (category: string) => `revenueFen.category.${segment(category)}`,
  revenueByMethod: (method: string) => `revenueFen.method.${segment(method)}`,
  appointments: {
    booked: 'appointments.booked',
    open: 'appointments.open',
    kept: 'appointments.kept',
    noShow: 'appointments.noShow',
    cancelled: 'appointments.cancelled',
  },
  tasks: (measure: 'due' | 'done' | 'overdue', staff?: string) => (staff === undefined ? `tasks.${measure}` : `tasks.${measure}.${segment(staff)}`),
  messages: (status: 'sent' | 'skipped' | 'failed', purpose?: string) => (purpose === undefined ? `messages.${status}` : `messages.${status}.${segment(purpose)}`),
  messageSkipReason: (reason: string) => `messages.skipReason.${segment(reason)}`,
  surveys: {
    responses: 'surveys.responses',
    scoreSum: 'surveys.scoreSum',
    promoters: 'surveys.promoters',
    passives: 'surveys.passives',
    detractors: 'surveys.detractors',
  },
  /** per treating dentist: a visit without a recorded dentist (old imports) counts in no family member */
  dentist: (measure: 'visits' | 'revenueFen', staff: string) => `dentist.${measure}.${segment(staff)}`,
} as const;

/** Why integers only: ADD on floats drifts, and money is fen (invariant 3). */
const assertInteger = (name: string, value: number): void => {
  if (!Number.isSafeInteger(value)) throw new RangeError(`counter ${name} must be a safe integer, got ${value}`);
};

/** The rollup of a day nothing happened on. */
export const emptyRollup = (): Counters => ({});

/** Drops zero entries: a delta that nets to nothing needs no write, and stored maps compare equal. */
export const pruneZeros = (counters: Counters): Counters => {
  const out: Record<string, number> = {};
  for (const [name, value] of Object.entries(counters)) {
    assertInteger(name, value);
    if (value !== 0) out[name] = value;
  }
  return out;
};

/** Sum of counter maps (deltas, or rollups of many days/clinics), zeros dropped. */
export const addCounters = (...maps: readonly Counters[]): Counters => {
  const out: Record<string, number> = {};
  for (const map of maps) {
    for (const [name, value] of Object.entries(map)) {
      assertInteger(name, value);
      out[name] = (out[name] ?? 0) + value;
    }
  }
  return pruneZeros(out);
};

/** The same as `addCounters`; named for deltas so call sites read as what they do. */
export const addDeltas = addCounters;

export const negate = (counters: Counters): Counters => {
  const out: Record<string, number> = {};
  for (const [name, value] of Object.entries(counters)) if (value !== 0) out[name] = -value;
  return out;
};

/** Chain totals or a date range: the plain sum of the day rollups. */
export const sumRollups = (days: readonly Counters[]): Counters => addCounters(...days);

/** Reads one counter; a missing one is zero. */
export const counterValue = (counters: Counters, name: string): number => counters[name] ?? 0;

/**
 * The members of a family, e.g. `breakdown(c, 'revenueFen.category')` → `{ implant: 1200000, … }`.
 * Only direct children: `tasks.due` gives staff, not deeper names.
 */
export const breakdown = (counters: Counters, prefix: string): Record<string, number> => {
  const out: Record<string, number> = {};
  const head = `${prefix}.`;
  for (const [name, value] of Object.entries(counters)) {
    if (!name.startsWith(head)) continue;
    const rest = name.slice(head.length);
    if (rest.includes('.') || value === 0) continue;
    out[rest] = value;
  }
  return out;
};
