import { describe, expect, it } from 'vitest';
import { progressOf, tallyProgress } from '../../shared/domain/campaigns/progress.js';
import type { RecipientOutcome as Recipient } from '../../shared/domain/campaigns/progress.js';

const treated = (outcome: string, reason?: string): Recipient => ({ patientId: `P${Math.random()}`, clinicId: 'C', householdKey: 'h', runKey: 'once', arm: 'treated', assignedAt: '2026-12-01T02:00:00Z', outcome, ...(reason ? { reason } : {}) }) as Recipient;

describe('campaign progress', () => {
  it('while it runs: a failure with its reason counts failed, quiet hours count waiting, skips by reason, duplicates nowhere', () => {
    const tally = { sent: 5, heldOut: 2, 'failed:provider-error': 1, failed: 1, 'deferred:quiet-hours': 3, 'skipped:no-consent': 2, 'skipped:household': 1, duplicate: 4 };
    expect(tallyProgress(tally, 20, 18)).toEqual({ audience: 20, heldOut: 2, sent: 5, failed: 2, waiting: 3, skipped: { 'no-consent': 2, household: 1 }, remaining: 2 });
  });

  it('from the recipients: the same buckets, and no waiting figure when nobody waits', () => {
    const recipients = [treated('sent'), treated('deferred', 'quiet-hours'), treated('failed', 'provider-error'), treated('skipped', 'no-consent'), treated('unknown', 'channel-window')];
    expect(progressOf(recipients, 6)).toEqual({ audience: 6, heldOut: 0, sent: 1, failed: 1, waiting: 1, skipped: { 'no-consent': 1, 'channel-window': 1 }, remaining: 1 });
    expect(progressOf([treated('sent')], 1)).toEqual({ audience: 1, heldOut: 0, sent: 1, failed: 0, skipped: {}, remaining: 0 });
  });
});
