/**
 * When a running import counts as cut off. Its own module so the imports API (which resumes a
 * stalled run on POST .../run) does not bundle the chunk runner and its staff-alert publisher.
 */
import type { ImportRecord } from '../adapters/dynamo/import-repository.js';

/** Longer than a chunk's timeout (120 s) and the bus's first retries: a run this quiet was cut off. */
export const importHeartbeatMs = 5 * 60_000;

/** A running import whose heartbeat (updatedAt) stopped with chunks left to do. */
export const importRunStalled = (r: ImportRecord, now: Date, quietMs = importHeartbeatMs): boolean =>
  r.status === 'running' && r.runId !== undefined && Date.parse(r.updatedAt) < now.getTime() - quietMs && (r.chunksDone ?? 0) < r.chunkRowCounts.length;
