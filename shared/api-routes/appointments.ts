import { route, type RouteDefinition } from './route-definition.js';

export const appointmentRoutes: RouteDefinition[] = [
  route('GET', '/appointments', 'appointments', 'appointments:read'),
  route('POST', '/appointments', 'appointments', 'appointments:write'),
  route('GET', '/patients/{patientId}/appointments', 'appointments', 'appointments:read'),
  route('POST', '/patients/{patientId}/appointments/{appointmentId}/reschedule', 'appointments', 'appointments:write'),
  route('POST', '/patients/{patientId}/appointments/{appointmentId}/cancel', 'appointments', 'appointments:write'),
  route('POST', '/patients/{patientId}/appointments/{appointmentId}/check-in', 'appointments', 'appointments:write'),
  route('POST', '/patients/{patientId}/appointments/{appointmentId}/no-show', 'appointments', 'appointments:write'),
];
