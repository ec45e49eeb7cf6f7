/** The demo history as `npm start` runs it: with a progress bar, and a line saying what was made. */
import { createProgressBar } from './progress-bar.js';
import { seedDemoHistory, type DemoHistoryReport } from './demo-history-writer.js';

export type DemoHistoryStart = { patients?: number; progress?: boolean };

export const seedDemoHistoryOnStart = async (tenantId: string, options: DemoHistoryStart = {}): Promise<DemoHistoryReport> => {
  const bar = options.progress === false ? undefined : createProgressBar('Seeding demo history', 'patients');
  const started = performance.now();
  const report = await seedDemoHistory(tenantId, {
    ...(options.patients !== undefined ? { patients: options.patients } : {}),
    ...(bar ? { onProgress: bar.update } : {}),
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  bar?.finish(
    `Demo history: ${report.patients.toLocaleString('en-US')} patients, ${report.visits.toLocaleString('en-US')} visits, ` +
      `${report.appointments.toLocaleString('en-US')} appointments, ${report.messages.toLocaleString('en-US')} messages ` +
      `(${report.items.toLocaleString('en-US')} items) in ${seconds} s`,
  );
  return report;
};
