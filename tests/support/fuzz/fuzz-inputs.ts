/**
 * What the fuzz sends: a route's valid request, changed by a fast-check arbitrary. Valid variants
 * come from the route's JSON Schema in the OpenAPI document; invalid ones from junk values, missing
 * and unknown fields, bad JSON, oversized bodies, and path ids that are garbage, unknown or the
 * other chain's.
 */
import fc from 'fast-check';
import type { JsonSchema } from '../../../shared/openapi.js';

export const mutationKinds = ['valid', 'fresh', 'schema', 'body-junk', 'body-drop', 'body-extra', 'body-foreign-id', 'body-raw', 'body-huge', 'query', 'path-junk', 'path-foreign', 'path-unknown'] as const;
export type MutationKind = (typeof mutationKinds)[number];

const weighted = <T>(entries: [T, number][]) => fc.oneof(...entries.map(([value, weight]) => ({ arbitrary: fc.constant(value), weight })));

export const mutationKind = weighted<MutationKind>([
  ['valid', 14], ['fresh', 4], ['schema', 16], ['body-junk', 10], ['body-drop', 5], ['body-extra', 4], ['body-foreign-id', 8],
  ['body-raw', 4], ['body-huge', 1], ['query', 10], ['path-junk', 8], ['path-foreign', 12], ['path-unknown', 4],
]);

/** Strings an attacker tries first: control and direction characters, lone surrogates, injections, huge numbers. */
const nastyStrings = fc.constantFrom(
  '', ' ', '\u0000', '\u202eevil', '\u200b', '\ud800', '\n\r', '<script>alert(1)</script>', "' OR 1=1 --", '../../etc/passwd', '%00', '%', '%E0%A4%A',
  '-1', '1e309', 'NaN', '9'.repeat(40), '0x10', 'null', 'true', '[]', '{}', '__proto__', 'constructor', '😀'.repeat(30), '长'.repeat(300), 'x'.repeat(5000),
);

export const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  nastyStrings,
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.integer()), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 }),
);

export const rawBodies = fc.oneof(
  fc.constantFrom('', '{', 'null', '[]', '"text"', '42', '{"a":', '\u0000', '{}'.repeat(2), '{"__proto__":{"admin":true}}', '{"a":1,"a":2}'),
  fc.string({ maxLength: 40 }),
);

/** Not '.', '..' or '%2e%2e': the URL parser resolves those before any gateway, so they name another route. */
export const pathJunk = fc.oneof(
  fc.constantFrom('%2F', '%', '%zz', 'null', 'undefined', '0', '-1', 'A'.repeat(201), '01ARZ3NDEKTSV4RRFFQ69G5FA', '%F0%9F%98%80', '%00', '~'),
  fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !/^\.{1,2}$/.test(s)).map(encodeURIComponent),
);

/** Strictly within the schema where it can say so; patterns fast-check cannot read fall back to text. */
export const fromSchema = (schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> => {
  const s = schema as {
    enum?: unknown[]; const?: unknown; anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; type?: string; format?: string; pattern?: string;
    minimum?: number; maximum?: number; minLength?: number; maxLength?: number; items?: JsonSchema; minItems?: number; maxItems?: number;
    properties?: Record<string, JsonSchema>; required?: string[];
  };
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  if ('const' in s) return fc.constant(s.const);
  const options = s.anyOf ?? s.oneOf;
  if (options?.length) return fc.oneof(...options.map((o) => fromSchema(o, depth + 1)));
  if (depth > 4) return fc.constant(null);
  switch (s.type) {
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: Math.max(s.minimum ?? -1000, -(2 ** 31)), max: Math.min(s.maximum ?? 1_000_000, 2 ** 31) });
    case 'number':
      return fc.double({ min: s.minimum ?? -1000, max: s.maximum ?? 1_000_000, noNaN: true });
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(s.items ? fromSchema(s.items, depth + 1) : junkValue, { minLength: s.minItems ?? 0, maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 3, 3)) });
    case 'object': {
      const properties = Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, fromSchema(v, depth + 1)]));
      return fc.record(properties, { requiredKeys: (s.required ?? []).filter((k) => k in properties) });
    }
    case 'string':
      return stringFrom(s);
    default:
      return junkValue;
  }
};

const dayMs = 86_400_000;
const stringFrom = (s: { format?: string; pattern?: string; minLength?: number; maxLength?: number }): fc.Arbitrary<unknown> => {
  const around = fc.integer({ min: -400, max: 400 }).map((days) => new Date(Date.now() + days * dayMs));
  if (s.format === 'date') return around.map((d) => d.toISOString().slice(0, 10));
  if (s.format === 'date-time') return around.map((d) => d.toISOString());
  if (s.pattern && s.pattern.length < 200) {
    try {
      return fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length <= (s.maxLength ?? 200));
    } catch {
      // a pattern fast-check cannot generate from: plain text below
    }
  }
  const minLength = s.minLength ?? 0;
  return fc.string({ minLength, maxLength: Math.max(minLength, Math.min(s.maxLength ?? 30, 40)) });
};
