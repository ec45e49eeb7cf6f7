import { defineEntity } from './define-entity.js';
import { patientPartition } from './partitions.js';

/** Medical history and allergies: kept only while health-data consent holds (PIPL). */
export const medicalEntity = defineEntity({ type: 'medical', pk: patientPartition, sk: 'MEDICAL' });
