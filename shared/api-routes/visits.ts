import { route, type RouteDefinition } from './route-definition.js';

export const visitRoutes: RouteDefinition[] = [
  route('POST', '/patients/{patientId}/visits', 'visits', 'visits:write'),
  route('GET', '/patients/{patientId}/visits', 'visits', 'visits:read'),
  route('GET', '/patients/{patientId}/timeline', 'visits', 'visits:read'),
  route('POST', '/patients/{patientId}/visits/{visitId}/void', 'visits', 'visits:void'),
  // The checkout's price, written nowhere: whoever may check out may preview.
  route('POST', '/patients/{patientId}/visits/preview', 'visits', 'visits:write'),
];
