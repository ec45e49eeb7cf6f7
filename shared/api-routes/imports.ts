/** Imports from clinics' spreadsheets and .xlsx exports: one Lambda, the 'imports' area. */
import { route, type RouteDefinition } from './route-definition.js';

export const importRoutes: RouteDefinition[] = [
  route('POST', '/imports', 'imports', 'imports:run'),
  route('GET', '/imports', 'imports', 'imports:run'),
  route('GET', '/imports/{importId}', 'imports', 'imports:run'),
  route('PUT', '/imports/{importId}/mapping', 'imports', 'imports:run'),
  route('POST', '/imports/{importId}/dry-run', 'imports', 'imports:run'),
  route('GET', '/imports/{importId}/dry-run', 'imports', 'imports:run'),
  route('POST', '/imports/{importId}/run', 'imports', 'imports:run'),
  route('GET', '/exports/patients', 'imports', 'exports:run'),
  route('GET', '/exports/visits', 'imports', 'exports:run'),
];
