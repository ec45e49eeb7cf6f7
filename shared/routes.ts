/**
 * The route table: the one source of truth for the HTTP API. The CDK stack creates one
 * API Gateway route per entry (with the JWT authorizer unless `auth` is 'public'), and the
 * local gateway serves exactly the same entries. tests/infra asserts the two agree.
 */
import { areaRoutes } from './api-routes/index.js';
import { route, type RouteDefinition } from './api-routes/route-definition.js';

export { httpAreas, route, type HttpArea, type HttpMethod, type RouteDefinition } from './api-routes/route-definition.js';

/** The foundation's routes; each later area keeps its own list in shared/api-routes/<area>.ts. */
const foundationRoutes: RouteDefinition[] = [
  route('GET', '/health', 'system', 'public'),
  route('GET', '/openapi.json', 'system', 'public'),
  route('POST', '/auth/login', 'system', 'public', 'local-only'),
  // The twin's stand-ins for Cognito's TOTP challenge and AssociateSoftwareToken/VerifySoftwareToken.
  route('POST', '/auth/login/totp', 'system', 'public', 'local-only'),
  route('POST', '/auth/totp/associate', 'system', 'public', 'local-only'),
  route('POST', '/auth/totp/verify', 'system', 'public', 'local-only'),
  route('GET', '/me', 'system', 'any-staff'),

  route('GET', '/chain', 'org', 'chain:read'),
  route('PATCH', '/chain', 'org', 'chain:write'),
  route('GET', '/chain/cost', 'org', 'cost:read'),
  route('GET', '/clinics', 'org', 'clinics:read'),
  route('POST', '/clinics', 'org', 'clinics:create'),
  route('GET', '/clinics/{clinicId}', 'org', 'clinics:read'),
  route('PATCH', '/clinics/{clinicId}', 'org', 'clinics:update'),
  route('GET', '/clinics/{clinicId}/dentists', 'org', 'appointments:read'),
  route('GET', '/staff', 'org', 'staff:read'),
  route('POST', '/staff', 'org', 'staff:invite'),
  // The staff screen (issue 13): who may change whom is decided per person (shared/domain/staff-admin.ts).
  route('PATCH', '/staff/{userId}', 'org', 'staff:invite'),
  route('POST', '/staff/{userId}/disable', 'org', 'staff:invite'),
  route('POST', '/staff/{userId}/enable', 'org', 'staff:invite'),
  route('POST', '/staff/{userId}/invitation', 'org', 'staff:invite'),

  route('GET', '/patients', 'patients', 'patients:read'),
  route('POST', '/patients', 'patients', 'patients:write'),
  route('GET', '/patients/{patientId}', 'patients', 'patients:read'),
  route('PATCH', '/patients/{patientId}', 'patients', 'patients:write'),
  // The patient's QR for the chain's WeChat Official Account (scan, follow, linked).
  route('POST', '/patients/{patientId}/wechat-qr', 'patients', 'patients:write'),
  route('GET', '/patients/{patientId}/medical', 'patients', 'medical:read'),
  route('PUT', '/patients/{patientId}/medical', 'patients', 'medical:write'),
  route('GET', '/patients/{patientId}/audit', 'patients', 'audit:read'),
  route('POST', '/patients/{patientId}/merge', 'patients', 'patients:merge'),
  route('PUT', '/patients/{patientId}/family', 'patients', 'families:write'),
  route('GET', '/patients/{patientId}/family', 'patients', 'patients:read'),

  route('GET', '/outbox', 'messages', 'outbox:read'),

  route('GET', '/jobs', 'jobs', 'jobs:run'),
  route('POST', '/jobs/{jobName}/run', 'jobs', 'jobs:run'),
];

export const routes: RouteDefinition[] = [...foundationRoutes, ...areaRoutes];

/** API Gateway's route key, e.g. "GET /patients/{patientId}". */
export const routeKey = (r: Pick<RouteDefinition, 'method' | 'path'>): string => `${r.method} ${r.path}`;

export const cloudRoutes = (): RouteDefinition[] => routes.filter((r) => r.scope === 'cloud-and-local');
