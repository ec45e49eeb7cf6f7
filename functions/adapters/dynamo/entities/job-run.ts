import { defineEntity } from './define-entity.js';
import { tenantPartition } from './partitions.js';

/** One run of a job (when, how it ended, its summary), newest last within the job. */
export const jobRunEntity = defineEntity({ type: 'job-run', pk: tenantPartition, sk: 'JOBRUN#{job}#{startedAt}' });
