/**
 * KPI domain (issue 5): pure functions, no AWS SDK, no I/O.
 * - rollup.ts: daily per-clinic counters, deltas for every record change, recomputation, derived rates.
 * - patient-base.ts: the nightly patient-base metrics (activity, retention, funnel, RFM, LTV, recall, heatmap).
 */
export * from './rollup.js';
export * from './patient-base.js';
