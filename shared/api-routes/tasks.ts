import { route, type RouteDefinition } from './route-definition.js';

export const taskRoutes: RouteDefinition[] = [
  route('GET', '/tasks', 'tasks', 'tasks:read'),
  route('POST', '/tasks', 'tasks', 'tasks:write'),
  route('POST', '/patients/{patientId}/tasks/{taskId}/attempts', 'tasks', 'tasks:write'),
];
