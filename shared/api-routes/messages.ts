/** Automations: the chain's settings and every send decision per automation and per patient. */
import { route } from './route-definition.js';

export const messageRoutes = [
  // Settings are chain configuration: the org area writes them; the messages area only reads.
  route('GET', '/automations', 'org', 'automations:read'),
  route('PUT', '/automations', 'org', 'automations:write'),
  // Channel settings name the chain's provider accounts: the owner's alone (secrets never leave).
  route('GET', '/channel-settings', 'org', 'automations:write'),
  route('PUT', '/channel-settings', 'org', 'automations:write'),
  // The twin's demo accounts at its provider fakes: "Alibaba Cloud SMS + WeChat" in one step.
  route('POST', '/dev/channel-preset', 'org', 'automations:write', 'local-only'),
  route('GET', '/messages', 'messages', 'outbox:read'),
  route('GET', '/patients/{patientId}/messages', 'messages', 'outbox:read'),
  // SMS replies from numbers no patient has: the front desk's to sort out (patients' replies become tasks).
  route('GET', '/sms-replies/unmatched', 'messages', 'tasks:read'),
  // The twin's stand-in for a patient's phone: the reply goes through the inbound-SMS subscriber.
  route('POST', '/dev/sms-replies', 'messages', 'patients:write', 'local-only'),
  // Sorting an unmatched reply out writes (a task, the reply removed): the tasks area's function, which writes tasks.
  route('POST', '/sms-replies/unmatched/{replyId}/assign', 'tasks', 'tasks:write'),
  route('POST', '/sms-replies/unmatched/{replyId}/dismiss', 'tasks', 'tasks:write'),
];
