/**
 * Runs only monthly_cost_usd_reference_chain (monthly-cost.ts) on a fresh twin whose demo chain
 * holds the 3-year demo history: `npx tsx tests/bench/monthly-cost-run.ts`.
 */
import { startTwin } from '../../functions/local/twin.js';
import { emit } from './units.js';
import { measureMonthlyCost } from './monthly-cost.js';

const twin = await startTwin({ port: 0, inMemory: true, quiet: true });
try {
  const { verifyLocalUser } = await import('../../functions/adapters/identity/local-identity.js');
  const { seedDemoHistory } = await import('../../functions/local/demo-history-writer.js');
  const owner = await verifyLocalUser('owner@demo.local', 'demo');
  if (!owner) throw new Error('cost bench: no demo owner');
  const report = await seedDemoHistory(owner.tenantId);
  await measureMonthlyCost(twin, owner, emit, { patients: report.patients });
} finally {
  await twin.stop();
}
