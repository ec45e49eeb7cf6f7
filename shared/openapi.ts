/**
 * The OpenAPI 3.1 document of the HTTP API, generated from the route table (shared/routes.ts)
 * and the zod schemas the handlers parse with (shared/api-routes/route-io.ts), through zod's
 * own JSON Schema output. Served at GET /api/openapi.json; linted in tests/unit/openapi.test.ts.
 * Pure: no AWS, no I/O, so the dashboard, the tests and the system function build the same one.
 */
import * as z from 'zod';
import { routeIo, type RouteIo } from './api-routes/route-io.js';
import { routeKey, routes, type RouteDefinition } from './routes.js';
import { apiErrorBodySchema, gatewayMessageSchema } from './schemas/api-responses.js';
import { pathValuePattern } from './schemas/common.js';

export type JsonSchema = Record<string, unknown>;
export type OpenApiDocument = {
  openapi: '3.1.0';
  info: Record<string, unknown>;
  servers: { url: string; description: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
};

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const errorRef = { $ref: '#/components/responses/Error' };
const unauthorizedRef = { $ref: '#/components/responses/Unauthorized' };

/** JSON Schema 2020-12 (OpenAPI 3.1's dialect), without the `$schema` line each document may not repeat. */
export const jsonSchemaOf = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  // Refinements and transforms cannot be said in JSON Schema; 'any' keeps what can.
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchema;
  return rest;
};

const tagDescriptions: Record<string, string> = {
  system: 'Health, the signed-in user and this document',
  org: 'The chain, its clinics, staff and automation settings',
  patients: 'Patient records, medical records, families and the audit trail',
  messages: 'The send ledger, the outbox and SMS replies',
  jobs: 'Scheduled jobs and "run now"',
  catalog: 'Procedures, prices, care pathways and recall rules',
  engagement: 'Complaints, surveys, intake links and leads',
  appointments: 'Booking, rescheduling, cancelling, check-in',
  visits: 'Checkout, visits, voids and the timeline',
  imports: 'Spreadsheet imports and .xlsx exports',
  tasks: 'Call tasks and their attempts',
  kpi: 'The owner\'s figures',
  public: 'Links patients open without a login (intake form, survey)',
};

const operationId = (r: RouteDefinition): string =>
  [r.method.toLowerCase(), ...r.path.split('/').filter(Boolean).map((s) => s.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase()))]
    .map((s, i) => (i === 0 ? s : s.charAt(0).toUpperCase() + s.slice(1)))
    .join('');

const pathParameters = (r: RouteDefinition, io: RouteIo) =>
  [...r.path.matchAll(/\{(\w+)\}/g)].map(([, name = '']) => ({
    name,
    in: 'path',
    required: true,
    schema: io.pathParams?.[name] ? jsonSchemaOf(io.pathParams[name], 'input') : { type: 'string', pattern: pathValuePattern.source },
  }));

const queryParameters = (io: RouteIo) => {
  if (!io.query) return [];
  const schema = jsonSchemaOf(io.query, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: schema.required?.includes(name) ?? false,
    schema: property,
  }));
};

const successResponses = (io: RouteIo) =>
  Object.fromEntries(
    io.answers.map((a) => [
      String(a.status),
      {
        description: a.description ?? (io.file ? 'An .xlsx file' : 'Success'),
        content: io.file ? { [xlsxType]: { schema: { type: 'string', contentMediaType: xlsxType } } } : { 'application/json': { schema: jsonSchemaOf(a.body, 'output') } },
      },
    ]),
  );

/** The error statuses a route can answer, each in the documented shape. */
export const errorStatuses = (r: RouteDefinition, io: RouteIo): number[] => {
  const statuses = new Set([400, 404, 429, ...(io.extraErrors ?? [])]);
  if (r.auth === 'token') [401, 403].forEach((s) => statuses.add(s));
  if (r.method !== 'GET') [409, 413].forEach((s) => statuses.add(s));
  return [...statuses].sort((a, b) => a - b);
};

const operation = (r: RouteDefinition, io: RouteIo) => ({
  operationId: operationId(r),
  summary: routeKey(r),
  description: [
    r.auth === 'public' ? 'No login.' : r.permission ? `Needs the permission \`${r.permission}\`.` : 'Any signed-in staff member.',
    r.scope === 'local-only' ? 'Only in the local twin.' : '',
  ].filter(Boolean).join(' '),
  tags: [r.area],
  security: r.auth === 'public' ? [] : [{ bearer: [] }],
  ...(pathParameters(r, io).length + queryParameters(io).length ? { parameters: [...pathParameters(r, io), ...queryParameters(io)] } : {}),
  ...(io.body ? { requestBody: { required: io.bodyRequired ?? true, content: { 'application/json': { schema: jsonSchemaOf(io.body, 'input') } } } } : {}),
  responses: {
    ...successResponses(io),
    ...Object.fromEntries(errorStatuses(r, io).map((s) => [String(s), s === 401 ? unauthorizedRef : errorRef])),
    '5XX': errorRef,
  },
});

export const ioOf = (r: RouteDefinition): RouteIo => {
  const io = routeIo[routeKey(r)];
  if (!io) throw new Error(`${routeKey(r)} has no entry in shared/api-routes/route-io.ts`);
  return io;
};

export const buildOpenApiDocument = (): OpenApiDocument => {
  const paths: OpenApiDocument['paths'] = {};
  for (const r of routes) paths[r.path] = { ...paths[r.path], [r.method.toLowerCase()]: operation(r, ioOf(r)) };
  const areas = [...new Set(routes.map((r) => r.area))];
  return {
    openapi: '3.1.0',
    info: {
      title: 'Smileloop API',
      version: '1',
      description: 'Patient retention for dental clinic chains. Every error answers `{"error":{"code","message","fields"}}`; the tenant always comes from the token.',
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [{ url: '/api', description: 'The API behind the dashboard (the local twin serves it at the same path)' }],
    tags: areas.map((name) => ({ name, description: tagDescriptions[name] ?? name })),
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A Cognito (or the local issuer\'s) ID token' } },
      schemas: { Error: jsonSchemaOf(apiErrorBodySchema, 'output'), GatewayMessage: jsonSchemaOf(gatewayMessageSchema, 'output') },
      responses: {
        Error: { description: 'The documented error shape', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        Unauthorized: {
          description: 'No valid token: the gateway\'s own answer, or the documented error shape when a handler refuses the caller',
          content: { 'application/json': { schema: { anyOf: [{ $ref: '#/components/schemas/Error' }, { $ref: '#/components/schemas/GatewayMessage' }] } } },
        },
      },
    },
  };
};
