/** The few XML text rules the spreadsheet reader and writer need; no XML library (bundle size). */

const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Entities and character references, then OOXML's `_xHHHH_` escapes (e.g. `_x000D_` for CR). */
export const decodeXmlText = (text: string): string =>
  text
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
      if (ref[0] === '#') {
        const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
        return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
      return named[ref.toLowerCase()] ?? whole;
    })
    .replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));

/** Characters XML 1.0 cannot carry at all. */
const invalidXmlChars = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export const escapeXmlText = (text: string): string =>
  text.replace(invalidXmlChars, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Attributes of a start tag's inside, namespace prefixes kept: `r="A1" t="s"` → {r: 'A1', t: 's'}. */
export const attributesOf = (inside: string): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const match of inside.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    const name = match[1];
    if (name) out[name] = decodeXmlText(match[2] ?? match[3] ?? '');
  }
  return out;
};

/** The text of every `<t>` in a string item or inline string, leaving out phonetic guides (`<rPh>`). */
export const stringItemText = (inner: string): string => {
  const withoutPhonetic = inner.replace(/<(?:\w+:)?rPh\b[\s\S]*?<\/(?:\w+:)?rPh>/g, '');
  let out = '';
  for (const match of withoutPhonetic.matchAll(/<(?:\w+:)?t(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?t>)/g)) out += decodeXmlText(match[1] ?? '');
  return out;
};
