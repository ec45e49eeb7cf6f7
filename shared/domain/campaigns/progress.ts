/**
 * A campaign run's progress: what the runner shows while it sends (from an invocation's tally)
 * and stores when it finishes (from the recipients themselves), counted the same way.
 */
import type { CampaignProgress } from '../../schemas/campaigns.js';

/** What progress reads of a recipient: its arm and, once decided, its outcome and reason. */
export type RecipientOutcome = { arm: string; outcome?: string; reason?: string };

/**
 * Sent / held out / skipped by reason / failed / waiting / remaining, counted from the recipients
 * themselves. `waiting`: deferred by quiet hours, the retry job sends them later (the results then
 * count them delivered); present only when some are.
 */
export const progressOf = (recipients: readonly RecipientOutcome[], audience: number): CampaignProgress => {
  const progress: CampaignProgress = { audience, heldOut: 0, sent: 0, skipped: {}, failed: 0, remaining: 0 };
  for (const r of recipients) {
    if (r.arm === 'holdout') progress.heldOut += 1;
    else if (r.outcome === 'sent') progress.sent += 1;
    else if (r.outcome === 'failed') progress.failed += 1;
    else if (r.outcome === 'deferred') progress.waiting = (progress.waiting ?? 0) + 1;
    // `unknown`: a crash's claim the sweep settled as maybe sent (never resent), listed with its reason.
    else if (r.outcome === 'skipped' || r.outcome === 'unknown') progress.skipped[r.reason ?? r.outcome] = (progress.skipped[r.reason ?? r.outcome] ?? 0) + 1;
  }
  progress.remaining = Math.max(0, audience - recipients.filter((r) => r.arm === 'holdout' || r.outcome !== undefined).length);
  return progress;
};

/** Progress while it runs, from the invocation's tally of labels (`status` or `status:reason`), counted as progressOf counts. */
export const tallyProgress = (tally: Record<string, number>, audience: number, done: number): CampaignProgress => {
  const progress: CampaignProgress = { audience, heldOut: 0, sent: 0, skipped: {}, failed: 0, remaining: Math.max(0, audience - done) };
  for (const [label, n] of Object.entries(tally)) {
    const [status = label, reason] = label.split(':');
    if (status === 'heldOut') progress.heldOut += n;
    else if (status === 'sent') progress.sent += n;
    // a failure carries its reason (`failed:provider-error`): counted failed, as the recipients are
    else if (status === 'failed') progress.failed += n;
    else if (status === 'deferred') progress.waiting = (progress.waiting ?? 0) + n;
    else if (status === 'skipped') progress.skipped[reason ?? status] = (progress.skipped[reason ?? status] ?? 0) + n;
  }
  return progress;
};
