/**
 * Errors a program can read (issue 10, items 2, 6e and 6g): every 4xx, from a handler or from the
 * gateway itself, answers `{"error":{"code","message","fields"}}`, and every field names a stable
 * code; text that reaches an SMS or a screen refuses invisible characters by field and code.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../shared/schemas/common.js';
import { apiErrorCodes, isFieldErrorCode } from '../../shared/schemas/error-codes.js';
import { startTestTwin, type TestTwin } from '../support/test-twin.js';

let twin: TestTwin;
let owner: string;

beforeAll(async () => {
  twin = await startTestTwin();
  owner = await twin.tokenFor('owner');
});
afterAll(async () => twin?.stop());

/** The documented shape, with a known code on the error and on every field. */
const expectDocumentedShape = (body: unknown): ApiErrorBody => {
  const error = (body as ApiErrorBody).error;
  expect(error, JSON.stringify(body)).toBeDefined();
  expect(apiErrorCodes).toContain(error.code);
  expect(typeof error.message).toBe('string');
  for (const field of error.fields ?? []) {
    expect(typeof field.path).toBe('string');
    expect(typeof field.message).toBe('string');
    expect(isFieldErrorCode(field.code), `${field.path}: ${field.code}`).toBe(true);
  }
  return body as ApiErrorBody;
};

const fieldCodes = (body: unknown): Array<[string, string]> => (expectDocumentedShape(body).error.fields ?? []).map((f) => [f.path, f.code]);

const newPatient = (overrides: Record<string, unknown> = {}) => ({
  name: '错误码',
  phone: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
  clinicId: twin.demo.jinganId,
  ...overrides,
});

describe('field errors carry a machine code on every route', () => {
  it('a patient with a bad phone, an unknown gender and an unknown field', async () => {
    const res = await twin.api('POST', '/patients', { token: owner, body: newPatient({ phone: '138-0013-800a', gender: 'x', shoeSize: 42 }) });
    expect(res.status).toBe(400);
    expect(fieldCodes(res.body)).toEqual(expect.arrayContaining([['phone', 'phone.chars'], ['gender', 'enum.invalid'], ['shoeSize', 'field.unknown']]));
  });

  it('a missing name is required, a birth date out of range is date.range', async () => {
    const { name: _name, ...withoutName } = newPatient();
    expect(fieldCodes((await twin.api('POST', '/patients', { token: owner, body: withoutName })).body)).toEqual([['name', 'required']]);
    expect(fieldCodes((await twin.api('POST', '/patients', { token: owner, body: newPatient({ birthDate: '1800-01-01' }) })).body)).toEqual([['birthDate', 'date.range']]);
  });

  it('a checkout with a negative discount, a bad tooth and a fraction of a fen', async () => {
    const patient = (await twin.api<{ patientId: string }>('POST', '/patients', { token: owner, body: newPatient() })).body;
    const procedures = (await twin.api<{ items: Array<{ procedureId: string }> }>('GET', '/procedures', { token: owner })).body.items;
    const res = await twin.api('POST', `/patients/${patient.patientId}/visits`, {
      token: owner,
      body: { clinicId: twin.demo.jinganId, dentistId: twin.demo.dentistId, discountFen: -1, lines: [{ procedureId: procedures[0]?.procedureId, teeth: ['99'] }], payments: [{ method: 'cash', amountFen: 0.5 }] },
    });
    expect(res.status).toBe(400);
    expect(fieldCodes(res.body)).toEqual(expect.arrayContaining([['discountFen', 'money.negative'], ['lines.0.teeth.0', 'tooth.invalid'], ['payments.0.amountFen', 'money.fraction']]));
  });

  it('an appointment in the past is date.past (a domain problem, not zod)', async () => {
    const patient = (await twin.api<{ patientId: string }>('POST', '/patients', { token: owner, body: newPatient() })).body;
    const res = await twin.api('POST', '/appointments', {
      token: owner,
      body: { patientId: patient.patientId, clinicId: twin.demo.jinganId, dentistId: twin.demo.dentistId, chair: '1号椅', startAt: '2020-01-06T09:00:00+08:00', durationMinutes: 30 },
    });
    expect(res.status).toBe(400);
    expect(fieldCodes(res.body)).toEqual([['startAt', 'date.past']]);
  });

  it('a body that is not JSON, and a body where none is taken', async () => {
    const res = await twin.api('POST', '/patients', { token: owner, rawBody: '{not json' });
    expect(res.status).toBe(400);
    expect(fieldCodes(res.body)).toEqual([['(body)', 'body.invalid_json']]);
  });
});

describe('text that reaches an SMS or a screen refuses invisible characters (text.control_chars)', () => {
  const cases: Array<[string, string, string, () => Record<string, unknown>, string]> = [
    ['a patient name with a bidirectional override', 'POST', '/patients', () => newPatient({ name: '张\u202E伟' }), 'name'],
    ['a patient name with a zero-width space', 'POST', '/patients', () => newPatient({ name: '张\u200B伟' }), 'name'],
    ['patient notes with a NUL', 'POST', '/patients', () => newPatient({ notes: '备注\u0000' }), 'notes'],
    ['a tag with a lone surrogate', 'POST', '/patients', () => newPatient({ tags: ['VIP\uD800'] }), 'tags.0'],
    ['the SMS signature with an isolate', 'PATCH', '/chain', () => ({ brand: '微笑\u2066' }), 'brand'],
    ['the chain name with a newline', 'PATCH', '/chain', () => ({ name: '连锁\n口腔' }), 'name'],
    ['a clinic name with a BOM', 'POST', '/clinics', () => ({ name: '新\uFEFF店' }), 'name'],
    ['a procedure name with a zero-width joiner', 'POST', '/procedures', () => ({ code: 'zwj-test', nameZh: '洁\u200D牙', nameEn: 'Cleaning', category: 'preventive', priceFen: 100 }), 'nameZh'],
    ['an import file name with an override', 'POST', '/imports', () => ({ fileName: 'gpj.\u202Exlsx', clinicId: twin.demo.jinganId, contentBase64: 'YQ==' }), 'fileName'],
  ];

  it.each(cases)('%s → 400 naming the field', async (_what, method, path, body, field) => {
    const res = await twin.api(method, path, { token: owner, body: body() });
    expect(res.status).toBe(400);
    expect(fieldCodes(res.body)).toContainEqual([field, 'text.control_chars']);
  });

  it('names are stored NFC-normalised, and notes keep their newlines', async () => {
    const res = await twin.api<{ name: string; notes: string }>('POST', '/patients', { token: owner, body: newPatient({ name: 'Jose\u0301', notes: '第一行\r\n第二行' }) });
    expect(res.status).toBe(201);
    expect(res.body.name).toBe('Jos\u00e9');
    expect(res.body.notes).toBe('第一行\n第二行');
  });
});

/** A raw request, for what fetch would refuse to send (huge headers). */
const raw = (options: { method: string; path: string; headers?: Record<string, string> }): Promise<{ status: number; body: unknown }> =>
  new Promise((done, fail) => {
    const url = new URL(twin.url);
    const req = request({ host: url.hostname, port: url.port, method: options.method, path: options.path, headers: options.headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => done({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', fail);
    req.end();
  });

describe("the gateway's own answers have the documented shape", () => {
  it('404 for an unknown route', async () => {
    const res = await twin.api('GET', '/no-such-route', { token: owner });
    expect(res.status).toBe(404);
    expect(expectDocumentedShape(res.body).error.code).toBe('not_found');
  });

  it('405 for a known path under another method', async () => {
    const res = await twin.api('DELETE', '/chain', { token: owner });
    expect(res.status).toBe(405);
    expect(expectDocumentedShape(res.body).error.code).toBe('method_not_allowed');
  });

  it('401 without a token', async () => {
    const res = await twin.api('GET', '/chain');
    expect(res.status).toBe(401);
    expect(expectDocumentedShape(res.body).error.code).toBe('unauthenticated');
  });

  it('413 for a body over the gateway limit', async () => {
    const res = await twin.api('POST', '/patients', { token: owner, rawBody: JSON.stringify({ name: 'x'.repeat(11 * 1024 * 1024) }) });
    expect(res.status).toBe(413);
    expect(fieldCodes(res.body)).toEqual([['(body)', 'body.too_large']]);
  });

  it('414 for a query string longer than API Gateway takes, with a body', async () => {
    const res = await twin.api('GET', `/patients?q=${'a'.repeat(12 * 1024)}`, { token: owner });
    expect(res.status).toBe(414);
    expect(fieldCodes(res.body)).toEqual([['(query)', 'too_long']]);
  });

  it('431 for headers over the server limit, with a body (Node alone sends none)', async () => {
    const res = await raw({ method: 'GET', path: '/api/chain', headers: { authorization: `Bearer ${owner}`, 'x-padding': 'p'.repeat(20 * 1024) } });
    expect(res.status).toBe(431);
    expect(expectDocumentedShape(res.body).error.code).toBe('uri_too_long');
  });
});
