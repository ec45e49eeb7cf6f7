import { route, type RouteDefinition } from './route-definition.js';

/** The dashboard's reads (issue 5): rollup overview, nightly patient-base snapshot, patients behind a number. */
export const kpiRoutes: RouteDefinition[] = [
  route('GET', '/kpi/overview', 'kpi', 'kpi:read'),
  route('GET', '/kpi/patient-base', 'kpi', 'kpi:read'),
  route('GET', '/kpi/patients', 'kpi', 'kpi:read'),
];
