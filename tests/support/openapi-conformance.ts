/**
 * Checks a real answer against the OpenAPI document with a JSON Schema validator we did not
 * write (Ajv, draft 2020-12, the dialect of OpenAPI 3.1): the status must be documented for the
 * operation, and a JSON body must validate against that status's schema.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { OpenApiDocument } from '../../shared/openapi.js';

type Response = { $ref?: string; content?: Record<string, { schema?: unknown }> };
type Operation = { responses: Record<string, Response> };

// ajv-formats is CommonJS with a default export: under NodeNext it arrives one level down.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

const pointerEscape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

export type Conformance = (answer: { method: string; path: string; status: number; body: unknown }) => string | undefined;

export const conformanceTo = (document: OpenApiDocument): Conformance => {
  // strict: false because the document is added whole and has OpenAPI keys beside its schemas.
  const ajv = addFormats(new Ajv2020({ strict: false, allErrors: false, validateFormats: true }));
  ajv.addSchema(document as unknown as object, 'openapi');
  const validators = new Map<string, ValidateFunction>();

  const validatorAt = (pointer: string): ValidateFunction => {
    let validate = validators.get(pointer);
    if (!validate) {
      validate = ajv.compile({ $ref: `openapi#${pointer}` });
      validators.set(pointer, validate);
    }
    return validate;
  };

  return ({ method, path, status, body }) => {
    const operation = document.paths[path]?.[method.toLowerCase()] as Operation | undefined;
    if (!operation) return `${method} ${path} is not in the document`;
    const key = [String(status), `${String(status)[0]}XX`, 'default'].find((k) => operation.responses[k]);
    if (!key) return `${method} ${path} answered ${status}, which the document does not list (${Object.keys(operation.responses).join(', ')})`;
    let pointer = `/paths/${pointerEscape(path)}/${method.toLowerCase()}/responses/${key}`;
    let response = operation.responses[key] as Response;
    if (response.$ref) {
      pointer = response.$ref.slice(1);
      response = (document.components.responses?.[pointer.split('/').pop() ?? ''] ?? {}) as Response;
    }
    const json = response.content?.['application/json'];
    if (!json) return typeof body === 'string' || body === undefined ? undefined : `${method} ${path} ${status}: the document promises a file, the answer is JSON`;
    const validate = validatorAt(`${pointer}/content/application~1json/schema`);
    if (validate(body)) return undefined;
    return `${method} ${path} ${status}: ${ajv.errorsText(validate.errors)} in ${JSON.stringify(body).slice(0, 300)}`;
  };
};
