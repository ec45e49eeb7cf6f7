/**
 * The claim sweep: a send claimed by a process that then died is resolved, never left "claimed".
 * - never handed to the channel (no handing marker: only claims made before the claim became its
 *   own marker, send-ledger-repository.ts): the claim is released (its attempt does not count)
 *   and sent now through the pipeline, which checks the occasion, window and budget again;
 * - handed but not recorded (the marker, no message id: the one round trip SNS cannot close):
 *   marketing never risks a duplicate and becomes `unknown` (counted, listed, not resent); care
 *   and reminders prefer delivery and go through the pipeline again, so they are sent only if
 *   their occasion still holds and their window is open (else deferred or skipped as usual).
 */
import { purposeRules } from '../../shared/domain/messaging/purposes.js';
import { openClaims, staleClaimMinutes, type LedgerEntry, type LedgerKey } from '../adapters/dynamo/send-ledger-repository.js';
import { readCheckpoint, writeCheckpoint } from '../adapters/dynamo/checkpoint-repository.js';
import { resolveClaim } from '../adapters/dynamo/claim-recovery-repository.js';
import { getAutomationSettings } from '../adapters/dynamo/automation-settings-repository.js';
import { recordReactivationAttempt } from '../adapters/dynamo/reactivation-repository.js';
import type { AutomationSettings } from '../../shared/schemas/automations.js';
import { logger } from '../adapters/logger.js';
import { sendMessage, type SendOptions } from './send-pipeline.js';

export type SweepOptions = {
  now: Date;
  /** claims made before this were abandoned (default: staleClaimMinutes ago; a restarted twin: its start) */
  deadBefore?: Date;
  publish?: SendOptions['publish'];
};

export type SweepTally = { stale: number; resent: number; unknown: number; sent: number; skipped: number; deferred: number; failed: number; duplicate: number };

const day = 86_400_000;
/** Where the claims already swept end: the last sweep's `deadBefore` (kept as a job checkpoint). */
const bound = { job: 'claim-sweep', key: 'claims' } as const;

/**
 * Claims made before `deadBefore` and since the last sweep's bound, found in the automations'
 * lists by claim time (send-ledger.ts): each sweep reads only the messages claimed since the
 * previous one, and a sweep that fails leaves the bound where it was. Without a bound (the first
 * sweep, or none for the checkpoint's 14 days) it looks back 14 days; a bound ahead of this
 * sweep (a clock set back: tests on other days) is not trusted, it looks back one day.
 * Claims made before the lists moved waited in the retry index at claimedAt + staleClaimMinutes.
 */
const staleClaims = async (tenantId: string, deadBefore: string, last: unknown): Promise<LedgerEntry[]> => {
  const lookback = typeof last === 'string' ? (last <= deadBefore ? 0 : day) : 14 * day;
  const after = lookback === 0 ? String(last) : new Date(Date.parse(deadBefore) - lookback).toISOString();
  const legacyDueBy = new Date(Date.parse(deadBefore) + staleClaimMinutes * 60_000).toISOString();
  return (await openClaims(tenantId, { after, upTo: deadBefore, legacyDueBy })).filter((e) => e.claimedAt !== undefined && e.claimedAt < deadBefore);
};

const moveBound = async (tenantId: string, deadBefore: string, last: unknown, at: string): Promise<void> => {
  if (typeof last === 'string' && last >= deadBefore) return;
  await writeCheckpoint(tenantId, bound.job, bound.key, { startKey: { claimedBefore: deadBefore }, done: false, pages: 0, tally: {} }, at);
};

/** The reactivation try that a resolved claim was: it counts once a message (maybe) went out. */
const countReactivation = async (tenantId: string, entry: LedgerEntry, at: string): Promise<void> => {
  const ref = entry.retry?.ref;
  const attempt = Number(/\.a(\d+)$/.exec(entry.occasion)?.[1]);
  if (entry.purpose !== 'reactivation' || ref?.kind !== 'dormant' || !Number.isInteger(attempt)) return;
  await recordReactivationAttempt(tenantId, { patientId: entry.patientId, lastVisitAt: ref.lastVisitAt, attempt, occasion: entry.occasion }, at);
};

const resolveOne = async (tenantId: string, entry: LedgerEntry, settings: AutomationSettings, options: SweepOptions, tally: SweepTally): Promise<void> => {
  const k: LedgerKey = { tenantId, patientId: entry.patientId, purpose: entry.purpose, occasion: entry.occasion };
  const at = options.now.toISOString();
  const claimedAt = entry.claimedAt ?? '';
  const handed = entry.handingAt !== undefined;
  if (!entry.retry || (handed && purposeRules[entry.purpose].marketing)) {
    if (await resolveClaim(k, { claimedAt, status: 'unknown', decision: { at, kind: 'unknown', reason: 'channel-window' } })) {
      tally.unknown += 1;
      await countReactivation(tenantId, entry, at);
    }
    return;
  }
  const released = await resolveClaim(k, { claimedAt, status: 'deferred', uncount: !handed, decision: { at, kind: 'defer', reason: 'crash-recovered' } });
  if (!released) return;
  tally.resent += 1;
  const outcome = await sendMessage(
    { ...k, template: entry.retry.template, values: entry.retry.values, ref: entry.retry.ref, ...(entry.retry.variant ? { variant: entry.retry.variant } : {}), settings },
    { now: options.now, ...(options.publish ? { publish: options.publish } : {}) },
  );
  tally[outcome.status] += 1;
  if (outcome.status === 'sent' || outcome.status === 'skipped') await countReactivation(tenantId, entry, at);
};

export const sweepClaims = async (tenantId: string, options: SweepOptions): Promise<SweepTally> => {
  const tally: SweepTally = { stale: 0, resent: 0, unknown: 0, sent: 0, skipped: 0, deferred: 0, failed: 0, duplicate: 0 };
  const deadBefore = (options.deadBefore ?? new Date(options.now.getTime() - staleClaimMinutes * 60_000)).toISOString();
  const last = (await readCheckpoint(tenantId, bound.job, bound.key))?.startKey?.claimedBefore;
  const claims = await staleClaims(tenantId, deadBefore, last);
  if (claims.length > 0) {
    const { settings } = await getAutomationSettings(tenantId);
    for (const entry of claims) {
      tally.stale += 1;
      await resolveOne(tenantId, entry, settings, options, tally);
    }
  }
  await moveBound(tenantId, deadBefore, last, options.now.toISOString());
  if (tally.unknown > 0) logger.warn('claims left in the channel window', { tenantId, unknown: tally.unknown });
  return tally;
};
