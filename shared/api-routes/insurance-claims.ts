import { route, type RouteDefinition } from './route-definition.js';

/** Commercial-insurance claims (issue 13, seed 000 策略三): money, so the desk, managers and owners. */
export const insuranceClaimRoutes: RouteDefinition[] = [
  route('POST', '/patients/{patientId}/insurance-claims', 'visits', 'claims:write'),
  route('GET', '/patients/{patientId}/insurance-claims', 'visits', 'claims:read'),
  route('PATCH', '/patients/{patientId}/insurance-claims/{claimId}', 'visits', 'claims:write'),
  route('GET', '/insurance-claims/open', 'visits', 'claims:read'),
];
