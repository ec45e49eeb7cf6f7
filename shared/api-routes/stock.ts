import { route, type RouteDefinition } from './route-definition.js';

/**
 * Consumables stock (耗材, issue 13): in the visits function, beside the checkout that deducts
 * it. The desk reads and records movements; owners and managers define items and bills of materials.
 */
export const stockRoutes: RouteDefinition[] = [
  route('GET', '/stock/items', 'visits', 'stock:read'),
  route('POST', '/stock/items', 'visits', 'stock:define'),
  route('PATCH', '/stock/items/{itemId}', 'visits', 'stock:define'),
  route('GET', '/stock/boms', 'visits', 'stock:read'),
  route('PUT', '/stock/boms/{procedureId}', 'visits', 'stock:define'),
  route('GET', '/stock/clinics/{clinicId}', 'visits', 'stock:read'),
  route('POST', '/stock/clinics/{clinicId}/movements', 'visits', 'stock:move'),
  route('GET', '/stock/clinics/{clinicId}/movements', 'visits', 'stock:read'),
  route('GET', '/stock/clinics/{clinicId}/loss', 'visits', 'stock:read'),
  route('GET', '/stock/clinics/{clinicId}/purchase-list', 'visits', 'stock:read'),
  route('GET', '/stock/alerts', 'visits', 'stock:read'),
];
