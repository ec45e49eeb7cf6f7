import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// This machine runs Node 20 while Lambda runs 22; the SDK's reminder about that is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/**
 * Connected tests that change what a module keeps for the whole process: a mocked adapter, the
 * log level the logger read at import, a replaced campaign audience. They load their own modules.
 */
const ownModuleGraph = ['tests/integration/care-messages.test.ts', 'tests/integration/engagement.test.ts', 'tests/integration/logs.test.ts', 'tests/integration/campaigns-api.test.ts'];

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
          exclude: ownModuleGraph,
          globalSetup: ['tests/support/dynamo-global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 90_000,
          // Each file starts a twin on tables of its own (test-twin.ts), but the handlers' modules
          // are loaded once per worker, not once per file: loading them took about 3 of the 4.4 s a
          // file spent before its first test. What a module keeps (a cached setting, the table it
          // writes) is keyed by the file's table or set again by its twin (client.ts, pointAtTable).
          isolate: false,
          unstubEnvs: true,
        },
      },
      {
        resolve: { alias: { $shared: fileURLToPath(new URL('./shared', import.meta.url)) } },
        test: {
          name: 'integration-own-modules',
          include: ownModuleGraph,
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
          // One module graph per worker, as in the integration project: each file still has its own
          // twin, tables, Chromium and profile.
          isolate: false,
          // A screen waited for by polling gets the browser's patience, not expect.poll's 1 s: the
          // first sign-in of a file loads the areas' code, and under the loaded suite that alone
          // has taken over a second (the MFA test failed two fresh-clone runs that way).
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
