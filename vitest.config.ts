import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// This machine runs Node 20 while Lambda runs 22; the SDK's reminder about that is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** Four tiers: pure unit tests, connected tests on DynamoDB Local, CDK template tests, Chromium. */
export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the CPUs: a single worker on a 2-core machine. Most
    // of a test's time is spent waiting on DynamoDB Local or Chromium (processes of their own), so
    // two workers overlap those waits: the whole suite, browser tests included, runs two files at
    // a time (each browser file has its own twin, tables and Chromium profile).
    maxWorkers: 2,
    projects: [
      // The dashboard's own TypeScript imports shared code as $shared, as its Vite build does.
      {
        resolve: { alias: { $shared: fileURLToPath(new URL('./shared', import.meta.url)) } },
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          // Pure functions with no module state worth resetting: one module graph for all the files
          // instead of one per file (the unit tier takes 11 s instead of 33 s). A variable a test
          // stubs is put back after it, so it cannot reach the next file.
          isolate: false,
          unstubEnvs: true,
        },
      },
      {
        resolve: { alias: { $shared: fileURLToPath(new URL('./shared', import.meta.url)) } },
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          globalSetup: ['tests/support/dynamo-global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 90_000,
        },
      },
      { test: { name: 'infra', include: ['tests/infra/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 240_000 } },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/support/dynamo-global-setup.ts', 'tests/e2e/support/chromium-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
