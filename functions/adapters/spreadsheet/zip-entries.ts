/**
 * The entries of a zip archive from its central directory, and one entry's bytes inflated a
 * slice at a time. fflate's unzipSync inflates an entry whole, trusting the size it declares;
 * a sheet must instead be read as a stream so that a small file which expands to a million rows
 * is refused after the first few megabytes, not after it has filled the Lambda's memory.
 */
import { Inflate } from 'fflate';

export type ZipEntry = { name: string; method: number; compressedSize: number; declaredSize: number; localHeaderOffset: number };

export class ZipFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipFormatError';
  }
}

const u16 = (b: Uint8Array, at: number) => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const u32 = (b: Uint8Array, at: number) => (u16(b, at) | (u16(b, at + 2) << 16)) >>> 0;

/** The end-of-central-directory record sits in the last 64 KB + 22 bytes (after a comment). */
const endOfDirectory = (bytes: Uint8Array): number => {
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 65_557); at--) {
    if (u32(bytes, at) === 0x06054b50) return at;
  }
  throw new ZipFormatError('no zip directory');
};

export const zipEntries = (bytes: Uint8Array): ZipEntry[] => {
  const end = endOfDirectory(bytes);
  const count = u16(bytes, end + 10);
  let at = u32(bytes, end + 16);
  const entries: ZipEntry[] = [];
  const names = new TextDecoder();
  for (let i = 0; i < count; i++) {
    if (u32(bytes, at) !== 0x02014b50) throw new ZipFormatError('a damaged zip directory');
    const nameLength = u16(bytes, at + 28);
    entries.push({
      name: names.decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      method: u16(bytes, at + 10),
      compressedSize: u32(bytes, at + 20),
      declaredSize: u32(bytes, at + 24),
      localHeaderOffset: u32(bytes, at + 42),
    });
    at += 46 + nameLength + u16(bytes, at + 30) + u16(bytes, at + 32);
  }
  return entries;
};

const compressedData = (bytes: Uint8Array, entry: ZipEntry): Uint8Array => {
  const at = entry.localHeaderOffset;
  if (u32(bytes, at) !== 0x04034b50) throw new ZipFormatError(`a damaged zip entry (${entry.name})`);
  const start = at + 30 + u16(bytes, at + 26) + u16(bytes, at + 28);
  if (start + entry.compressedSize > bytes.length) throw new ZipFormatError(`a truncated zip entry (${entry.name})`);
  return bytes.subarray(start, start + entry.compressedSize);
};

/**
 * Calls `onChunk` with the entry's bytes as they inflate; `onChunk` may throw to stop early.
 * Compressed input goes in 4 KB at a time, so one step never yields more than about 4 MB
 * (deflate expands at most ~1,000 times).
 */
export const inflateEntry = (bytes: Uint8Array, entry: ZipEntry, onChunk: (chunk: Uint8Array) => void): void => {
  const data = compressedData(bytes, entry);
  if (entry.method === 0) {
    for (let at = 0; at < data.length; at += 64 * 1024) onChunk(data.subarray(at, at + 64 * 1024));
    return;
  }
  if (entry.method !== 8) throw new ZipFormatError(`an entry compressed in a way Excel does not use (method ${entry.method})`);
  const inflate = new Inflate((chunk) => onChunk(chunk));
  const slice = 4 * 1024;
  try {
    for (let at = 0; at < data.length; at += slice) inflate.push(data.subarray(at, at + slice), at + slice >= data.length);
    if (data.length === 0) inflate.push(new Uint8Array(0), true);
  } catch (error) {
    if (error instanceof Error && !('code' in error)) throw error;
    throw new ZipFormatError(`a damaged zip entry (${entry.name})`);
  }
};
