/**
 * A job run in a process of its own, for the crash tests and bench: the parent kills its whole
 * process group with SIGKILL mid-run. Reads the twin's tables from the environment it inherits.
 * Usage: crash-worker.ts <reactivation|recall|appointment-reminders> <tenantId> <now ISO>
 */
export {};
const [job, tenantId, nowIso] = process.argv.slice(2);
if (!job || !tenantId || !nowIso) throw new Error('usage: crash-worker.ts <job> <tenantId> <now>');
const now = new Date(nowIso);
const runners: Record<string, () => Promise<unknown>> = {
  reactivation: async () => (await import('../../functions/jobs/reactivation.js')).runReactivation(tenantId, now),
  recall: async () => (await import('../../functions/jobs/recall.js')).runRecall(tenantId, now),
  'appointment-reminders': async () => (await import('../../functions/jobs/appointment-reminders.js')).runAppointmentReminders(tenantId, now, 1),
};
const run = runners[job];
if (!run) throw new Error(`no such job: ${job}`);
await run();
