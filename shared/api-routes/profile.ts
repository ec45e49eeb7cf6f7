import { route, type RouteDefinition } from './route-definition.js';

/**
 * The profile's clinical side (issue 13). The allergy alert answers only whether an allergy is on
 * record, so the desk can be warned at booking and checkout without reading the medical record.
 */
export const profileRoutes: RouteDefinition[] = [
  route('GET', '/patients/{patientId}/allergy-alert', 'patients', 'medical:alert'),
  // A visit's treatment notes: clinical roles only, every read audited.
  route('GET', '/patients/{patientId}/visits/{visitId}/notes', 'patients', 'medical:read'),
  route('PUT', '/patients/{patientId}/visits/{visitId}/notes', 'patients', 'medical:write'),
];
