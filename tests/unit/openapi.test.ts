/**
 * The OpenAPI document: generated from the route table and the zod schemas, and linted by a tool
 * we did not write (Redocly CLI, its strictest shipped ruleset, no rule disabled).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { routeIo } from '../../shared/api-routes/route-io.js';
import { buildOpenApiDocument } from '../../shared/openapi.js';
import { routeKey, routes } from '../../shared/routes.js';

type Operation = { security: unknown[]; responses: Record<string, unknown>; requestBody?: unknown; parameters?: { name: string; in: string }[] };
const document = buildOpenApiDocument();
const operationOf = (method: string, path: string) => document.paths[path]?.[method.toLowerCase()] as Operation | undefined;

describe('the OpenAPI document', () => {
  it('describes every route of the table, and nothing else', () => {
    expect(Object.keys(routeIo).sort()).toEqual(routes.map(routeKey).sort());
    const described = Object.entries(document.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(described.sort()).toEqual(routes.map(routeKey).sort());
  });

  it('asks a bearer JWT on private routes and nothing on public ones', () => {
    expect(document.components.securitySchemes).toEqual({ bearer: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }) });
    for (const r of routes) {
      const op = operationOf(r.method, r.path);
      expect(op?.security, routeKey(r)).toEqual(r.auth === 'public' ? [] : [{ bearer: [] }]);
      if (r.path.startsWith('/public/')) expect(op?.security, routeKey(r)).toEqual([]);
      if (r.auth === 'token') expect(op?.responses, routeKey(r)).toHaveProperty('401');
    }
  });

  it('documents the error shape: every field error names its stable code', () => {
    const error = document.components.schemas?.Error as { properties: { error: { properties: { fields: { items: { required: string[]; properties: object } } } } } };
    const field = error.properties.error.properties.fields.items;
    expect(field.required.sort()).toEqual(['code', 'message', 'path']);
    expect(field.properties).toHaveProperty('code');
    for (const r of routes) expect(operationOf(r.method, r.path)?.responses['400'], routeKey(r)).toEqual({ $ref: '#/components/responses/Error' });
  });

  it('takes its request bodies and queries from the schemas the handlers parse with', () => {
    const create = operationOf('POST', '/patients') as { requestBody: { content: { 'application/json': { schema: { required: string[]; additionalProperties: boolean } } } } };
    expect(create.requestBody.content['application/json'].schema.required.sort()).toEqual(['clinicId', 'name', 'phone']);
    expect(create.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
    expect(operationOf('GET', '/patients')?.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual(['query:clinicId', 'query:q', 'query:limit', 'query:cursor', 'query:tag', 'query:segmentId']);
    expect(operationOf('POST', '/jobs/{jobName}/run')?.parameters?.[0]).toMatchObject({ in: 'path', name: 'jobName', schema: { enum: expect.arrayContaining(['patient-counts']) } });
  });

  it('passes Redocly CLI lint with the recommended-strict ruleset (warnings are errors)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'openapi-lint-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, JSON.stringify(document));
      const cli = resolve('node_modules/@redocly/cli/bin/cli.js');
      // Offline and quiet: no telemetry, no update check (the linter itself needs no network).
      const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', CI: 'true' };
      const run = await promisify(execFile)(process.execPath, [cli, 'lint', file, '--extends=recommended-strict', '--format=json'], { cwd: dir, env, maxBuffer: 16 * 1024 * 1024 }).catch(
        (error: { stdout?: string; stderr?: string; code?: number }) => ({ stdout: error.stdout ?? '', stderr: `${error.stderr ?? ''} exit ${error.code}` }),
      );
      const report = JSON.parse(run.stdout) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; message: string }[] };
      expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
      expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
