import { route, type RouteDefinition } from './route-definition.js';

/**
 * Planning (issue 13): monthly targets per clinic (the owner sets them, managers read their
 * clinics'), figures per staff member (绩效考核) and staffing by weekday and hour (人员排班).
 * Its own area: it reads what the KPI area reads, and writes the targets, which the read-only
 * KPI function may not.
 */
export const planRoutes: RouteDefinition[] = [
  route('GET', '/targets', 'plan', 'targets:read'),
  route('PUT', '/targets/{clinicId}/{month}', 'plan', 'targets:write'),
  route('GET', '/performance', 'plan', 'performance:read'),
  route('GET', '/staffing', 'plan', 'staffing:read'),
];
