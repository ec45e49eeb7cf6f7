/**
 * Every route's real answers validate against the OpenAPI document the twin serves at
 * /api/openapi.json: the valid sample request of each route as the owner, the same request as
 * every other role (200 or 403), without a token (401) and with an unknown id (404).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles } from '../../shared/domain/access.js';
import type { OpenApiDocument } from '../../shared/openapi.js';
import { routeKey, routes, type RouteDefinition } from '../../shared/routes.js';
import type { Patient } from '../../shared/schemas/patient.js';
import { conformanceTo, type Conformance } from '../support/openapi-conformance.js';
import { foundationSamples } from '../support/route-samples/foundation.js';
import { areaSamples } from '../support/route-samples/index.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let demoPatient: Patient;
let document: OpenApiDocument;
let conforms: Conformance;
const samples = { ...foundationSamples, ...areaSamples };

beforeAll(async () => {
  twin = await startTestTwin();
  const owner = await twin.tokenFor('owner');
  const body = { name: '文档患者', phone: '13911112222', clinicId: twin.demo.jinganId, consents: { healthData: { granted: true, source: 'paper-form' } } };
  demoPatient = (await twin.api<Patient>('POST', '/patients', { token: owner, body })).body;
  const served = await twin.api<OpenApiDocument>('GET', '/openapi.json');
  expect(served.status).toBe(200);
  document = served.body;
  conforms = conformanceTo(document);
});
afterAll(async () => {
  await twin?.bus.idle();
  await twin?.stop();
});

const call = async (route: RouteDefinition, token: string | undefined, rewrite: (path: string) => string = (p) => p) => {
  const sample = samples[routeKey(route)];
  if (!sample) throw new Error(`no sample request for ${routeKey(route)}`);
  const { path, body, rawBody } = await sample({ twin, demoPatient, ownerToken: await twin.tokenFor('owner') });
  const res = await twin.api(route.method, rewrite(path), { ...(token ? { token } : {}), ...(body !== undefined ? { body } : {}), ...(rawBody !== undefined ? { rawBody } : {}) });
  return { method: route.method, path: route.path, status: res.status, body: res.body as unknown };
};

describe('the served document', () => {
  it('is served without a token and describes the whole route table', () => {
    const described = Object.entries(document.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(described.sort()).toEqual(routes.map(routeKey).sort());
  });
});

describe('real answers validate against the document', () => {
  it.each(routes.map((r) => [routeKey(r), r] as const))('%s', async (_key, route) => {
    const problems: string[] = [];
    const check = (answer: Awaited<ReturnType<typeof call>>, expectSuccess = false) => {
      const problem = conforms(answer);
      if (problem) problems.push(problem);
      if (expectSuccess && answer.status >= 300) problems.push(`${routeKey(route)} answered ${answer.status} ${JSON.stringify(answer.body)}`);
    };
    check(await call(route, route.auth === 'token' ? await twin.tokenFor('owner') : undefined), true);
    if (route.auth === 'token') {
      for (const role of roles.filter((r) => r !== 'owner')) check(await call(route, await twin.tokenFor(role)));
      check(await call(route, undefined));
    }
    // An id nobody issued, where the path has one: the documented 404 (or 400 for a bad shape).
    if (/\{\w+\}/.test(route.path)) {
      const token = route.auth === 'token' ? await twin.tokenFor('owner') : undefined;
      const segments = route.path.split('/');
      const last = segments.map((s, i) => (/^\{\w+\}$/.test(s) ? i : -1)).filter((i) => i >= 0).pop() ?? -1;
      check(await call(route, token, (path) => path.split('/').map((s, i) => (i === last ? '01ARZ3NDEKTSV4RRFFQ69G5FAV' : s)).join('/')));
    }
    expect(problems).toEqual([]);
  });
});
