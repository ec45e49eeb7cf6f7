import { route, type RouteDefinition } from './route-definition.js';

/**
 * Campaigns (营销活动, issue 12 item 2): marketing writes drafts, previews texts and submits;
 * an owner or manager approves; pause, resume, cancel; progress and results. Served by the
 * messages area's function: a campaign is messages, read and sent by the same people.
 */
export const campaignRoutes: RouteDefinition[] = [
  route('GET', '/campaigns', 'messages', 'campaigns:read'),
  route('POST', '/campaigns', 'messages', 'campaigns:write'),
  route('POST', '/campaigns/preview', 'messages', 'campaigns:write'),
  route('GET', '/campaign-settings', 'messages', 'campaigns:read'),
  route('PUT', '/campaign-settings', 'messages', 'campaigns:settings'),
  route('GET', '/campaigns/{campaignId}', 'messages', 'campaigns:read'),
  route('PUT', '/campaigns/{campaignId}', 'messages', 'campaigns:write'),
  route('POST', '/campaigns/{campaignId}/submit', 'messages', 'campaigns:write'),
  route('POST', '/campaigns/{campaignId}/approve', 'messages', 'campaigns:approve'),
  route('POST', '/campaigns/{campaignId}/reject', 'messages', 'campaigns:approve'),
  route('POST', '/campaigns/{campaignId}/pause', 'messages', 'campaigns:write'),
  route('POST', '/campaigns/{campaignId}/resume', 'messages', 'campaigns:write'),
  route('POST', '/campaigns/{campaignId}/cancel', 'messages', 'campaigns:write'),
  route('GET', '/campaigns/{campaignId}/results', 'messages', 'campaigns:read'),
];
