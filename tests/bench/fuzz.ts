/**
 * The fuzz suite at bench size (tests/support/fuzz): 20,000 seeded requests over every route, as
 * every role of two chains, with valid and invalid inputs.
 *   fuzz_requests             requests sent (goal ≥ 20,000)
 *   fuzz_5xx                  answers 500 or above (goal 0)
 *   fuzz_cross_tenant_leaks   answers holding an id of the other chain (goal 0)
 * Beside them, in the same line: answers outside the documented shape and refused requests that wrote.
 */
import type { Twin } from '../../functions/local/twin.js';
import { buildOpenApiDocument } from '../../shared/openapi.js';
import { conformanceTo } from '../support/openapi-conformance.js';
import { runFuzz } from '../support/fuzz/fuzz-run.js';
import { prepareFuzzWorld } from '../support/fuzz/fuzz-world.js';
import { testTwinFrom } from '../support/twin-client.js';

type Emit = (metric: string, value: number, unit: string, extra?: Record<string, unknown>) => void;

export const measureFuzz = async (twin: Twin, emit: Emit, requests = 20_000): Promise<void> => {
  const world = await prepareFuzzWorld(await testTwinFrom(twin));
  const document = buildOpenApiDocument();
  const started = performance.now();
  // A new seed each run explores new inputs; it is printed so a finding can be replayed.
  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
  const report = await runFuzz(world, document, conformanceTo(document), { seed, requests });
  const seconds = (performance.now() - started) / 1000;
  emit('fuzz_requests', report.requests, 'requests', { seed, seconds: Math.round(seconds), statuses: report.statuses, goal: 20_000 });
  emit('fuzz_5xx', report.serverErrors, 'answers', { goal: 0 });
  emit('fuzz_cross_tenant_leaks', report.crossTenantLeaks, 'answers', {
    goal: 0,
    shape_violations: report.shapeViolations,
    writes_on_rejection: report.writesOnRejection,
    foreign_ids_accepted: report.foreignIdsAccepted,
    ...(report.findings.length ? { findings: report.findings } : {}),
  });
};
