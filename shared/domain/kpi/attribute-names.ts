/**
 * Counter names → DynamoDB attribute names, and an `ADD` update for a delta. Pure data: the
 * adapter passes the result to UpdateCommand; nothing here imports the SDK.
 *
 * Encoding (bijective, so readers turn attributes back into counter names):
 * - prefix `c__` keeps counters apart from key and bookkeeping attributes (pk, sk, tenantId…);
 * - segments are joined by `__`;
 * - inside a segment [A-Za-z0-9] stay; any other character becomes `_` + 2 hex digits (code
 *   point ≤ 0xff) or `_u` + 6 hex digits. `_` is always followed by a hex digit or `u`, so `__`
 *   can only be a separator.
 *   `revenueFen.method.walk-in` → `c__revenueFen__method__walk_2din`.
 * Names are bounded because segments are (counters.ts `segment`): at most ~64 × 9 characters each.
 */
import type { Counters } from './counters.js';

const prefix = 'c__';

const encodeSegment = (text: string): string => {
  let out = '';
  for (const char of text) {
    if (/^[A-Za-z0-9]$/.test(char)) out += char;
    else {
      const code = char.codePointAt(0) ?? 0;
      out += code <= 0xff ? `_${code.toString(16).padStart(2, '0')}` : `_u${code.toString(16).padStart(6, '0')}`;
    }
  }
  return out;
};

const decodeSegment = (text: string): string | undefined => {
  let out = '';
  for (let i = 0; i < text.length; ) {
    const char = text[i] ?? '';
    if (char !== '_') {
      out += char;
      i += 1;
      continue;
    }
    const wide = text[i + 1] === 'u';
    const hex = wide ? text.slice(i + 2, i + 8) : text.slice(i + 1, i + 3);
    if (!/^[0-9a-f]+$/.test(hex) || hex.length !== (wide ? 6 : 2)) return undefined;
    out += String.fromCodePoint(parseInt(hex, 16));
    i += wide ? 8 : 3;
  }
  return out;
};

/** Only [A-Za-z0-9_] in the result; deterministic. */
export const toAttributeName = (counterName: string): string => prefix + counterName.split('.').map(encodeSegment).join('__');

/** The counter name of an attribute, or undefined for attributes that are not counters. */
export const fromAttributeName = (attribute: string): string | undefined => {
  if (!attribute.startsWith(prefix)) return undefined;
  const parts = attribute.slice(prefix.length).split('__').map(decodeSegment);
  if (parts.some((p) => p === undefined || p === '')) return undefined;
  return parts.join('.');
};

/** The counters of a stored rollup item (other attributes ignored). */
export const countersFromItem = (item: Readonly<Record<string, unknown>>): Counters => {
  const out: Record<string, number> = {};
  for (const [attribute, value] of Object.entries(item)) {
    const name = fromAttributeName(attribute);
    if (name !== undefined && typeof value === 'number' && value !== 0) out[name] = value;
  }
  return out;
};

export type AddUpdate = {
  UpdateExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, number>;
};

/**
 * `ADD #c0 :c0, #c1 :c1 …` for a delta (DocumentClient value form). Placeholders, not the names
 * themselves, go in the expression, so reserved words never matter. Undefined for an empty delta:
 * nothing to write. Keep deltas small: an update expression is limited to 4 KB (a visit delta
 * has under 20 counters, ~250 bytes).
 */
export const toAddUpdate = (delta: Counters): AddUpdate | undefined => {
  const entries = Object.entries(delta).filter(([, v]) => v !== 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return undefined;
  const names: Record<string, string> = {};
  const values: Record<string, number> = {};
  const clauses = entries.map(([name, value], i) => {
    names[`#c${i}`] = toAttributeName(name);
    values[`:c${i}`] = value;
    return `#c${i} :c${i}`;
  });
  return { UpdateExpression: `ADD ${clauses.join(', ')}`, ExpressionAttributeNames: names, ExpressionAttributeValues: values };
};
