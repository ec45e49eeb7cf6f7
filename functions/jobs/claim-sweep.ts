/**
 * Every 5 minutes (and when the local twin starts): sends claimed by a process that died are
 * resolved (services/claim-recovery.ts), and imports whose heartbeat stopped are continued.
 * Reads only the retry index, where a claim waits from claimedAt + staleClaimMinutes.
 */
import { sweepClaims, type SweepOptions } from '../services/claim-recovery.js';
import { resumeStalledImports } from '../services/import-run-service.js';
import { listTenantIds } from '../adapters/dynamo/org-repository.js';
import { createJobHandler } from './lib/job-runner.js';

export const runClaimSweep = async (tenantId: string, options: SweepOptions & { importQuietMs?: number }): Promise<Record<string, number>> => {
  const claims = await sweepClaims(tenantId, options);
  const importsContinued = await resumeStalledImports(tenantId, options.now, options.importQuietMs);
  return { ...claims, importsContinued };
};

/**
 * After a restart of the local twin: every claim made before it started belongs to a process
 * that is gone (one twin per database), so none needs to wait out staleClaimMinutes.
 */
export const sweepAfterRestart = async (startedAt: Date): Promise<void> => {
  for (const tenantId of await listTenantIds()) await runClaimSweep(tenantId, { now: startedAt, deadBefore: startedAt, importQuietMs: 0 });
};

export const handler = createJobHandler('claim-sweep', (tenantId, now) => runClaimSweep(tenantId, { now }));
