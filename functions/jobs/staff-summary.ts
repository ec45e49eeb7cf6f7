/** Placeholder while the job is being written (replaced before this lands). */
import { createJobHandler } from './lib/job-runner.js';

export const handler = createJobHandler('staff-summary', async () => ({}));
