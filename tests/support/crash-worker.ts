/**
 * A job run in a process of its own, for the crash tests and bench: the parent kills its whole
 * process group with SIGKILL mid-run. Reads the twin's tables from the environment it inherits.
 * Usage: crash-worker.ts <job> <tenantId> <now ISO> [payload JSON]
 * Prints "ready" once its modules are loaded, just before the job starts, so a kill timed from
 * that line lands inside the job's run, not in the start-up of Node.
 */
import type { Caller } from '../../shared/domain/access.js';

const [job, tenantId, nowIso, payloadJson] = process.argv.slice(2);
if (!job || !tenantId || !nowIso) throw new Error('usage: crash-worker.ts <job> <tenantId> <now> [payload]');
const now = new Date(nowIso);
const payload = JSON.parse(payloadJson ?? '{}') as { caller?: Caller; patientId?: string; input?: unknown; importId?: string; campaignId?: string; members?: { patientId: string; clinicId: string; householdKey: string }[] };

/** The import runs chunk after chunk in this process, as the runner's Lambda would on the bus's events. */
const runImport = async (): Promise<void> => {
  const { registerLocalBus } = await import('../../functions/adapters/event-bus.js');
  const { runImportChunk } = await import('../../functions/services/import-run-service.js');
  const { startImportRun } = await import('../../functions/services/import-service.js');
  const queue: Record<string, unknown>[] = [];
  registerLocalBus({ put: async (event) => { queue.push(event.detail); return `crash-${queue.length}`; } });
  if (!payload.caller || !payload.importId) throw new Error('import: caller and importId needed');
  await startImportRun(payload.caller, payload.importId);
  for (let detail = queue.shift(); detail; detail = queue.shift()) await runImportChunk(detail as Parameters<typeof runImportChunk>[0]);
};

const runners: Record<string, () => Promise<unknown>> = {
  reactivation: async () => (await import('../../functions/jobs/reactivation.js')).runReactivation(tenantId, now),
  recall: async () => (await import('../../functions/jobs/recall.js')).runRecall(tenantId, now),
  'appointment-reminders': async () => (await import('../../functions/jobs/appointment-reminders.js')).runAppointmentReminders(tenantId, now, { concurrency: 1 }),
  checkout: async () => {
    if (!payload.caller || !payload.patientId || !payload.input) throw new Error('checkout: caller, patientId and input needed');
    const { checkoutSchema } = await import('../../shared/schemas/visit.js');
    return (await import('../../functions/services/visit-service.js')).checkout(payload.caller, payload.patientId, checkoutSchema.parse(payload.input), now);
  },
  import: runImport,
  // The campaign's audience is the list the test made (the segments slice resolves it in production).
  campaign: async () => {
    if (!payload.campaignId || !payload.members) throw new Error('campaign: campaignId and members needed');
    const members = payload.members;
    return (await import('../../functions/services/campaign-runner.js')).runCampaign(tenantId, payload.campaignId, now, { audience: async () => members, exclude: async () => undefined, sleep: async () => undefined });
  },
};
const run = runners[job];
if (!run) throw new Error(`no such job: ${job}`);
// Load every module first, so "ready" means the job itself is about to start.
await Promise.all([
  import('../../functions/jobs/reactivation.js'), import('../../functions/jobs/recall.js'), import('../../functions/jobs/appointment-reminders.js'),
  import('../../functions/services/visit-service.js'), import('../../functions/services/import-service.js'), import('../../functions/services/import-run-service.js'),
  import('../../functions/services/campaign-runner.js'),
]);
process.stdout.write('ready\n');
await run();
