import { defineEntity } from './define-entity.js';
import { tenantPartition } from './partitions.js';

/** One partition per campaign: its frozen audience pages and one recipient item per patient. */
export const campaignPartition = 'T#{tenantId}#CAMPAIGN#{campaignId}' as const;

/** The campaign as marketing wrote it, with its status, approval and progress. */
export const campaignEntity = defineEntity({ type: 'campaign', pk: tenantPartition, sk: 'CAMPAIGN#{campaignId}' });

/** One run (an occurrence) of a campaign: which frozen audience it works through. */
export const campaignRunEntity = defineEntity({ type: 'campaign-run', pk: campaignPartition, sk: 'RUN#{runKey}' });

/** A page of a run's frozen audience, written under the id of the invocation that froze it. */
export const campaignPageEntity = defineEntity({ type: 'campaign-page', pk: campaignPartition, sk: 'PAGE#{runKey}#{freezerId}#{page}' });

/**
 * What one invocation decided for a page of a batch run: each treated member's outcome (sent,
 * skipped with its reason…), in one item per page instead of one write per recipient. The page
 * holds every member's arm, variant and coupon code; concurrent invocations each write their own
 * (campaign-recipients.ts merges them: a send wins, else the latest word).
 */
export const campaignPageResultEntity = defineEntity({ type: 'campaign-page-result', pk: campaignPartition, sk: 'RESULT#{runKey}#{page}#{writerId}' });

/**
 * What one patient got from the campaign (arm, variant, coupon) or that they were held out: a
 * triggered campaign's recipients and a batch run's held-out members (the profile reads them by
 * key; a treated member's profile entry is its send ledger item), and batch recipients recorded
 * before page results.
 */
export const campaignRecipientEntity = defineEntity({ type: 'campaign-recipient', pk: campaignPartition, sk: 'RCPT#{patientId}' });

/** The chain's campaign settings (whether an owner or manager approves before sending). */
export const campaignSettingsEntity = defineEntity({ type: 'campaign-settings', pk: tenantPartition, sk: 'CAMPAIGNSETTINGS' });

/**
 * The chain's campaigns and member events that chose their people by treatment (a string set of
 * their ids, added to once each as they first send): what the readers of who-received-what check
 * with one read per request instead of listing every campaign, event and segment.
 */
export const treatmentAimedEntity = defineEntity({ type: 'treatment-aimed', pk: tenantPartition, sk: 'TREATMENTAIMED' });

/**
 * A triggered campaign's recipient: one per (patient, triggering record), beside the batch
 * recipients (`RCPT#`) so progress and results list both. Its conditional put is the
 * exactly-once claim of the trigger (campaign-trigger-repository.ts).
 */
export const campaignTriggerRecipientEntity = defineEntity({ type: 'campaign-trigger-recipient', pk: campaignPartition, sk: 'RCPT#{patientId}#T#{ref}' });

/** The chain's triggered messages waiting for their delay, by due time; removed once handled. */
export const campaignTriggerDueEntity = defineEntity({ type: 'campaign-trigger-due', pk: 'T#{tenantId}#TRIGGERDUE', sk: 'DUE#{dueAt}#{campaignId}#{patientId}#{ref}' });
