/**
 * Key templates: a key format written once, as data, e.g. `T#{tenantId}#P#{patientId}`.
 * The same string gives the typed builder (`fill`), the literal prefix a `begins_with` query
 * uses (`prefix`), and the shape the collision test reads (`segments`): nobody else writes a
 * `#` format for pk, sk or an index key.
 *
 * A placeholder's value never contains `#` (ids are ULIDs, days and instants are ISO, phones
 * E.164), so `#` splits a key into segments that can be compared one by one. A placeholder
 * marked `{name*}` is free text (a folded name): it may hold anything and so must come last.
 */
import { DomainError } from '../../../../shared/domain/errors.js';

type PlaceholderNames<T extends string> = T extends `${string}{${infer Name}}${infer Rest}`
  ? (Name extends `${infer Free}*` ? Free : Name) | PlaceholderNames<Rest>
  : never;

export type KeyValue = string | number;
/** The values a template needs, by placeholder name. */
export type TemplateValues<T extends string> = { [Name in PlaceholderNames<T>]: KeyValue };

export type TemplatePart = { literal: string } | { placeholder: string; freeText: boolean };

export type KeyTemplate<T extends string> = {
  readonly template: T;
  readonly parts: readonly TemplatePart[];
  /** The whole key; throws when a value is missing or holds the separator. */
  fill(values: TemplateValues<T>): string;
  /**
   * The key up to the first placeholder without a value: what `begins_with` takes to read a
   * range ("every visit" is `VISIT#`, "one visit's care messages" is `CAREMSG#<visitId>#`).
   */
  prefix(values?: Partial<TemplateValues<T>>): string;
};

const placeholderPattern = /\{([a-zA-Z0-9]+)(\*?)\}/g;

const parseTemplate = (template: string): TemplatePart[] => {
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const match of template.matchAll(placeholderPattern)) {
    if (match.index > last) parts.push({ literal: template.slice(last, match.index) });
    parts.push({ placeholder: match[1] ?? '', freeText: match[2] === '*' });
    last = match.index + match[0].length;
  }
  if (last < template.length) parts.push({ literal: template.slice(last) });
  return parts;
};

const valueText = (template: string, part: { placeholder: string; freeText: boolean }, value: KeyValue | undefined): string => {
  if (value === undefined || value === '') throw new Error(`key ${template}: no value for {${part.placeholder}}`);
  const text = String(value);
  // Ids reach keys from requests (a body's clinicId, a query's patientId). No id we issue holds
  // '#', so such a value names nothing: the caller's mistake (400 naming the field), not a crash.
  if (!part.freeText && text.includes('#')) {
    throw new DomainError('invalid', `${part.placeholder}: is not a valid id (it holds '#')`, [{ path: part.placeholder, message: 'is not a valid id', code: 'id.invalid' }]);
  }
  return text;
};

export const keyTemplate = <const T extends string>(template: T): KeyTemplate<T> => {
  const parts = parseTemplate(template);
  const build = (values: Record<string, KeyValue | undefined>, stopAtMissing: boolean): string => {
    let out = '';
    for (const part of parts) {
      if ('literal' in part) {
        out += part.literal;
        continue;
      }
      const value = values[part.placeholder];
      if (stopAtMissing && (value === undefined || value === '')) return out;
      out += valueText(template, part, value);
    }
    return out;
  };
  return {
    template,
    parts,
    fill: (values) => build(values as Record<string, KeyValue>, false),
    prefix: (values = {}) => build(values as Record<string, KeyValue | undefined>, true),
  };
};
