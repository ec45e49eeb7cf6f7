import { route, type RouteDefinition } from './route-definition.js';

/** Visit packs (次卡, issue 11 item 5): products are the owner's (as plans), selling the front desk's, refunds a manager's. */
export const packRoutes: RouteDefinition[] = [
  route('GET', '/pack-products', 'members', 'plans:read'),
  route('POST', '/pack-products', 'members', 'plans:write'),
  route('PUT', '/pack-products/{productId}', 'members', 'plans:write'),
  route('GET', '/patients/{patientId}/packs', 'members', 'members:read'),
  route('POST', '/patients/{patientId}/packs', 'members', 'members:sell'),
  route('POST', '/packs/{packId}/cancellations', 'members', 'members:refund'),
];
