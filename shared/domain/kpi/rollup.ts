/**
 * The daily KPI rollups (issue 5, part 1): one document per (clinic, local day) of integer
 * counters, kept current by ADDing the delta of every record change, read by the dashboard
 * as sums over a date range and clinics, with rates derived on read.
 *
 * Writers: call the `deltaFor…` of the change, then for each returned `DayCounters` issue one
 * `toAddUpdate(counters)` on the rollup item of (tenant, clinicId, day), in the same
 * transaction as the record write (ADD is not idempotent: a replayed event would count twice).
 * Readers: `countersFromItem(item)` per item → `sumRollups` → `derive` and `breakdowns`.
 */
export * from './counters.js';
export * from './day-counters.js';
export * from './attribute-names.js';
export * from './revenue-split.js';
export * from './visit-delta.js';
export * from './appointment-delta.js';
export * from './task-delta.js';
export * from './message-delta.js';
export * from './message-changes.js';
export * from './survey-delta.js';
export * from './derive.js';
export * from './recompute.js';
