/**
 * What must stay out of every Lambda's bundle (the 300 KB budget, `lambda_bundle_kb_max` in the
 * bench): pinyin-pro's phrase dictionaries (names read from the generated table instead), and the
 * whole of zod, which a named `{ z }` import pulls in with its 50 locales and JSON-schema code.
 */
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { esbuildOptions } from '../../infra/bundling.js';
import { lambdaEntries } from '../../infra/paths.js';

const forbidden = [
  { pattern: /node_modules\/pinyin-pro\//, why: 'pinyin-pro (use shared/domain/name-pinyin.ts and its generated table)' },
  { pattern: /node_modules\/zod\/v4\/locales\/(?!en\.js)[a-z]/, why: "zod's locales (import * as z from 'zod', not { z })" },
];

describe('Lambda bundles', () => {
  it('leave out the libraries and the parts of zod they must not carry', async () => {
    const found: string[] = [];
    for (const entry of lambdaEntries()) {
      const result = await build({ ...esbuildOptions(entry.entry), metafile: true });
      // The inputs that left bytes in the bundle (a file tree-shaken away is listed with 0).
      const inputs = Object.entries(result.metafile?.outputs['index.mjs']?.inputs ?? {}).filter(([, input]) => input.bytesInOutput > 0).map(([path]) => path);
      expect(inputs.length, entry.name).toBeGreaterThan(10);
      for (const rule of forbidden) if (inputs.some((input) => rule.pattern.test(input))) found.push(`${entry.kind}/${entry.name}: ${rule.why}`);
    }
    expect(found).toEqual([]);
  }, 180_000);
});
