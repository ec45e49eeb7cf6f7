/** Automations: the chain's settings and every send decision per automation and per patient. */
import { route } from './route-definition.js';

export const messageRoutes = [
  // Settings are chain configuration: the org area writes them; the messages area only reads.
  route('GET', '/automations', 'org', 'automations:read'),
  route('PUT', '/automations', 'org', 'automations:write'),
  route('GET', '/messages', 'messages', 'outbox:read'),
  route('GET', '/patients/{patientId}/messages', 'messages', 'outbox:read'),
];
