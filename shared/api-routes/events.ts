import { route, type RouteDefinition } from './route-definition.js';

/**
 * Member events (会员活动, issue 12 item 2; seed 000 策略四): plan, edit, read with the sign-ups,
 * tick attendance. Served by the marketing area's function, beside campaigns.
 */
export const eventRoutes: RouteDefinition[] = [
  route('GET', '/events', 'marketing', 'events:read'),
  route('POST', '/events', 'marketing', 'events:write'),
  route('GET', '/events/{eventId}', 'marketing', 'events:read'),
  route('PATCH', '/events/{eventId}', 'marketing', 'events:write'),
  route('POST', '/events/{eventId}/attendance', 'marketing', 'events:attend'),
];
