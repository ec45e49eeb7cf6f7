import { route, type RouteDefinition } from './route-definition.js';

/**
 * Campaigns (营销活动, issue 12 item 2): marketing writes drafts, previews texts and submits;
 * an owner or manager approves; pause, resume, cancel; progress and results. Served by the
 * marketing area's function (it may write the table and the one-time schedules).
 */
export const campaignRoutes: RouteDefinition[] = [
  route('GET', '/campaigns', 'marketing', 'campaigns:read'),
  route('POST', '/campaigns', 'marketing', 'campaigns:write'),
  route('POST', '/campaigns/preview', 'marketing', 'campaigns:write'),
  route('GET', '/campaign-settings', 'marketing', 'campaigns:read'),
  route('PUT', '/campaign-settings', 'marketing', 'campaigns:settings'),
  route('GET', '/campaigns/{campaignId}', 'marketing', 'campaigns:read'),
  route('PUT', '/campaigns/{campaignId}', 'marketing', 'campaigns:write'),
  route('POST', '/campaigns/{campaignId}/submit', 'marketing', 'campaigns:write'),
  route('POST', '/campaigns/{campaignId}/approve', 'marketing', 'campaigns:approve'),
  route('POST', '/campaigns/{campaignId}/reject', 'marketing', 'campaigns:approve'),
  route('POST', '/campaigns/{campaignId}/pause', 'marketing', 'campaigns:write'),
  route('POST', '/campaigns/{campaignId}/resume', 'marketing', 'campaigns:write'),
  route('POST', '/campaigns/{campaignId}/cancel', 'marketing', 'campaigns:write'),
  route('GET', '/campaigns/{campaignId}/results', 'marketing', 'campaigns:read'),
  /** prefilled campaigns the builder starts from (the review invitation first) */
  route('GET', '/campaign-templates', 'marketing', 'campaigns:read'),
];
