import { route, type RouteDefinition } from './route-definition.js';

/** Segments (issue 12 item 1), served by the marketing function. */
export const segmentRoutes: RouteDefinition[] = [
  route('GET', '/segments', 'marketing', 'segments:read'),
  route('POST', '/segments', 'marketing', 'segments:write'),
  route('POST', '/segments/preview', 'marketing', 'segments:read'),
  route('GET', '/segments/{segmentId}', 'marketing', 'segments:read'),
  route('PATCH', '/segments/{segmentId}', 'marketing', 'segments:write'),
  route('DELETE', '/segments/{segmentId}', 'marketing', 'segments:write'),
  route('POST', '/segments/{segmentId}/freeze', 'marketing', 'segments:write'),
  route('GET', '/segments/{segmentId}/export', 'marketing', 'segments:export'),
];
