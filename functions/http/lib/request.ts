/** Body and query parsing with the shared zod schemas; every failure names the field. */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { z } from 'zod';
import { DomainError, type FieldProblem } from '../../../shared/domain/errors.js';

/** Well under API Gateway's 10 MB: patient records are small, and big bodies are mistakes. */
export const maxJsonBodyBytes = 64 * 1024;

const zodProblems = (error: z.ZodError): FieldProblem[] =>
  error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return { path: [path, ...issue.keys].filter(Boolean).join('.'), message: 'is not a field this request accepts' };
    }
    if (issue.code === 'invalid_type' && issue.input === undefined) return { path: path || '(body)', message: 'is required' };
    return { path: path || '(body)', message: issue.message };
  });

const validationError = (problems: FieldProblem[]) =>
  new DomainError('invalid', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);

export const parseWith = <S extends z.ZodType>(schema: S, input: unknown): z.infer<S> => {
  const result = schema.safeParse(input);
  if (!result.success) throw validationError(zodProblems(result.error));
  return result.data;
};

export const jsonBody = <S extends z.ZodType>(event: APIGatewayProxyEventV2, schema: S): z.infer<S> => {
  if (!event.body) throw validationError([{ path: '(body)', message: 'is required: send a JSON object' }]);
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (Buffer.byteLength(raw, 'utf8') > maxJsonBodyBytes) {
    throw new DomainError('too-large', `The body is larger than ${maxJsonBodyBytes / 1024} KB`, [{ path: '(body)', message: 'is too large' }]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw validationError([{ path: '(body)', message: 'is not valid JSON' }]);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw validationError([{ path: '(body)', message: 'must be a JSON object' }]);
  }
  return parseWith(schema, parsed);
};

export const queryParams = <S extends z.ZodType>(event: APIGatewayProxyEventV2, schema: S): z.infer<S> =>
  parseWith(schema, event.queryStringParameters ?? {});

/** Actions such as check-in take no body; anything sent is a mistake worth saying so. */
export const rejectBody = (event: APIGatewayProxyEventV2): void => {
  const body = event.body?.trim();
  if (body && body !== '{}') throw validationError([{ path: '(body)', message: 'must be empty: this action takes no body' }]);
};

/** Ids, codes and link tokens: URL-safe and short enough for a DynamoDB key. */
const pathValue = /^[A-Za-z0-9._~-]{1,200}$/;

export const pathParam = (event: APIGatewayProxyEventV2, name: string): string => {
  const raw = event.pathParameters?.[name];
  if (!raw) throw validationError([{ path: name, message: 'is required in the path' }]);
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    throw validationError([{ path: name, message: 'is not a valid id (bad %-encoding)' }]);
  }
  if (!pathValue.test(value)) throw validationError([{ path: name, message: 'is not a valid id' }]);
  return value;
};
