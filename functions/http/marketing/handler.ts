/**
 * Marketing: segments, campaigns (drafts, approval, progress, results), member events and the
 * automations' holdout results. Apart from engagement (complaints, surveys, leads) so that each
 * function carries only its own code: together they passed the 300 KB bundle budget.
 */
import { createAreaHandler } from '../lib/router.js';
import { automationHoldoutOperations } from './automation-holdouts.js';
import { campaignOperations } from './campaigns.js';
import { eventOperations } from './events.js';
import { segmentOperations } from './segment-operations.js';

export const handler = createAreaHandler('marketing', {
  ...campaignOperations,
  ...segmentOperations,
  ...automationHoldoutOperations,
  ...eventOperations,
});
