import { route, type RouteDefinition } from './route-definition.js';

/**
 * Member events (会员活动, issue 12 item 2; seed 000 策略四): plan, edit, read with the sign-ups,
 * tick attendance. Served by the engagement area's function, beside campaigns.
 */
export const eventRoutes: RouteDefinition[] = [
  route('GET', '/events', 'engagement', 'events:read'),
  route('POST', '/events', 'engagement', 'events:write'),
  route('GET', '/events/{eventId}', 'engagement', 'events:read'),
  route('PATCH', '/events/{eventId}', 'engagement', 'events:write'),
  route('POST', '/events/{eventId}/attendance', 'engagement', 'events:attend'),
];
