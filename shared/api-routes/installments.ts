import { route, type RouteDefinition } from './route-definition.js';

/** Installment parts at the desk (issue 13): money, so never dentists or marketing. */
export const installmentRoutes: RouteDefinition[] = [
  route('POST', '/patients/{patientId}/visits/{visitId}/installments/{n}/pay', 'visits', 'installments:write'),
  route('GET', '/installments/overdue', 'visits', 'installments:read'),
];
