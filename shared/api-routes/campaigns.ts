import { route, type RouteDefinition } from './route-definition.js';

/**
 * Campaigns (营销活动, issue 12 item 2): marketing writes drafts, previews texts and submits;
 * an owner or manager approves; pause, resume, cancel; progress and results. Served by the
 * engagement area's function (it may write the table; the messages area only reads).
 */
export const campaignRoutes: RouteDefinition[] = [
  route('GET', '/campaigns', 'engagement', 'campaigns:read'),
  route('POST', '/campaigns', 'engagement', 'campaigns:write'),
  route('POST', '/campaigns/preview', 'engagement', 'campaigns:write'),
  route('GET', '/campaign-settings', 'engagement', 'campaigns:read'),
  route('PUT', '/campaign-settings', 'engagement', 'campaigns:settings'),
  route('GET', '/campaigns/{campaignId}', 'engagement', 'campaigns:read'),
  route('PUT', '/campaigns/{campaignId}', 'engagement', 'campaigns:write'),
  route('POST', '/campaigns/{campaignId}/submit', 'engagement', 'campaigns:write'),
  route('POST', '/campaigns/{campaignId}/approve', 'engagement', 'campaigns:approve'),
  route('POST', '/campaigns/{campaignId}/reject', 'engagement', 'campaigns:approve'),
  route('POST', '/campaigns/{campaignId}/pause', 'engagement', 'campaigns:write'),
  route('POST', '/campaigns/{campaignId}/resume', 'engagement', 'campaigns:write'),
  route('POST', '/campaigns/{campaignId}/cancel', 'engagement', 'campaigns:write'),
  route('GET', '/campaigns/{campaignId}/results', 'engagement', 'campaigns:read'),
  /** prefilled campaigns the builder starts from (the review invitation first) */
  route('GET', '/campaign-templates', 'engagement', 'campaigns:read'),
];
