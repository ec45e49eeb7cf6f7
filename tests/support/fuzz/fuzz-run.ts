/**
 * The property-based fuzz: seeded fast-check drives every route of the table, as every role of
 * both chains (and with no token), with valid and invalid inputs, one request at a time, and checks
 * each answer:
 *   - no 5xx;
 *   - every answer (4xx included) validates against the OpenAPI document;
 *   - a refused request (4xx) wrote nothing: a middleware on the twin's DynamoDB client counts
 *     every write that succeeded between the request and its answer (the bus is idle first, and
 *     the twin runs no schedules), which is exact and costs nothing per request;
 *   - no id of the other chain (and not its tenant id) appears in any answer, unless the request
 *     itself carried it.
 */
import fc from 'fast-check';
import { ulid } from 'ulid';
import { roles, type Role } from '../../../shared/domain/access.js';
import type { JsonSchema, OpenApiDocument } from '../../../shared/openapi.js';
import { routeKey, routes, type RouteDefinition } from '../../../shared/routes.js';
import type { Conformance } from '../openapi-conformance.js';
import { fromSchema, junkValue, mutationKind, pathJunk, rawBodies, type MutationKind } from './fuzz-inputs.js';
import { learnIds, type ChainLabel, type FuzzChain, type FuzzWorld } from './fuzz-world.js';

export type FuzzFinding = { route: string; kind: MutationKind; role: Role | 'none'; chain: ChainLabel; status: number; detail: string };
export type FuzzReport = {
  requests: number;
  statuses: Record<string, number>;
  serverErrors: number;
  shapeViolations: number;
  writesOnRejection: number;
  crossTenantLeaks: number;
  /**
   * accepted requests (2xx) that carried an id of the other chain and answer with it: not a leak
   * (the caller sent it), but worth reading: the id should have named nothing here
   */
  foreignIdsAccepted: number;
  /** writes DynamoDB accepted during accepted requests: proves the write counter is wired */
  writesOnSuccess: number;
  /** the first few findings of each kind, to read */
  findings: FuzzFinding[];
};

type Operation = { requestBody?: { content: { 'application/json': { schema: JsonSchema } } }; parameters?: { name: string; in: string; schema: JsonSchema }[] };
type Gen = <T>(arb: fc.Arbitrary<T>) => T;

let writesSeen = 0;
const writeCommands: string[] = [];
let counterInstalled = false;

/** Counts the writes DynamoDB accepted (a refused condition throws and is not counted). */
const installWriteCounter = async () => {
  if (counterInstalled) return;
  counterInstalled = true;
  const { dynamoClient } = await import('../../../functions/adapters/dynamo/client.js');
  dynamoClient.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (/^(Put|Update|Delete|TransactWrite|BatchWrite)/.test(context.commandName ?? '')) {
        writesSeen++;
        writeCommands.push(context.commandName ?? '');
        if (writeCommands.length > 50) writeCommands.shift();
      }
      return result;
    },
    { step: 'initialize', name: 'fuzzWriteCounter' },
  );
};

type Request = { method: string; path: string; token?: string; body?: unknown; rawBody?: string };

const paramPositions = (r: RouteDefinition) => r.path.split('/').flatMap((s, i) => (/^\{\w+\}$/.test(s) ? [{ index: i, name: s.slice(1, -1) }] : []));

const replaceSegment = (path: string, index: number, value: string) => {
  const [pathname = '', query] = path.split('?');
  const segments = pathname.split('/');
  segments[index] = value;
  return segments.join('/') + (query !== undefined ? `?${query}` : '');
};

const foreignIdFor = (other: FuzzChain, name: string, g: Gen): string => {
  const named = other.idsByName.get(name);
  const pool = named?.length ? named : [...other.ids];
  return pool.length ? g(fc.constantFrom(...pool)) : ulid();
};

const asObject = (body: unknown): Record<string, unknown> => (body && typeof body === 'object' && !Array.isArray(body) ? { ...(body as Record<string, unknown>) } : {});

/** Turns the route's valid request into the one this run sends. */
const mutate = (drawn: MutationKind, r: RouteDefinition, base: Request, op: Operation, other: FuzzChain, g: Gen): Request => {
  // fetch sends no body with GET: there the body mutations become query mutations.
  const kind: MutationKind = r.method === 'GET' && drawn.startsWith('body-') ? 'query' : drawn;
  const request: Request = { ...base };
  const body = asObject(base.body);
  const keys = Object.keys(body);
  const pickKey = () => (keys.length ? g(fc.constantFrom(...keys)) : g(fc.constantFrom('name', 'clinicId', 'patientId', 'x')));
  const params = paramPositions(r);
  switch (kind) {
    case 'schema': {
      const schema = op.requestBody?.content['application/json'].schema as { properties?: Record<string, JsonSchema> } | undefined;
      for (const [name, property] of Object.entries(schema?.properties ?? {})) if (g(fc.boolean())) body[name] = g(fromSchema(property));
      if (schema) request.body = body;
      const query = (op.parameters ?? []).filter((p) => p.in === 'query');
      if (query.length) {
        const [pathname = '', search = ''] = request.path.split('?');
        const values = new URLSearchParams(search);
        for (const p of query) if (g(fc.boolean())) values.set(p.name, String(g(fromSchema(p.schema))));
        request.path = `${pathname}?${values.toString()}`;
      }
      return request;
    }
    case 'body-junk':
      return { ...request, body: { ...body, [pickKey()]: g(junkValue) } };
    case 'body-drop': {
      delete body[pickKey()];
      return { ...request, body };
    }
    case 'body-extra':
      return { ...request, body: { ...body, ...g(fc.constantFrom({ tenantId: other.tenantId }, { __proto__x: 1 }, { [g(fc.string({ maxLength: 12 }))]: g(junkValue) })) } };
    case 'body-foreign-id': {
      const idKeys = keys.filter((k) => /Id$/.test(k));
      const key = idKeys.length ? g(fc.constantFrom(...idKeys)) : g(fc.constantFrom('patientId', 'clinicId', 'visitId', 'procedureId', 'sourcePatientId', 'familyId'));
      return { ...request, body: { ...body, [key]: foreignIdFor(other, key === 'sourcePatientId' ? 'patientId' : key, g) } };
    }
    case 'body-raw': {
      const { body: _dropped, ...rest } = request;
      return { ...rest, rawBody: g(rawBodies) };
    }
    case 'body-huge': {
      const { body: _dropped, ...rest } = request;
      return { ...rest, rawBody: JSON.stringify({ ...body, notes: 'x'.repeat(g(fc.integer({ min: 65_000, max: 300_000 }))) }) };
    }
    case 'query': {
      const [pathname = '', search = ''] = request.path.split('?');
      const values = new URLSearchParams(search);
      const names = [...values.keys(), ...(op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name), 'cursor', 'limit', 'clinicId', 'tenantId'];
      values.set(g(fc.constantFrom(...names)), g(fc.oneof(fc.constant(other.tenantId), fc.constant(foreignIdFor(other, 'clinicId', g)), fc.string({ maxLength: 40 }), fc.constantFrom('-1', '0', '1e9', 'x'.repeat(3000)))));
      return { ...request, path: `${pathname}?${values.toString()}` };
    }
    case 'path-junk':
    case 'path-foreign':
    case 'path-unknown': {
      if (!params.length) return request;
      const param = g(fc.constantFrom(...params));
      const value = kind === 'path-junk' ? g(pathJunk) : kind === 'path-foreign' ? foreignIdFor(other, param.name, g) : g(fc.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/));
      return { ...request, path: replaceSegment(request.path, param.index, value) };
    }
    default:
      return request;
  }
};

const idPattern = /[0-9A-HJKMNP-TV-Z]{26}/g;

/** The field name just before an id in JSON text, to read a finding. */
const fieldOf = (text: string, id: string): string => {
  const at = text.indexOf(id);
  return text.slice(Math.max(0, at - 120), at).match(/"(\w+)":\s*\[?"?[^"]*$/)?.[1] ?? '?';
};

/** Ids of the other chain in an answer, other than those the request itself carried. */
const leakedIds = (answerText: string, requestText: string, other: FuzzChain): string[] => {
  const found = new Set([...answerText.matchAll(idPattern)].map((m) => m[0]).filter((id) => other.ids.has(id)));
  for (const token of other.idsByName.get('token') ?? []) if (answerText.includes(token)) found.add(token);
  if (answerText.includes(other.tenantId)) found.add(other.tenantId);
  return [...found].filter((id) => !requestText.includes(id));
};

export const runFuzz = async (world: FuzzWorld, document: OpenApiDocument, conforms: Conformance, options: { seed: number; requests: number }): Promise<FuzzReport> => {
  await installWriteCounter();
  const report: FuzzReport = { requests: 0, statuses: {}, serverErrors: 0, shapeViolations: 0, writesOnRejection: 0, crossTenantLeaks: 0, foreignIdsAccepted: 0, writesOnSuccess: 0, findings: [] };
  const note = (kind: keyof Pick<FuzzReport, 'serverErrors' | 'shapeViolations' | 'writesOnRejection' | 'crossTenantLeaks' | 'foreignIdsAccepted'>, finding: FuzzFinding) => {
    report[kind]++;
    if (report.findings.filter((f) => f.detail.startsWith(kind)).length < 5) report.findings.push({ ...finding, detail: `${kind}: ${finding.detail}` });
  };

  const input = fc.record({
    route: fc.constantFrom(...routes),
    chain: fc.constantFrom<ChainLabel>('A', 'B'),
    role: fc.oneof({ arbitrary: fc.constantFrom(...roles), weight: 12 }, { arbitrary: fc.constant('none' as const), weight: 1 }),
    kind: mutationKind,
    g: fc.gen(),
  });

  await fc.assert(
    fc.asyncProperty(input, async ({ route: r, chain: label, role, kind, g: draw }) => {
      const g: Gen = (arb) => draw(() => arb);
      const key = routeKey(r);
      const chain = world.chains[label];
      const other = world.chains[label === 'A' ? 'B' : 'A'];
      const op = document.paths[r.path]?.[r.method.toLowerCase()] as Operation;
      let template = chain.templates.get(key) ?? world.chains.A.templates.get(key);
      if (kind === 'fresh') template = (await Promise.resolve().then(() => world.samples[key]?.(chain.ctx)).catch(() => undefined)) ?? template;
      if (!template) return true;
      const token = r.auth === 'token' && role !== 'none' ? chain.tokens[role] : undefined;
      const request = mutate(kind, r, { method: r.method, path: template.path, ...(token ? { token } : {}), ...(template.body !== undefined ? { body: template.body } : {}) }, op, other, g);

      await world.twin.bus.idle();
      const writesBefore = writesSeen;
      let status: number;
      let body: unknown;
      try {
        ({ status, body } = await world.twin.api(request.method, request.path, {
          ...(request.token ? { token: request.token } : {}),
          ...(request.rawBody !== undefined ? { rawBody: request.rawBody } : request.body !== undefined ? { body: request.body } : {}),
        }));
      } catch (error) {
        status = 599;
        body = `unreadable answer: ${(error as Error).message}`;
      }
      const writes = writesSeen - writesBefore;
      report.requests++;
      report.statuses[String(status)] = (report.statuses[String(status)] ?? 0) + 1;
      const finding = (detail: string): FuzzFinding => ({ route: key, kind, role, chain: label, status, detail: `${detail} ← ${request.path} ${JSON.stringify(request.body ?? request.rawBody ?? '').slice(0, 200)}` });

      if (status >= 500) note('serverErrors', finding(JSON.stringify(body).slice(0, 300)));
      const shape = conforms({ method: r.method, path: r.path, status, body });
      if (shape) note('shapeViolations', finding(shape));
      if (status < 400) report.writesOnSuccess += writes;
      if (status >= 400 && writes > 0) note('writesOnRejection', finding(`${writes} writes (${writeCommands.slice(-writes).join(', ')})`));
      const answerText = typeof body === 'string' ? body : JSON.stringify(body ?? '');
      const requestText = `${request.path} ${request.rawBody ?? JSON.stringify(request.body ?? '')}`;
      const leaks = leakedIds(answerText, requestText, other);
      if (leaks.length) note('crossTenantLeaks', finding(leaks.map((id) => `${id} at ${fieldOf(answerText, id)}`).join(', ')));
      const echoed = status < 300 ? leakedIds(answerText, '', other) : [];
      if (!leaks.length && echoed.length) note('foreignIdsAccepted', finding(echoed.map((id) => `${id} at ${fieldOf(answerText, id)}`).join(', ')));
      // An id the request carried (an attacker's guess echoed back) is not this chain's to learn.
      else if (status < 300) learnIds(chain, body, (id) => !requestText.includes(id));
      return true;
    }),
    { seed: options.seed, numRuns: options.requests, endOnFailure: true },
  );
  await world.twin.bus.idle();
  return report;
};
