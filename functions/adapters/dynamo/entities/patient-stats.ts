import { defineEntity } from './define-entity.js';
import { tenantPartition } from './partitions.js';

/** Patient counts per clinic (by channel), kept by the patient-counts job. */
export const patientStatsEntity = defineEntity({ type: 'patient-stats', pk: tenantPartition, sk: 'STATS#PATIENTS#{clinicId}' });
