import { route, type RouteDefinition } from './route-definition.js';

/** Membership plans and memberships (issue 11): plans are the owner's, selling the front desk's, refunds a manager's. */
export const memberRoutes: RouteDefinition[] = [
  route('GET', '/plans', 'members', 'plans:read'),
  route('POST', '/plans', 'members', 'plans:write'),
  route('PUT', '/plans/{planId}', 'members', 'plans:write'),
  route('GET', '/patients/{patientId}/memberships', 'members', 'members:read'),
  route('POST', '/patients/{patientId}/memberships', 'members', 'members:sell'),
  route('GET', '/memberships/{membershipId}', 'members', 'members:read'),
  route('POST', '/memberships/{membershipId}/renewals', 'members', 'members:sell'),
  route('POST', '/memberships/{membershipId}/cancellations', 'members', 'members:refund'),
  // The owner's numbers (item 10): money throughout, so owners and managers only.
  route('GET', '/members/overview', 'members', 'members:numbers'),
  route('GET', '/members/renewals-due', 'members', 'members:numbers'),
  route('GET', '/members/lapsed', 'members', 'members:numbers'),
  route('PUT', '/members/reserve-setting', 'members', 'members:reserve'),
];
