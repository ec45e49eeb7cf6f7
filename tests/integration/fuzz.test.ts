/**
 * The API attacked by a tool we did not write: seeded, bounded fast-check drives every route
 * with valid and invalid inputs as every role of two chains (tests/support/fuzz). `npm run bench`
 * runs the same fuzz at 20,000 requests (fuzz_requests, fuzz_5xx, fuzz_cross_tenant_leaks).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../shared/openapi.js';
import { conformanceTo } from '../support/openapi-conformance.js';
import { runFuzz, type FuzzReport } from '../support/fuzz/fuzz-run.js';
import { prepareFuzzWorld, type FuzzWorld } from '../support/fuzz/fuzz-world.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let world: FuzzWorld;
let report: FuzzReport;

beforeAll(async () => {
  twin = await startTestTwin();
  world = await prepareFuzzWorld(twin);
  const document = buildOpenApiDocument();
  report = await runFuzz(world, document, conformanceTo(document), { seed: 20_260_510, requests: Number(process.env.FUZZ_REQUESTS ?? 1500) });
}, 240_000);
afterAll(async () => {
  await twin?.bus.idle();
  await twin?.stop();
});

describe('fuzz: every route, both chains, every role', () => {
  it('sent its requests, with valid ones on both chains, and its probes are wired', () => {
    expect(report.requests).toBeGreaterThanOrEqual(1000);
    expect(world.chains.B.templates.size).toBeGreaterThan(world.chains.A.templates.size * 0.8);
    const statuses = JSON.stringify(report.statuses);
    for (const status of ['200', '201', '400', '401', '403', '404']) expect(report.statuses[status] ?? 0, statuses).toBeGreaterThan(0);
    // the write counter sees writes, and each chain has ids the other's answers are searched for
    expect(report.writesOnSuccess).toBeGreaterThan(0);
    expect(world.chains.A.ids.size).toBeGreaterThan(20);
    expect(world.chains.B.ids.size).toBeGreaterThan(20);
  });
  it('answers no 5xx', () => expect(report.findings.filter((f) => f.detail.startsWith('serverErrors'))).toEqual([]));
  it('answers every status in the documented shape', () => expect(report.findings.filter((f) => f.detail.startsWith('shapeViolations'))).toEqual([]));
  it('writes nothing for a refused request', () => expect(report.findings.filter((f) => f.detail.startsWith('writesOnRejection'))).toEqual([]));
  it('never returns an object of the other chain', () => expect(report.findings.filter((f) => f.detail.startsWith('crossTenantLeaks'))).toEqual([]));
});

describe('what the fuzz found, fixed at the source', () => {
  it('an id holding "#" in a body or query answers 400 naming the field, not 500', async () => {
    const owner = await twin.tokenFor('owner');
    const upload = await twin.api<{ error: { fields: { path: string }[] } }>('POST', '/imports', {
      token: owner,
      body: { fileName: 'a.csv', clinicId: 'x#y', contentBase64: Buffer.from('姓名,手机\n张三,13800000000\n').toString('base64') },
    });
    expect(upload.status).toBe(400);
    expect(upload.body.error.fields.map((f) => f.path)).toContain('clinicId');
    const patient = await twin.api('POST', '/patients', { token: owner, body: { name: '井号', phone: '13800000001', clinicId: 'C#1' } });
    expect(patient.status).toBe(400);
    expect((await twin.api('GET', '/patients?clinicId=C%231', { token: owner })).status).toBe(400);
  });

  it('PATCH /chain with an empty change answers 400, not 500', async () => {
    const owner = await twin.tokenFor('owner');
    const { version } = (await twin.api<{ version: number }>('GET', '/chain', { token: owner })).body;
    const res = await twin.api<{ error: { code: string; fields: { path: string; message: string }[] } }>('PATCH', '/chain', { token: owner, body: { version } });
    expect(res.status).toBe(400);
    expect(res.body.error.fields[0]?.message).toMatch(/^must change at least one field/);
  });
});
