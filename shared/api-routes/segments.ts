import { route, type RouteDefinition } from './route-definition.js';

/** Segments (issue 12 item 1), served by the engagement function (it already writes the table). */
export const segmentRoutes: RouteDefinition[] = [
  route('GET', '/segments', 'engagement', 'segments:read'),
  route('POST', '/segments', 'engagement', 'segments:write'),
  route('POST', '/segments/preview', 'engagement', 'segments:read'),
  route('GET', '/segments/{segmentId}', 'engagement', 'segments:read'),
  route('PATCH', '/segments/{segmentId}', 'engagement', 'segments:write'),
  route('DELETE', '/segments/{segmentId}', 'engagement', 'segments:write'),
  route('POST', '/segments/{segmentId}/freeze', 'engagement', 'segments:write'),
  route('GET', '/segments/{segmentId}/export', 'engagement', 'segments:export'),
];
