import { route, type RouteDefinition } from './route-definition.js';

export const catalogRoutes: RouteDefinition[] = [
  route('GET', '/procedures', 'catalog', 'catalog:read'),
  route('POST', '/procedures', 'catalog', 'catalog:write'),
  route('PATCH', '/procedures/{procedureId}', 'catalog', 'catalog:write'),
  route('PUT', '/procedures/{procedureId}/prices/{clinicId}', 'catalog', 'catalog:price'),
];
