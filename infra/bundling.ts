/**
 * How every Lambda is bundled. One spec feeds both CDK's NodejsFunction (which runs the local
 * esbuild binary, no Docker) and esbuild's JS API for the bundle-size benchmark, so the number
 * the benchmark reports is the size of what `cdk deploy` uploads.
 */
import type { BuildOptions } from 'esbuild';
import { LogLevel, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { repoRoot } from './paths.js';

type BundlingSpec = {
  /** Lambda runs Node 22; the local twin runs the same handlers on Node 20+. */
  readonly target: 'node22';
  readonly format: 'esm';
  readonly minify: boolean;
  /** Off: smaller cold starts; errors carry kept function names instead. */
  readonly sourceMap: false;
  readonly keepNames: boolean;
  /** Chinese templates stay readable bytes instead of \uXXXX escapes (smaller, too). */
  readonly charset: 'utf8';
  /** Prefer ESM builds of dependencies so tree shaking works. */
  readonly mainFields: readonly string[];
  /** The Node 22 runtime ships AWS SDK v3; bundling it would only add cold-start weight. */
  readonly externalModules: readonly string[];
  /** CJS dependencies bundled into ESM still call require(); give them one. */
  readonly banner: string;
};

export const bundlingSpec: BundlingSpec = {
  target: 'node22',
  format: 'esm',
  minify: true,
  sourceMap: false,
  keepNames: true,
  charset: 'utf8',
  mainFields: ['module', 'main'],
  externalModules: ['@aws-sdk/*'],
  banner: "import { createRequire as __slCreateRequire } from 'node:module'; const require = __slCreateRequire(import.meta.url);",
};

/** NodejsFunction `bundling` props. */
export const lambdaBundling = (spec: BundlingSpec = bundlingSpec): BundlingOptions => ({
  target: spec.target,
  format: OutputFormat.ESM,
  minify: spec.minify,
  sourceMap: spec.sourceMap,
  keepNames: spec.keepNames,
  // aws-cdk-lib 2.276 accepts `charset` but never passes it to esbuild (tests/infra/bundling
  // caught the size mismatch), so it goes through as a raw flag instead.
  esbuildArgs: { '--charset': spec.charset },
  mainFields: [...spec.mainFields],
  externalModules: [...spec.externalModules],
  banner: spec.banner,
  logLevel: LogLevel.WARNING,
});

/** The same build through esbuild's JS API (CDK always adds --bundle and --platform=node). */
export const esbuildOptions = (entry: string, spec: BundlingSpec = bundlingSpec): BuildOptions => ({
  entryPoints: [entry],
  bundle: true,
  platform: 'node',
  target: spec.target,
  format: spec.format,
  minify: spec.minify,
  sourcemap: spec.sourceMap,
  keepNames: spec.keepNames,
  charset: spec.charset,
  mainFields: [...spec.mainFields],
  external: [...spec.externalModules],
  banner: { js: spec.banner },
  // CDK runs esbuild from the project root; module ids inside the bundle are relative to it.
  absWorkingDir: repoRoot,
  // CDK names ESM output index.mjs.
  outfile: 'index.mjs',
  write: false,
  logLevel: 'silent',
});

/** Bytes of the JavaScript CDK would deploy for this entry. */
export const bundleForMeasurement = async (entry: string): Promise<number> => {
  const { build } = await import('esbuild');
  const result = await build(esbuildOptions(entry));
  return (result.outputFiles ?? [])
    .filter((file) => /\.(m?js)$/.test(file.path))
    .reduce((total, file) => total + file.contents.byteLength, 0);
};
