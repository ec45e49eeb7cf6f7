/**
 * Engagement: complaints, satisfaction surveys, the public intake questionnaire and its leads.
 * The /public routes take no login: their link token names the tenant and carries 128 random bits.
 * They run in the 'public' area's own function (functions/http/public), whose role cannot read
 * or delete what staff see.
 */
import { route, type RouteDefinition } from './route-definition.js';

export const engagementRoutes: RouteDefinition[] = [
  route('GET', '/complaints', 'engagement', 'complaints:read'),
  route('POST', '/complaints', 'engagement', 'complaints:write'),
  route('PATCH', '/complaints/{complaintId}', 'engagement', 'complaints:write'),

  // Sent after a visit, so it is the front desk's (visits:write), not marketing's.
  route('POST', '/patients/{patientId}/surveys', 'engagement', 'visits:write'),
  route('GET', '/surveys', 'engagement', 'surveys:read'),
  // A provider's delivery reports (issue 14): the address's token authenticates the provider.
  route('POST', '/channels/alibaba-sms/receipts/{tenantId}/{token}', 'public', 'public'),
  route('POST', '/channels/tencent-sms/receipts/{tenantId}/{token}', 'public', 'public'),
  // Patients' replies the providers push (SmsUp, Tencent's reply callback), at the same token.
  route('POST', '/channels/alibaba-sms/replies/{tenantId}/{token}', 'public', 'public'),
  route('POST', '/channels/tencent-sms/replies/{tenantId}/{token}', 'public', 'public'),
  // The chain's WeChat Official Account server address: the console's check (GET), then events (POST).
  route('GET', '/channels/wechat/events/{tenantId}/{token}', 'public', 'public'),
  route('POST', '/channels/wechat/events/{tenantId}/{token}', 'public', 'public'),
  route('GET', '/public/surveys/{token}', 'public', 'public'),
  route('POST', '/public/surveys/{token}', 'public', 'public'),

  route('POST', '/intake-links', 'engagement', 'leads:write'),
  route('GET', '/intake-links', 'engagement', 'leads:read'),
  route('GET', '/public/intake/{token}', 'public', 'public'),
  route('POST', '/public/intake/{token}', 'public', 'public'),
  route('GET', '/leads', 'engagement', 'leads:read'),
  route('POST', '/leads/{leadId}/convert', 'engagement', 'leads:write'),

  // Who calls a lead back (seed 000: 预算2万以上 + 关注隐私/技术 go to senior consultants), and each clinic's seniors.
  route('PUT', '/leads/{leadId}/assignee', 'engagement', 'leads:assign'),
  route('GET', '/lead-routing', 'engagement', 'leads:read'),
  route('PUT', '/lead-routing', 'engagement', 'leads:routing'),
];
