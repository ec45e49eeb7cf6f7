/** Body and query parsing with the shared zod schemas; every failure names the field. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { z } from 'zod';
import { DomainError, invalidFields, problem, type FieldProblem } from '../../../shared/domain/errors.js';
import { codeOfIssue, paramsOfIssue } from '../../../shared/schemas/error-codes.js';

/** Well under API Gateway's 10 MB: patient records are small, and big bodies are mistakes. */
export const maxJsonBodyBytes = 64 * 1024;

/** Each zod issue as a field problem with its machine code; the dashboard uses the same mapping. */
export const zodProblems = (error: z.ZodError): FieldProblem[] =>
  error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    const params = paramsOfIssue(issue);
    if (issue.code === 'unrecognized_keys') {
      return problem([path, ...issue.keys].filter(Boolean).join('.'), 'is not a field this request accepts', { code: 'field.unknown' });
    }
    const code = codeOfIssue(issue);
    if (issue.code === 'invalid_type' && code === 'required') return problem(path || '(body)', 'is required', { code });
    return problem(path || '(body)', issue.message, { code, ...(params ? { params } : {}) });
  });

const validationError = (problems: FieldProblem[]) => invalidFields(problems);

export const parseWith = <S extends z.ZodType>(schema: S, input: unknown): z.infer<S> => {
  // the input is kept on each issue only to tell a missing field from a wrong type; it is never echoed
  const result = schema.safeParse(input, { reportInput: true });
  if (!result.success) throw validationError(zodProblems(result.error));
  return result.data;
};

/** What a route accepts beyond a plain JSON object: a top-level array (a provider's report batch), a larger body. */
export type JsonBodyOptions = { array?: boolean; maxBytes?: number };

export const jsonBody = <S extends z.ZodType>(event: APIGatewayProxyEventV2, schema: S, options: JsonBodyOptions = {}): z.infer<S> => {
  const maxBytes = options.maxBytes ?? maxJsonBodyBytes;
  const shape = options.array ? 'a JSON array' : 'a JSON object';
  if (!event.body) throw validationError([problem('(body)', `is required: send ${shape}`, { code: 'required' })]);
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (Buffer.byteLength(raw, 'utf8') > maxBytes) {
    throw new DomainError('too-large', `The body is larger than ${maxBytes / 1024} KB`, [problem('(body)', 'is too large', { code: 'body.too_large', params: { maximum: maxBytes } })]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw validationError([problem('(body)', 'is not valid JSON', { code: 'body.invalid_json' })]);
  }
  const fits = options.array ? Array.isArray(parsed) : typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  if (!fits) throw validationError([problem('(body)', `must be ${shape}`, { code: 'body.not_object' })]);
  return parseWith(schema, parsed);
};

/** A body that is not JSON (a WeChat push is XML), as text, bounded; empty when none was sent. */
export const textBody = (event: APIGatewayProxyEventV2, maxBytes: number): string => {
  if (!event.body) return '';
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (Buffer.byteLength(raw, 'utf8') > maxBytes) {
    throw new DomainError('too-large', `The body is larger than ${maxBytes / 1024} KB`, [problem('(body)', 'is too large', { code: 'body.too_large', params: { maximum: maxBytes } })]);
  }
  return raw;
};

export const queryParams = <S extends z.ZodType>(event: APIGatewayProxyEventV2, schema: S): z.infer<S> =>
  parseWith(schema, event.queryStringParameters ?? {});

/** Actions such as check-in take no body; anything sent is a mistake worth saying so. */
export const rejectBody = (event: APIGatewayProxyEventV2): void => {
  const body = event.body?.trim();
  if (body && body !== '{}') throw validationError([problem('(body)', 'must be empty: this action takes no body', { code: 'body.not_empty' })]);
};

/** Ids, codes and link tokens: URL-safe and short enough for a DynamoDB key. */
const pathValue = /^[A-Za-z0-9._~-]{1,200}$/;

export const pathParam = (event: APIGatewayProxyEventV2, name: string): string => {
  const raw = event.pathParameters?.[name];
  if (!raw) throw validationError([problem(name, 'is required in the path', { code: 'required' })]);
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    throw validationError([problem(name, 'is not a valid id (bad %-encoding)', { code: 'path.invalid' })]);
  }
  if (!pathValue.test(value)) throw validationError([problem(name, 'is not a valid id', { code: 'path.invalid' })]);
  return value;
};
