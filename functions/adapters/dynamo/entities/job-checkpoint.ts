import { defineEntity } from './define-entity.js';
import { tenantPartition } from './partitions.js';

/** Where a job run that works in batches left off, per job and run key. */
export const jobCheckpointEntity = defineEntity({ type: 'job-checkpoint', pk: tenantPartition, sk: 'JOBCHECKPOINT#{job}#{runKey}' });

/** The reactivation job's frozen plan of one local day: who to contact, in order. */
export const reactivationPlanEntity = defineEntity({ type: 'job-plan', pk: tenantPartition, sk: 'JOBCHECKPOINT#reactivation#{day}#plan' });
