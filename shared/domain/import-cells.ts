/**
 * What an uploaded row may weigh once stored. Rows and samples are kept in DynamoDB items, which
 * hold at most 400 KB: a file of long text cells (pasted case notes, a whole letter in one cell)
 * must be cut to fit, not answer a 500. Pure.
 */

/** One stored row, as JSON: a chunk of rows stays under 150 KB, so one row takes at most this. */
export const maxRowBytes = 60_000;
/** The longest cell shown in the upload's sample rows. */
export const maxSampleCellLength = 60;
/** The sample rows together, as JSON. */
export const maxSampleBytes = 16_000;

const encoder = new TextEncoder();
const jsonBytes = (value: unknown) => encoder.encode(JSON.stringify(value)).length;

/** Cuts a string without leaving half of a surrogate pair at its end. */
export const cutText = (text: string, length: number): string => {
  if (text.length <= length) return text;
  const cut = text.slice(0, length);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
};

/** The row's cells, the longest halved until the row's JSON fits in `maxBytes`. */
export const fitCells = (cells: readonly string[], maxBytes = maxRowBytes): string[] => {
  const out = [...cells];
  while (jsonBytes(out) > maxBytes) {
    let longest = 0;
    for (let i = 1; i < out.length; i++) if ((out[i] ?? '').length > (out[longest] ?? '').length) longest = i;
    const cell = out[longest] ?? '';
    if (cell.length === 0) break;
    out[longest] = cutText(cell, Math.floor(cell.length / 2));
  }
  return out;
};

/** The first rows with short cells (shorter the wider the sheet), as many as fit in `maxSampleBytes`. */
export const sampleOf = (rows: readonly (readonly string[])[], count = 5): string[][] => {
  const first = rows.slice(0, count);
  const widest = Math.max(1, ...first.map((r) => r.length));
  // Three bytes a character (CJK in UTF-8), with room for quotes and commas.
  const cellLength = Math.max(4, Math.min(maxSampleCellLength, Math.floor(maxSampleBytes / (first.length * widest * 3)) - 2));
  const out: string[][] = [];
  let bytes = 2;
  for (const row of first) {
    const sample = row.map((c) => cutText(c, cellLength));
    bytes += jsonBytes(sample) + 1;
    if (bytes > maxSampleBytes) break;
    out.push(sample);
  }
  return out;
};
